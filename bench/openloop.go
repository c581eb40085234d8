package bench

import (
	"context"
	"time"
)

// MinSleep is the shortest wait the open loop sleeps for: an operation due
// sooner is started at once, up to MinSleep early. Go's timers cannot sleep
// much less than a millisecond on many systems (a 10µs or 100µs sleep takes
// about 1ms; golang/go#53824), so sleeping for every short gap would cap
// the rate near 1000 ops/s per worker and make every start late. A longer
// wait is slept in full (the timer is typically 0.1–0.2ms late, which shows
// in Lag).
//
// An operation started early counts from its actual start: its read
// latency equals its service time and its lag is 0, never negative.
const MinSleep = time.Millisecond

// openLoop runs one worker of the open loop: it takes the next operation
// from the dispatcher, waits until it is due (see MinSleep), runs it and
// measures it, until the schedule ends, the drain deadline passes or ctx
// is cancelled.
//
// Per measured operation: read (and hit/miss/write) latency from the
// intended start to the end (coordinated-omission correct), service from
// the actual start to the end, lag = actual start − intended start. An
// operation belongs to the warm-up or the measurement, and to a time-series
// interval, by its intended start.
func (e *engine) openLoop(ctx context.Context, wk Worker, rec *Recorder) {
	clock, warmup := e.clock, e.cfg.Warmup
	sl := sleeper{fn: e.cfg.Sleep}
	defer sl.stop()
	bo := backoff{max: e.cfg.ErrorBackoff}
	measuring := false
	defer func() {
		if !measuring { // stopped during the warm-up: nothing counts
			rec.reset()
		}
		rec.series.finish()
	}()
	for {
		at, measured, ok := e.disp.next()
		if !ok {
			return
		}
		since := at - warmup // intended start since the start of measurement
		if measured {
			// Hand finished intervals over before sleeping, so the time
			// series does not wait for a worker that sleeps.
			rec.series.reach(since)
		}
		var t0 time.Duration // actual start, since the start of the run
		for {
			t0 = clock()
			if e.deadline > 0 && t0 >= e.deadline {
				e.disp.giveUp(measured)
				return
			}
			if ctx.Err() != nil {
				e.interrupted.Store(true)
				return
			}
			wait := at - t0
			if wait <= MinSleep {
				break
			}
			sl.sleep(ctx, wait)
		}
		if measured && !measuring {
			rec.reset() // forget the warm-up
			measuring = true
			e.startMeasuring()
			t0 = clock()
		}
		out, err := wk.Do(ctx, rec)
		t1 := clock()
		kind, stop := e.classify(ctx, err)
		if stop {
			return
		}
		if measured {
			lag := max(t0-at, 0)
			service := t1 - t0
			rec.observeOpen(since, out, service+lag, service, lag, kind, t0-warmup)
		}
		bo.pause(ctx, &sl, kind)
	}
}

// sleeper is one worker's way to wait: Config.Sleep when set, else its own
// reusable timer (no allocation per wait).
type sleeper struct {
	fn func(ctx context.Context, d time.Duration)
	t  *time.Timer
}

// sleep waits for d or until ctx is done.
func (s *sleeper) sleep(ctx context.Context, d time.Duration) {
	if s.fn != nil {
		s.fn(ctx, d)
		return
	}
	if s.t == nil {
		s.t = time.NewTimer(d)
	} else {
		s.t.Reset(d)
	}
	select {
	case <-s.t.C:
	case <-ctx.Done():
		s.t.Stop()
	}
}

func (s *sleeper) stop() {
	if s.t != nil {
		s.t.Stop()
	}
}
