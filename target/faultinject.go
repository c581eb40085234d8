package target

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// FaultRecord is one fault as it was done.
type FaultRecord struct {
	Fault
	// Start is when it was done, since the start of measurement.
	Start time.Duration
	// Node is the server it acted on: the master failed over, paused or
	// put to sleep; the nodes whose connections were killed.
	Node string
	// Detail says more: the connections killed, the replica promoted.
	Detail string
	// Err is why it could not be done; "" when it was.
	Err string
}

// Injector does a run's faults at their offsets into a measured window.
type Injector struct {
	t      Target
	c      redis.UniversalClient
	faults []Fault
	name   string // the run's connection name, for kill-clients

	mu     sync.Mutex
	recs   []FaultRecord
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// NewInjector returns an injector of faults into t, reached with c;
// clientName is the name the run's connections carry.
func NewInjector(t Target, c redis.UniversalClient, faults []Fault, clientName string) *Injector {
	return &Injector{t: t, c: c, faults: faults, name: clientName, cancel: func() {}}
}

// Start starts the clock of the measured window: each fault is done At
// after now. It returns at once.
func (in *Injector) Start() {
	ctx, cancel := context.WithCancel(context.Background())
	in.mu.Lock()
	in.cancel = cancel
	in.mu.Unlock()
	start := time.Now()
	for _, f := range in.faults {
		in.wg.Add(1)
		go func() {
			defer in.wg.Done()
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Until(start.Add(f.At))):
			}
			rec := FaultRecord{Fault: f, Start: time.Since(start)}
			rec.Node, rec.Detail, rec.Err = in.do(ctx, f)
			in.mu.Lock()
			in.recs = append(in.recs, rec)
			in.mu.Unlock()
		}()
	}
}

// Stop drops the faults not yet due, waits for those under way, and
// returns the faults done, in the order they started.
func (in *Injector) Stop() []FaultRecord {
	in.mu.Lock()
	cancel := in.cancel
	in.mu.Unlock()
	cancel()
	in.wg.Wait()
	in.mu.Lock()
	defer in.mu.Unlock()
	out := append([]FaultRecord(nil), in.recs...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Start < out[j-1].Start; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// do does fault f now; it returns the node it acted on, a detail, and
// the error, if any, as text.
func (in *Injector) do(ctx context.Context, f Fault) (node, detail, errText string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), f.Arg+10*time.Second)
	defer cancel()
	masters, replicas, err := in.t.faultNodes(ctx, in.c)
	if err != nil {
		return "", "", err.Error()
	}
	m := masters[0]
	switch f.Kind {
	case FaultPause:
		err = oneCommand(ctx, m, 0, "CLIENT", "PAUSE", strconv.FormatInt(f.Arg.Milliseconds(), 10))
		return m.addr, "", errString(err)
	case FaultDebugSleep:
		err = oneCommand(ctx, m, f.Arg, "DEBUG", "SLEEP", strconv.FormatFloat(f.Arg.Seconds(), 'f', 3, 64))
		return m.addr, "", errString(err)
	case FaultKillClients:
		return in.killClients(ctx, append(masters, replicas...))
	case FaultFailover:
		if in.t.failover != nil {
			return m.addr, "", errString(in.sentinelFailover(ctx))
		}
		return clusterFailover(ctx, replicas)
	}
	return "", "", "unknown fault kind " + f.Kind
}

// oneCommand sends one command to node n on a connection of its own.
func oneCommand(ctx context.Context, n faultNode, wait time.Duration, args ...any) error {
	c := n.client(wait)
	defer c.Close()
	return c.Do(ctx, args...).Err()
}

// sentinelFailover asks the sentinels, one after the other until one
// agrees, for a failover of the master.
func (in *Injector) sentinelFailover(ctx context.Context) error {
	_, base := in.t.learnt.get()
	fo, err := in.t.failoverOptions(base)
	if err != nil {
		return err
	}
	var errs []error
	for _, addr := range fo.SentinelAddrs {
		sc := redis.NewSentinelClient(sentinelOptions(fo, addr))
		err := sc.Failover(ctx, fo.MasterName).Err()
		_ = sc.Close()
		if err == nil {
			return nil
		}
		errs = append(errs, fmt.Errorf("sentinel %s: %w", addr, err))
	}
	return errors.Join(errs...)
}

// clusterFailover sends CLUSTER FAILOVER to the first replica (in address
// order): it returns its master's address, the replica promoted.
func clusterFailover(ctx context.Context, replicas []faultNode) (node, detail, errText string) {
	if len(replicas) == 0 {
		return "", "", "no replica to promote"
	}
	r := replicas[0]
	c := r.client(0)
	defer c.Close()
	info, err := c.Info(ctx, "replication").Result()
	if err != nil {
		return "", "", err.Error()
	}
	kv := parseInfo(info)
	master := kv["master_host"] + ":" + kv["master_port"]
	return master, "promoted " + r.addr, errString(c.Do(ctx, "CLUSTER", "FAILOVER").Err())
}

// killClients kills the connections named in.name on every node.
func (in *Injector) killClients(ctx context.Context, nodes []faultNode) (node, detail, errText string) {
	var hit []string
	var errs []error
	killed := 0
	for _, n := range nodes {
		c := n.client(0)
		list, err := c.ClientList(ctx).Result()
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", n.addr, err))
			_ = c.Close()
			continue
		}
		k := 0
		for _, id := range namedClients(list, in.name) {
			if err := c.Do(ctx, "CLIENT", "KILL", "ID", id).Err(); err == nil {
				k++
			}
		}
		_ = c.Close()
		if k > 0 {
			hit = append(hit, n.addr)
			killed += k
		}
	}
	return strings.Join(hit, ","), fmt.Sprintf("%d connections killed", killed), errString(errors.Join(errs...))
}

// namedClients returns the ids of the CLIENT LIST entries named name
// ("" matches none).
func namedClients(list, name string) []string {
	if name == "" {
		return nil
	}
	var ids []string
	for line := range strings.Lines(list) {
		var id string
		named := false
		for _, kv := range strings.Fields(line) {
			k, v, _ := strings.Cut(kv, "=")
			switch {
			case k == "id":
				id = v
			case k == "name" && v == name:
				named = true
			}
		}
		if named && id != "" {
			ids = append(ids, id)
		}
	}
	return ids
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
