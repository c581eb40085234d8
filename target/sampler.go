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
	{"clients", "memory", "stats", "cpu", "commandstats"},
	{"all"},
	{},
}

// samplerNode is one server the sampler reads, on a connection of its own.
type samplerNode struct {
	addr   string
	client *redis.Client
	args   int // index into infoForms of the form it answers
	// histNote says why the node gives no latency histogram, "" while it does.
	histNote string
	// slowStart is the newest slow log id at the window's start (-1 for
	// none); slowOK whether SLOWLOG answered then.
	slowStart int64
	slowOK    bool
}

// Sampler reads INFO from every node a run uses (each master of a
// cluster) once a second during a measured window, on connections of its
// own, so the workload's connections never wait behind it. Start and Stop
// mark the window; Start never blocks, so the engine can call it from a
// worker at the window's start.
type Sampler struct {
	nodes    []*samplerNode
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
	s := &Sampler{interval: SampleInterval, start: make(chan struct{}), stop: make(chan struct{}), done: make(chan ServerView, 1)}
	err := eachMaster(ctx, c, func(_ context.Context, addr string, m redis.Cmdable) error {
		rc, ok := m.(*redis.Client)
		if !ok {
			s.notes = append(s.notes, fmt.Sprintf("server view: %T is not sampled", m))
			return nil
		}
		if addr == "" {
			addr = rc.Options().Addr
		}
		s.nodes = append(s.nodes, &samplerNode{addr: addr, client: redis.NewClient(samplerOptions(rc.Options()))})
		return nil
	})
	if err != nil {
		s.notes = append(s.notes, "server view: "+err.Error())
	}
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
			_ = n.client.Close()
		}
	})
	return s.view
}

// run waits for Start, reads every interval until Stop, and hands the view
// over.
func (s *Sampler) run() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	view := ServerView{Notes: s.notes}
	select {
	case <-s.start:
	case <-s.stop:
		select {
		case <-s.start: // both: started, and stopped at once
		default:
			s.done <- view
			return
		}
	}
	base := s.read(ctx)
	hist0 := s.readLatency(ctx)
	s.readSlowlogStart(ctx)
	if s.started != nil {
		close(s.started)
	}
	prev, lastFrom := base, base
	tick := time.NewTicker(s.interval)
	defer tick.Stop()
	for {
		var last bool
		select {
		case <-tick.C:
		case <-s.stop:
			last = true
		}
		cur := s.read(ctx)
		if !last && cur.at.Sub(prev.at) < minInterval {
			continue // a tick queued during a slow reading: the next point spans both
		}
		from, n := prev, len(view.Points)
		if last && n > 0 && cur.at.Sub(prev.at) < max(s.interval/10, minInterval) {
			// A sliver after the last tick: the last point stretches
			// over it instead of giving rates over a millisecond (or a
			// time that rounds to the last point's).
			from, n = lastFrom, n-1
		}
		if p, ok := point(base, from, cur); ok {
			view.Points = append(view.Points[:n], p)
			lastFrom = from
		}
		prev = cur
		if last {
			break
		}
	}
	view.Window = window(base, prev)
	view.Latency, view.LatencyNote = s.latencyWindow(hist0, s.readLatency(ctx))
	view.Slowlog = s.readSlowlogEnd(ctx)
	view.Notes = append(view.Notes, s.readNotes(base, prev)...)
	s.done <- view
}

// read asks every node INFO, in the first form it answers.
func (s *Sampler) read(ctx context.Context) snapshot {
	snap := snapshot{nodes: make([]nodeInfo, len(s.nodes)), ok: make([]bool, len(s.nodes))}
	for i, n := range s.nodes {
		rctx, cancel := context.WithTimeout(ctx, s.interval)
		for n.args < len(infoForms) {
			info, err := n.client.Info(rctx, infoForms[n.args]...).Result()
			if err == nil {
				snap.nodes[i], snap.ok[i] = parseNodeInfo(info), true
				break
			}
			if rctx.Err() != nil || !isReplyError(err) {
				break // a lost reading, not a refused form
			}
			n.args++
		}
		cancel()
	}
	snap.at = time.Now()
	return snap
}

