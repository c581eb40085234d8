package target

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"
)

// SampleInterval is how often the Sampler reads INFO during a window.
const SampleInterval = time.Second

// infoForms is what the sampler asks for: sections given one by one
// (Redis 7 and later), else "all" (older servers take one argument),
// else the default sections (no commandstats).
var infoForms = [][]string{
	{"server", "clients", "memory", "stats", "cpu", "commandstats"},
	{"all"},
	{},
}

// Sampler reads INFO from every node a run uses (each master of a
// cluster) once a second during a measured window, on connections of its
// own, so the workload's connections never wait behind it. Start and Stop
// mark the window; Start never blocks, so the engine can call it from a
// worker at the window's start.
//
// Given the run's Topology (NewFollowingSampler), it samples the masters
// of each moment: at a switch it reads the new master, which opens its
// part of the window, and the old one a last time, which closes its own.
// Each node's counters are differenced only against its own (and, should
// its run_id change, only within one run of the server), and the window's
// figures are the sum of those parts, so a failover never mixes two
// servers' counters.
type Sampler struct {
	nodes    []*samplerNode // every node sampled during the window, retired ones included
	template *redis.Options // the options a node that becomes a master is dialled with, Addr aside
	topo     *Topology
	interval time.Duration
	notes    []string

	start    chan struct{}
	stop     chan struct{}
	done     chan ServerView
	started  chan struct{} // closed after the first reading, when non-nil (tests wait on it)
	startOne sync.Once
	stopOne  sync.Once
	view     ServerView
}

// NewSampler opens the sampler's connections to the servers behind c and
// starts waiting for Start. A node it cannot list or reach is left out,
// with a note in the view.
func NewSampler(ctx context.Context, c redis.UniversalClient) *Sampler {
	return NewFollowingSampler(ctx, c, nil)
}

// NewFollowingSampler is NewSampler following the masters tp names
// during the window (nil: the masters found now, throughout).
func NewFollowingSampler(ctx context.Context, c redis.UniversalClient, tp *Topology) *Sampler {
	s := &Sampler{interval: SampleInterval, topo: tp, start: make(chan struct{}), stop: make(chan struct{}), done: make(chan ServerView, 1)}
	if tp != nil && tp.fo != nil {
		// Sentinel: a connection of its own to each master by address,
		// not through the failover client's dialer, which follows the
		// master and would read the new one's counters on the old one's
		// connection.
		if rc, ok := c.(*redis.Client); ok {
			o := samplerOptions(rc.Options())
			o.Dialer = nil
			s.template = o
			if m := tp.Master(); m != "" {
				s.nodes = append(s.nodes, s.newNode(m))
				return s.launch()
			}
		}
	}
	err := eachMaster(ctx, c, func(_ context.Context, addr string, m redis.Cmdable) error {
		rc, ok := m.(*redis.Client)
		if !ok {
			s.notes = append(s.notes, fmt.Sprintf("server view: %T is not sampled", m))
			return nil
		}
		if addr == "" {
			addr = rc.Options().Addr
		}
		if s.template == nil {
			s.template = samplerOptions(rc.Options())
		}
		s.nodes = append(s.nodes, &samplerNode{addr: addr, client: redis.NewClient(samplerOptions(rc.Options()))})
		return nil
	})
	if err != nil {
		s.notes = append(s.notes, "server view: "+err.Error())
	}
	return s.launch()
}

// newNode is a node at addr dialled with the template's options.
func (s *Sampler) newNode(addr string) *samplerNode {
	o := *s.template
	o.Addr = addr
	return &samplerNode{addr: addr, client: redis.NewClient(&o)}
}

func (s *Sampler) launch() *Sampler {
	go s.run()
	return s
}

// samplerOptions are o with a pool of one connection and no push
// notifications: the sampler sends one command at a time.
func samplerOptions(o *redis.Options) *redis.Options {
	x := *o
	x.PoolSize = 1
	x.MinIdleConns, x.MaxIdleConns, x.MaxActiveConns = 0, 0, 0
	x.PushNotificationProcessor = nil
	x.MaintNotificationsConfig = &maintnotifications.Config{Mode: maintnotifications.ModeDisabled}
	return &x
}

