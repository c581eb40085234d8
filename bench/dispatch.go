package bench

import (
	"sync"
	"time"
)

// maxCounted bounds how many unissued operations dispatcher.close counts
// one by one; beyond it the rest are estimated from the rate.
const maxCounted = 1 << 20

// dispatcher hands the pacer's operations to the open loop's workers in
// schedule order, one at a time: a worker takes the next operation, waits
// until it is due and starts it; whichever worker is free takes the next.
// It ends the schedule at the end of the Duration (by intended start) or
// when the Ops quota of measured operations is handed out, and counts what
// was never started when the workers give up at the drain deadline.
type dispatcher struct {
	mu     sync.Mutex
	sched  Schedule
	rate   float64       // the pacer's rate; 0 for a caller's Schedule
	warmup time.Duration // intended starts before it belong to the warm-up
	end    time.Duration // schedule end (Warmup + Duration); 0 = none
	quota  int64         // measured operations to hand out; -1 = unlimited

	closed    bool
	issued    int64         // measured operations handed out
	lastAt    time.Duration // intended start of the last one handed out
	nextAt    time.Duration // intended start of the first one not handed out, once closed
	abandoned int64         // measured operations handed out but never started
	unissued  int64         // measured operations due before end never handed out
}

func newDispatcher(s Schedule, rate float64, cfg Config) *dispatcher {
	d := &dispatcher{sched: s, rate: rate, warmup: cfg.Warmup, quota: -1}
	if cfg.Duration > 0 {
		d.end = cfg.Warmup + cfg.Duration
	}
	if cfg.Ops > 0 {
		d.quota = cfg.Ops
	}
	return d
}

// next returns the intended start of the next operation (an offset from the
// start of the run) and whether it is measured; ok is false once the
// schedule has ended.
func (d *dispatcher) next() (at time.Duration, measured, ok bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return 0, false, false
	}
	at, ok = d.sched.Next()
	if !ok { // the caller's schedule ended
		d.closed, d.nextAt = true, d.lastAt
		return 0, false, false
	}
	at = max(at, d.lastAt)
	if d.end > 0 && at >= d.end {
		d.closed, d.nextAt = true, at
		return 0, false, false
	}
	if at < d.warmup {
		return at, false, true
	}
	if d.quota >= 0 && d.issued >= d.quota {
		d.closed, d.nextAt = true, at
		return 0, false, false
	}
	d.issued++
	d.lastAt = at
	return at, true, true
}

// giveUp is called by a worker that took an operation but will not start
// it because the drain deadline has passed (measured says whether the
// operation was). It ends the schedule, counting the measured operations
// that fell due before the end and were never handed out.
func (d *dispatcher) giveUp(measured bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if measured {
		d.abandoned++
	}
	if d.closed {
		return
	}
	d.closed = true
	if d.end == 0 { // no Duration, no deadline: nothing fell due unstarted
		return
	}
	for {
		at, ok := d.sched.Next()
		if !ok {
			d.nextAt = d.end
			return
		}
		if at >= d.end || (d.quota >= 0 && d.issued+d.unissued >= d.quota) {
			d.nextAt = at
			return
		}
		if at < d.warmup {
			continue
		}
		if d.unissued >= maxCounted {
			// Estimate the rest from the rate rather than count them.
			rate := d.rate
			if rate == 0 && at > 0 { // a caller's schedule: its pace so far
				rate = float64(d.issued+d.unissued) / at.Seconds()
			}
			rest := int64((d.end - at).Seconds() * rate)
			if d.quota >= 0 {
				rest = min(rest, d.quota-d.issued-d.unissued)
			}
			d.unissued += max(rest, 0)
			d.nextAt = d.end
			return
		}
		d.unissued++
	}
}

// schedule is what the dispatcher knows at the end of the run.
type schedule struct {
	issued  int64         // measured operations handed out
	backlog int64         // measured operations due but never started
	lastAt  time.Duration // intended start of the last measured operation handed out
	nextAt  time.Duration // intended start of the first operation after the schedule, 0 if it did not end
	ended   bool          // the schedule ended (by end, quota or give-up)
}

func (d *dispatcher) schedule() schedule {
	d.mu.Lock()
	defer d.mu.Unlock()
	return schedule{
		issued:  d.issued,
		backlog: d.abandoned + d.unissued,
		lastAt:  d.lastAt,
		nextAt:  d.nextAt,
		ended:   d.closed,
	}
}
