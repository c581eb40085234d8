package target

import (
	"context"
	"fmt"
	"maps"
	"time"

	"github.com/redis/go-redis/v9"
)

// samplerNode is one server the sampler reads, on a connection of its
// own, from when it joins the window (its start, or when it became a
// master) until it leaves it (the window's end, or when it stopped being
// one). Its counters are differenced only against its own readings of
// the same run of the server (run_id).
type samplerNode struct {
	addr   string
	client *redis.Client
	args   int // index into infoForms of the form it answers

	hasBase bool
	base    nodeInfo // the reading that opened its current part
	mark    nodeInfo // the reading the last point ended at (or base, after)
	last    nodeInfo // its newest reading
	done    nodeInfo // the increase over its earlier parts (before a restart)
	pending nodeInfo // counted since mark but not in a point yet (a part that ended)
	retired bool
	failed  bool // its newest reading failed
	notes   []string

	// histNote says why the node gives no latency histogram, "" while it
	// does; hist0 is its histogram at its start, lat its calls over its
	// time in the window once it left it.
	histNote  string
	hist0     map[string]cumHist
	lat       map[string][]LatencyBucket
	histEmpty bool // its histogram at its end named no command: latency-tracking off
	// slowStart is the newest slow log id at its start (-1 for none);
	// slowOK whether SLOWLOG answered then; slow its entries once it left.
	slowStart int64
	slowOK    bool
	slow      *Slowlog
}

// open takes the node's first readings (INFO, latency histogram, slow
// log); false when INFO failed.
func (n *samplerNode) open(ctx context.Context, timeout time.Duration) bool {
	info, ok := n.info(ctx, timeout)
	if ok {
		n.hasBase, n.base, n.mark, n.last = true, info, info, info
	} else {
		n.notes = append(n.notes, fmt.Sprintf("server view: INFO of %s failed at its start in the window: no totals", n.addr))
	}
	n.hist0 = n.readLatency(ctx, timeout)
	n.readSlowlogStart(ctx, timeout)
	return ok
}

// read takes a reading; false when it failed. A reading of another run
// of the server (it restarted) closes the node's part and opens another.
func (n *samplerNode) read(ctx context.Context, timeout time.Duration) bool {
	info, ok := n.info(ctx, timeout)
	n.failed = !ok
	return ok && n.readInfo(info)
}

// readInfo takes info as the node's newest reading.
func (n *samplerNode) readInfo(info nodeInfo) bool {
	switch {
	case !n.hasBase: // its first reading failed (noted): it counts from now
		n.hasBase, n.base, n.mark = true, info, info
	case info.runID != n.last.runID:
		n.notes = append(n.notes, fmt.Sprintf("server view: %s restarted during the window (run_id %s, then %s): its counts between the last reading and the restart are missing", n.addr, n.last.runID, info.runID))
		n.done = addInfo(n.done, subInfo(n.last, n.base))
		n.pending = addInfo(n.pending, subInfo(n.last, n.mark))
		n.base, n.mark = info, info
	}
	n.last = info
	return true
}

// take returns what the node counted since the last point and moves the
// mark to its newest reading.
func (n *samplerNode) take() nodeInfo {
	d := n.pending
	if !n.retired && n.hasBase {
		d = addInfo(d, subInfo(n.last, n.mark))
		n.mark = n.last
	}
	n.pending = nodeInfo{}
	return d
}

// retire reads the node a last time, closes its part of the window and
// its connection: it is no longer a master.
func (n *samplerNode) retire(ctx context.Context, timeout time.Duration) {
	if !n.read(ctx, timeout) && n.hasBase {
		n.notes = append(n.notes, fmt.Sprintf("server view: %s did not answer INFO when it stopped being a master: its counts since the reading before are missing", n.addr))
	}
	n.close(ctx, timeout)
	if n.hasBase {
		n.pending = addInfo(n.pending, subInfo(n.last, n.mark))
		n.mark = n.last
	}
	n.retired = true
	_ = n.client.Close()
}

// close takes the node's latency histogram and slow log at its end.
func (n *samplerNode) close(ctx context.Context, timeout time.Duration) {
	n.lat = n.latencyPart(n.readLatency(ctx, timeout))
	n.slow = n.readSlowlogEnd(ctx, timeout)
}

// total is the increase of the node's counters over its time in the
// window.
func (n *samplerNode) total() nodeInfo {
	if !n.hasBase {
		return nodeInfo{}
	}
	return addInfo(n.done, subInfo(n.last, n.base))
}

// info asks the node INFO in the first form it answers.
func (n *samplerNode) info(ctx context.Context, timeout time.Duration) (nodeInfo, bool) {
	rctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	for n.args < len(infoForms) {
		info, err := n.client.Info(rctx, infoForms[n.args]...).Result()
		if err == nil {
			return parseNodeInfo(info), true
		}
		if rctx.Err() != nil || !isReplyError(err) {
			break // a lost reading, not a refused form
		}
		n.args++
	}
	return nodeInfo{}, false
}

// subInfo is the counters' increase from a to b; the has* flags are
// both's, levels (memory, clients) b's.
func subInfo(b, a nodeInfo) nodeInfo {
	d := b
	d.cpuSec = b.cpuSec - a.cpuSec
	d.evicted, d.expired, d.hits, d.misses = b.evicted-a.evicted, b.expired-a.expired, b.hits-a.hits, b.misses-a.misses
	d.commands, d.netIn, d.netOut = b.commands-a.commands, b.netIn-a.netIn, b.netOut-a.netOut
	d.calls = map[string]int64{}
	for k, v := range b.calls {
		d.calls[k] = v - a.calls[k]
	}
	d.hasCPU, d.hasStats, d.hasCommandStats = a.hasCPU && b.hasCPU, a.hasStats && b.hasStats, a.hasCommandStats && b.hasCommandStats
	return d
}

// addInfo adds y's increases to x's; the has* flags hold where both
// have them (a zero x, nothing added yet, takes y's).
func addInfo(x, y nodeInfo) nodeInfo {
	if y.calls == nil {
		return x // nothing to add
	}
	if x.calls == nil {
		y.calls = maps.Clone(y.calls)
		return y
	}
	s := x
	s.cpuSec += y.cpuSec
	s.evicted, s.expired, s.hits, s.misses = x.evicted+y.evicted, x.expired+y.expired, x.hits+y.hits, x.misses+y.misses
	s.commands, s.netIn, s.netOut = x.commands+y.commands, x.netIn+y.netIn, x.netOut+y.netOut
	s.calls = maps.Clone(x.calls)
	for k, v := range y.calls {
		s.calls[k] += v
	}
	s.hasCPU, s.hasStats, s.hasCommandStats = x.hasCPU && y.hasCPU, x.hasStats && y.hasStats, x.hasCommandStats && y.hasCommandStats
	return s
}
