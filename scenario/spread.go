package scenario

import "time"

// maxGroup bounds the requests of one timestamp spreadGroup holds.
const maxGroup = 1 << 16

// maxSpread is the longest time the requests of one timestamp are spread
// over: traces that stamp whole seconds leave the order within a second
// unknown, not its length.
const maxSpread = time.Second

// spreadGroup spaces the requests that share a trace timestamp evenly
// from it to the next timestamp (at most maxSpread later), instead of
// making them all due at once: Twitter's and oracleGeneral's traces stamp
// whole seconds, and a replay that sends each second's requests in one
// burst would measure the burst. It reads a timestamp's requests ahead
// (up to maxGroup; a larger group is spread in parts of maxGroup, each
// over the whole interval) and one request of the next timestamp.
type spreadGroup struct {
	ops      []traceOp
	times    []time.Duration
	at       time.Duration // the group's timestamp
	gap      time.Duration // the interval its requests are spread over
	i        int           // next to hand out
	ahead    traceOp       // the first request of the next group
	aheadT   time.Duration
	hasAhead bool
	lastGap  time.Duration // the previous group's gap, for the last group
}

// next returns the next request and its spread trace time, reading
// requests with read (which returns the request, its trace time and
// whether there was one).
func (g *spreadGroup) next(read func() (traceOp, time.Duration, bool)) (traceOp, time.Duration, bool) {
	if g.i >= len(g.ops) && !g.fill(read) {
		return traceOp{}, 0, false
	}
	op := g.ops[g.i]
	t := g.at + time.Duration(int64(g.gap)*int64(g.i)/int64(len(g.ops)))
	g.ops[g.i] = traceOp{}
	g.i++
	return op, t, true
}

// fill reads the next group; false at the end of the trace.
func (g *spreadGroup) fill(read func() (traceOp, time.Duration, bool)) bool {
	g.ops, g.i = g.ops[:0], 0
	if !g.hasAhead {
		op, t, ok := read()
		if !ok {
			return false
		}
		g.ahead, g.aheadT, g.hasAhead = op, t, true
	}
	g.at = g.aheadT
	g.ops = append(g.ops, g.ahead)
	g.hasAhead = false
	for len(g.ops) < maxGroup {
		op, t, ok := read()
		if !ok {
			g.gap = g.lastGap
			if g.gap == 0 {
				g.gap = maxSpread
			}
			return true
		}
		if t != g.at {
			g.ahead, g.aheadT, g.hasAhead = op, t, true
			g.gap = min(t-g.at, maxSpread)
			g.lastGap = g.gap
			return true
		}
		g.ops = append(g.ops, op)
	}
	g.gap = max(g.lastGap, 0) // a part of a larger group: spread over the last gap seen
	if g.gap == 0 {
		g.gap = maxSpread
	}
	return true
}
