package target

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// Topology follows where a Sentinel target's master is during a run: it
// subscribes to the sentinels' +switch-master and, in case a message is
// lost with its connection, asks them for the master every second. Each
// change bumps an epoch that the workers' own connections look at before
// every command (WorkerConn.Moved), and is kept as an event. For other
// targets it follows nothing: a cluster's workers use go-redis's cluster
// client, which follows MOVED redirections and reloads its slot map
// itself, and a standalone server has no master to change to.
type Topology struct {
	epoch   atomic.Uint64
	master  atomic.Pointer[string]
	masters atomic.Pointer[[]string] // a cluster's masters with slots, sorted

	mu      sync.Mutex
	events  []TopologyEvent
	changed chan struct{} // closed at the next change (Changed)

	fo     *redis.FailoverOptions
	cancel context.CancelFunc
	done   chan struct{}
}

// TopologyEvent is one change of the master seen during a run.
type TopologyEvent struct {
	// At is when the change was seen.
	At time.Time
	// Kind is "switch-master".
	Kind string
	// From and To are the old and the new master's host:port.
	From, To string
}

// topologyPoll is how often the sentinels are asked for the master besides
// the subscription.
const topologyPoll = time.Second

// WatchTopology starts following the master of t, reached with c
// (Topology), with the settings t was connected with: through the
// sentinels for a Sentinel target, from CLUSTER NODES every second for a
// cluster; it returns nil for a standalone server. Close stops it. It
// returns once the master is known (and for Sentinel the subscription is
// in place), or after a few seconds without them.
func (t Target) WatchTopology(c redis.UniversalClient) *Topology {
	cc, cluster := c.(*redis.ClusterClient)
	cluster = cluster && t.failover == nil // with replica reads, Sentinel's client is a ClusterClient too
	if t.failover == nil && !cluster {
		return nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	tp := &Topology{done: make(chan struct{}), cancel: cancel}
	ready := make(chan struct{})
	wait := 5 * time.Second
	if cluster {
		go tp.followCluster(ctx, cc, ready)
	} else {
		_, base := t.learnt.get()
		fo, err := t.failoverOptions(base)
		if err != nil {
			cancel()
			return nil
		}
		tp.fo = fo
		wait = fo.DialTimeout + 2*time.Second
		go tp.followSentinels(ctx, fo, ready)
	}
	select {
	case <-ready:
	case <-time.After(wait):
	}
	return tp
}

// Epoch counts the changes of master seen so far.
func (tp *Topology) Epoch() uint64 { return tp.epoch.Load() }

// Master returns the master's host:port as last seen, "" when unknown.
func (tp *Topology) Master() string {
	if m := tp.master.Load(); m != nil {
		return *m
	}
	return ""
}

// Masters returns the masters as last seen: a Sentinel target's one, a
// cluster's masters of slots (sorted); nil when unknown.
func (tp *Topology) Masters() []string {
	if m := tp.masters.Load(); m != nil {
		return slices.Clone(*m)
	}
	if m := tp.Master(); m != "" {
		return []string{m}
	}
	return nil
}

// Changed returns a channel closed at the next change of the masters.
func (tp *Topology) Changed() <-chan struct{} {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	if tp.changed == nil {
		tp.changed = make(chan struct{})
	}
	return tp.changed
}

// signal closes the channel Changed gave, for a change of the masters.
func (tp *Topology) signal() {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	if tp.changed != nil {
		close(tp.changed)
		tp.changed = nil
	}
}

// Events returns the changes of master seen so far, in order.
func (tp *Topology) Events() []TopologyEvent {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	return append([]TopologyEvent(nil), tp.events...)
}

// dial connects to the master as last seen (Master), with the target's
// timeout and TLS; it fails when no master is known.
func (tp *Topology) dial(ctx context.Context, network string) (net.Conn, error) {
	addr := tp.Master()
	if addr == "" {
		return nil, errors.New("target: no sentinel named the master")
	}
	d := &net.Dialer{Timeout: tp.fo.DialTimeout, KeepAlive: 5 * time.Minute}
	if tp.fo.TLSConfig == nil {
		return d.DialContext(ctx, network, addr)
	}
	td := &tls.Dialer{NetDialer: d, Config: tp.fo.TLSConfig}
	return td.DialContext(ctx, network, addr)
}

// Close stops following and waits until it has stopped.
func (tp *Topology) Close() {
	tp.cancel()
	<-tp.done
}

// see records master addr: a change when another was known.
func (tp *Topology) see(addr string) {
	old := tp.Master()
	if addr == "" || addr == old {
		return
	}
	tp.master.Store(&addr)
	if old == "" {
		return
	}
	tp.record(old, addr)
	tp.signal()
}

// record records a change of master from old to addr.
func (tp *Topology) record(old, addr string) {
	tp.mu.Lock()
	tp.events = append(tp.events, TopologyEvent{At: time.Now(), Kind: "switch-master", From: old, To: addr})
	tp.mu.Unlock()
	tp.epoch.Add(1)
}

// followCluster asks a node of cc for CLUSTER NODES every second and
// records each node that became a master of slots (its old master, now a
// replica or failed, as From); ready is closed after the first answer.
func (tp *Topology) followCluster(ctx context.Context, cc *redis.ClusterClient, ready chan struct{}) {
	defer close(tp.done)
	var once sync.Once
	var prev clusterView
	tick := time.NewTicker(topologyPoll)
	defer tick.Stop()
	for {
		actx, cancel := context.WithTimeout(ctx, 2*time.Second)
		nodes, err := cc.ClusterNodes(actx).Result()
		cancel()
		if err == nil {
			cur := parseClusterNodes(nodes)
			for _, addr := range cur.masters {
				if prev.addr != nil && !slices.Contains(prev.masters, addr) {
					tp.record(prev.masterOf(addr), addr)
				}
			}
			if len(cur.masters) > 0 {
				tp.masters.Store(&cur.masters)
			}
			if prev.addr != nil && !slices.Equal(prev.masters, cur.masters) {
				tp.signal()
			}
			prev = cur
			once.Do(func() { close(ready) })
		}
		select {
		case <-ctx.Done():
			once.Do(func() { close(ready) })
			return
		case <-tick.C:
		}
	}
}

// clusterView is what CLUSTER NODES says: the masters serving slots, and
// each node's address and master.
type clusterView struct {
	masters  []string          // host:port of masters with slots
	addr     map[string]string // node id → host:port
	masterID map[string]string // node id → its master's id ("" for a master)
	id       map[string]string // host:port → node id
}

// masterOf returns the address of the master of the node at addr, "" if
// unknown.
func (v clusterView) masterOf(addr string) string {
	return v.addr[v.masterID[v.id[addr]]]
}

// parseClusterNodes parses CLUSTER NODES:
// <id> <ip:port@cport[,hostname]> <flags> <master id|-> <ping> <pong> <epoch> <link> [slot…]
func parseClusterNodes(s string) clusterView {
	v := clusterView{addr: map[string]string{}, masterID: map[string]string{}, id: map[string]string{}}
	for line := range strings.Lines(s) {
		f := strings.Fields(line)
		if len(f) < 8 {
			continue
		}
		addr, _, _ := strings.Cut(f[1], "@")
		v.addr[f[0]], v.id[addr] = addr, f[0]
		if f[3] != "-" {
			v.masterID[f[0]] = f[3]
		}
		flags := f[2]
		if strings.Contains(flags, "master") && !strings.Contains(flags, "fail") && len(f) > 8 {
			v.masters = append(v.masters, addr)
		}
	}
	slices.Sort(v.masters)
	return v
}

// followSentinels follows the master through one sentinel at a time,
// moving on to the next when it stops answering; ready is closed once
// the master is known and the subscription confirmed.
func (tp *Topology) followSentinels(ctx context.Context, fo *redis.FailoverOptions, ready chan struct{}) {
	defer close(tp.done)
	var once sync.Once
	signal := func() { once.Do(func() { close(ready) }) }
	defer signal()
	for i := 0; ctx.Err() == nil; i++ {
		addr := fo.SentinelAddrs[i%len(fo.SentinelAddrs)]
		sc := redis.NewSentinelClient(sentinelOptions(fo, addr))
		tp.followOne(ctx, sc, fo.MasterName, signal)
		_ = sc.Close()
		if ctx.Err() == nil && i%len(fo.SentinelAddrs) == len(fo.SentinelAddrs)-1 {
			// Every sentinel failed once: pause before the next round.
			select {
			case <-ctx.Done():
			case <-time.After(topologyPoll):
			}
		}
	}
}

// followOne follows the master through sentinel sc until it fails or ctx
// ends.
func (tp *Topology) followOne(ctx context.Context, sc *redis.SentinelClient, name string, ready func()) {
	ask := func() error {
		actx, cancel := context.WithTimeout(ctx, 2*time.Second)
		defer cancel()
		m, err := sc.GetMasterAddrByName(actx, name).Result()
		if err != nil {
			return err
		}
		if len(m) == 2 {
			tp.see(net.JoinHostPort(m[0], m[1]))
		}
		return nil
	}
	if ask() != nil {
		return
	}
	ps := sc.Subscribe(ctx, "+switch-master")
	defer ps.Close()
	if _, err := ps.Receive(ctx); err != nil { // the subscription's confirmation
		return
	}
	ready()
	if ask() != nil { // a switch between the first question and the subscription
		return
	}
	ch := ps.Channel()
	tick := time.NewTicker(topologyPoll)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case msg, ok := <-ch:
			if !ok {
				return
			}
			// "<master name> <old ip> <old port> <new ip> <new port>"
			f := strings.Fields(msg.Payload)
			if len(f) == 5 && f[0] == name {
				tp.see(net.JoinHostPort(f[3], f[4]))
			}
		case <-tick.C:
			if ask() != nil {
				return
			}
		}
	}
}

// sentinelOptions are the options of a client of the sentinel at addr.
func sentinelOptions(fo *redis.FailoverOptions, addr string) *redis.Options {
	return &redis.Options{
		Addr:            addr,
		Username:        fo.SentinelUsername,
		Password:        fo.SentinelPassword,
		TLSConfig:       fo.TLSConfig,
		DialTimeout:     fo.DialTimeout,
		ReadTimeout:     fo.ReadTimeout,
		WriteTimeout:    fo.WriteTimeout,
		DisableIdentity: true,
	}
}