// Start marks the measured window's start. It returns at once; the first
// reading follows within the time of one INFO round trip.
func (s *Sampler) Start() { s.startOne.Do(func() { close(s.start) }) }

// Stop marks the window's end, takes the last reading, closes the
// sampler's connections and returns the view. It may be called once the
// workload ended, with or without Start.
func (s *Sampler) Stop() ServerView {
	s.stopOne.Do(func() {
		close(s.stop)
		s.view = <-s.done
		for _, n := range s.nodes {
			if !n.retired {
				_ = n.client.Close()
			}
		}
	})
	return s.view
}

// run waits for Start, reads every interval until Stop, follows the
// topology's switches in between, and hands the view over.
func (s *Sampler) run() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	select {
	case <-s.start:
	case <-s.stop:
		select {
		case <-s.start: // both: started, and stopped at once
		default:
			s.done <- ServerView{Notes: s.notes}
			return
		}
	}
	var changed <-chan struct{}
	if s.topo != nil {
		changed = s.topo.Changed()
	}
	complete := true // every node's reading at the window's start and end answered
	for _, n := range s.nodes {
		complete = n.open(ctx, s.timeout()) && complete
	}
	t0 := time.Now()
	if s.started != nil {
		close(s.started)
	}
	var points []ServerPoint
	var lastIv *interval // the last point's, while a sliver may still stretch it
	from := t0
	tick := time.NewTicker(s.timeout())
	defer tick.Stop()
	for {
		var last bool
		select {
		case <-tick.C:
		case <-changed:
			changed = s.topo.Changed()
			s.follow(ctx)
			continue
		case <-s.stop:
			last = true
		}
		s.follow(ctx) // also on every tick: a change may come without a signal (a master gone)
		ok := s.readActive(ctx)
		at := time.Now()
		if last && !ok {
			complete = false
			for _, n := range s.nodes {
				if !n.retired && n.failed {
					s.notes = append(s.notes, fmt.Sprintf("server view: INFO of %s failed at the window's end: no totals", n.addr))
				}
			}
		}
		if ok && (last || at.Sub(from) >= minInterval) { // else the next point spans this interval too
			iv := s.collect(from, at)
			if last && lastIv != nil && at.Sub(from) < max(s.interval/10, minInterval) {
				// A sliver after the last tick: the last point stretches
				// over it instead of giving rates over a millisecond (or a
				// time that rounds to the last point's).
				iv = lastIv.merge(iv)
				points = points[:len(points)-1]
			}
			if p, ok := iv.point(t0); ok {
				points = append(points, p)
				lastIv = &iv
			}
			from = at
		}
		if last {
			break
		}
	}
	view := ServerView{Notes: s.notes, Points: points}
	if complete {
		view.Window = s.window()
	}
	for _, n := range s.nodes {
		if !n.retired {
			n.close(ctx, s.timeout())
		}
	}
	view.Latency, view.LatencyNote = s.latencyWindow()
	view.Slowlog = s.slowlogWindow()
	view.Notes = append(view.Notes, s.readNotes()...)
	s.done <- view
}

// follow makes the nodes sampled the masters the topology names now:
// each new one opened first (the workers are moving to it), then each
// former one read a last time and closed. It does nothing without a
// topology or while it names no master.
func (s *Sampler) follow(ctx context.Context) {
	if s.topo == nil || s.template == nil {
		return
	}
	want := s.topo.Masters()
	if len(want) == 0 {
		return
	}
	active := map[string]bool{}
	for _, n := range s.nodes {
		if !n.retired {
			active[n.addr] = true
		}
	}
	for _, a := range want {
		if !active[a] {
			n := s.newNode(a)
			n.open(ctx, s.timeout())
			s.nodes = append(s.nodes, n)
		}
	}
	for _, n := range s.nodes {
		if !n.retired && !containsString(want, n.addr) {
			n.retire(ctx, s.timeout())
		}
	}
}