// isReplyError says whether err is the server's error reply (the command
// was refused) rather than a failure to reach it.
func isReplyError(err error) bool {
	var re redis.Error
	return errors.As(err, &re)
}

// point is the interval from prev to cur, its time since base; false when
// a node's reading is missing at either end.
func point(base, prev, cur snapshot) (ServerPoint, bool) {
	dt := cur.at.Sub(prev.at).Seconds()
	if dt <= 0 {
		return ServerPoint{}, false
	}
	p := ServerPoint{TS: round3(cur.at.Sub(base.at).Seconds())}
	rate := func(d int64) float64 { return math.Round(10*float64(d)/dt) / 10 }
	var ev, ex, hi, mi, ops, in, out int64
	for i := range cur.nodes {
		if !prev.ok[i] || !cur.ok[i] {
			return ServerPoint{}, false
		}
		a, b := prev.nodes[i], cur.nodes[i]
		if b.hasCPU {
			p.CPUPct = max(p.CPUPct, math.Round(1000*(b.cpuSec-a.cpuSec)/dt)/10)
		}
		p.UsedMemory += b.usedMemory
		p.ConnectedClients += b.clients
		ev += b.evicted - a.evicted
		ex += b.expired - a.expired
		hi += b.hits - a.hits
		mi += b.misses - a.misses
		ops += b.commands - a.commands
		in += b.netIn - a.netIn
		out += b.netOut - a.netOut
	}
	p.EvictedKeys, p.ExpiredKeys, p.KeyspaceHits, p.KeyspaceMisses = rate(ev), rate(ex), rate(hi), rate(mi)
	p.Ops, p.NetInBytes, p.NetOutBytes = rate(ops), rate(in), rate(out)
	return p, true
}

// window is what the server counted from first to last; nil when a node's
// reading is missing at either end.
func window(first, last snapshot) *ServerWindow {
	w := &ServerWindow{Nodes: len(first.nodes), CommandStats: true, CPU: true}
	for i := range first.nodes {
		if !first.ok[i] || !last.ok[i] {
			return nil
		}
		a, b := first.nodes[i], last.nodes[i]
		w.Commands += b.commands - a.commands
		w.KeyspaceHits += b.hits - a.hits
		w.KeyspaceMisses += b.misses - a.misses
		w.EvictedKeys += b.evicted - a.evicted
		w.ExpiredKeys += b.expired - a.expired
		w.CommandStats = w.CommandStats && a.hasCommandStats && b.hasCommandStats
		w.CPU = w.CPU && a.hasCPU && b.hasCPU
		w.GetCalls += b.calls["get"] - a.calls["get"]
		w.SetCalls += b.calls["set"] - a.calls["set"]
		w.DelCalls += b.calls["del"] - a.calls["del"]
		w.ScriptCalls += b.calls["eval"] - a.calls["eval"] + b.calls["evalsha"] - a.calls["evalsha"]
	}
	if w.Nodes == 0 {
		return nil
	}
	if !w.CommandStats {
		w.GetCalls, w.SetCalls, w.DelCalls, w.ScriptCalls = 0, 0, 0, 0
	}
	return w
}

// readNotes says what the readings at the window's ends lacked.
func (s *Sampler) readNotes(first, last snapshot) []string {
	var notes []string
	for i, n := range s.nodes {
		switch {
		case !first.ok[i] || !last.ok[i]:
			notes = append(notes, fmt.Sprintf("server view: INFO of %s failed at the window's start or end: no totals", n.addr))
		case !last.nodes[i].hasCommandStats:
			notes = append(notes, fmt.Sprintf("server view: %s gives no INFO commandstats: the server's GET count is unknown", n.addr))
		}
	}
	return notes
}

// minInterval is the shortest interval a point covers: twice the
// millisecond its time is rounded to, so that times never repeat.
const minInterval = 2 * time.Millisecond

func round3(x float64) float64 { return math.Round(1000*x) / 1000 }