func containsString(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// readActive reads every node not retired; false when one failed.
func (s *Sampler) readActive(ctx context.Context) bool {
	ok := true
	for _, n := range s.nodes {
		if !n.retired {
			ok = n.read(ctx, s.timeout()) && ok
		}
	}
	return ok
}

// collect takes what every node counted since the last point: the
// interval from to at.
func (s *Sampler) collect(from, at time.Time) interval {
	iv := interval{dt: at.Sub(from), cpu: map[*samplerNode]float64{}}
	for _, n := range s.nodes {
		d := n.take()
		iv.d = addInfo(iv.d, d)
		if d.hasCPU {
			iv.cpu[n] += d.cpuSec
		}
		if !n.retired {
			iv.memory += n.last.usedMemory
			iv.clients += n.last.clients
		}
	}
	iv.end = at
	return iv
}

// isReplyError says whether err is the server's error reply (the command
// was refused) rather than a failure to reach it.
func isReplyError(err error) bool {
	var re redis.Error
	return errors.As(err, &re)
}

// interval is what the nodes counted between two points.
type interval struct {
	end             time.Time
	dt              time.Duration
	d               nodeInfo                 // the counters' increase, summed over the nodes
	cpu             map[*samplerNode]float64 // CPU seconds, by node
	memory, clients int64                    // at the end, summed over the masters then
}

// merge is iv followed by next, as one interval.
func (iv interval) merge(next interval) interval {
	out := next
	out.dt += iv.dt
	out.d = addInfo(iv.d, next.d)
	out.cpu = map[*samplerNode]float64{}
	for n, c := range iv.cpu {
		out.cpu[n] += c
	}
	for n, c := range next.cpu {
		out.cpu[n] += c
	}
	return out
}

// point is iv as rates, its time since t0; false for an empty interval.
func (iv interval) point(t0 time.Time) (ServerPoint, bool) {
	dt := iv.dt.Seconds()
	if dt <= 0 {
		return ServerPoint{}, false
	}
	p := ServerPoint{TS: round3(iv.end.Sub(t0).Seconds()), UsedMemory: iv.memory, ConnectedClients: iv.clients}
	rate := func(d int64) float64 { return math.Round(10*float64(d)/dt) / 10 }
	for _, c := range iv.cpu {
		p.CPUPct = max(p.CPUPct, math.Round(1000*c/dt)/10)
	}
	p.EvictedKeys, p.ExpiredKeys, p.KeyspaceHits, p.KeyspaceMisses = rate(iv.d.evicted), rate(iv.d.expired), rate(iv.d.hits), rate(iv.d.misses)
	p.Ops, p.NetInBytes, p.NetOutBytes = rate(iv.d.commands), rate(iv.d.netIn), rate(iv.d.netOut)
	return p, true
}

// window is what the servers counted over the window: each node's parts,
// summed; nil without a node.
func (s *Sampler) window() *ServerWindow {
	if len(s.nodes) == 0 {
		return nil
	}
	w := &ServerWindow{Nodes: len(s.nodes), CommandStats: true, CPU: true}
	for _, n := range s.nodes {
		t := n.total()
		w.Commands += t.commands
		w.KeyspaceHits += t.hits
		w.KeyspaceMisses += t.misses
		w.EvictedKeys += t.evicted
		w.ExpiredKeys += t.expired
		w.CommandStats = w.CommandStats && t.hasCommandStats
		w.CPU = w.CPU && t.hasCPU
		w.GetCalls += t.calls["get"]
		w.SetCalls += t.calls["set"]
		w.DelCalls += t.calls["del"]
		w.ScriptCalls += t.calls["eval"] + t.calls["evalsha"]
	}
	if !w.CommandStats {
		w.GetCalls, w.SetCalls, w.DelCalls, w.ScriptCalls = 0, 0, 0, 0
	}
	return w
}

// readNotes says what the nodes' readings lacked.
func (s *Sampler) readNotes() []string {
	var notes []string
	for _, n := range s.nodes {
		notes = append(notes, n.notes...)
		if n.hasBase && !n.last.hasCommandStats {
			notes = append(notes, fmt.Sprintf("server view: %s gives no INFO commandstats: the server's GET count is unknown", n.addr))
		}
	}
	return notes
}

// timeout is how long one reading may take: the interval, and at least
// a second (tests sample every few milliseconds).
func (s *Sampler) timeout() time.Duration { return max(s.interval, time.Second) }

// minInterval is the shortest interval a point covers: twice the
// millisecond its time is rounded to, so that times never repeat.
const minInterval = 2 * time.Millisecond

func round3(x float64) float64 { return math.Round(1000*x) / 1000 }
