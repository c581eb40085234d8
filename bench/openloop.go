package bench

import (
	"context"
	"errors"
	"runtime"
	"time"

	"github.com/cacheaside/bench/internal/pollwait"
)

// SpinWindow is how long before an operation is due its worker stops
// sleeping and spins on the monotonic clock, yielding the processor
// (runtime.Gosched) between reads, until the operation is due; it then
// starts it, never early. Go's timers cannot be trusted below a
// millisecond: an idle process waits for them in epoll with a millisecond
// timeout (runtime/netpoll_epoll.go), so a timer wakes up to about 1ms
// late. A worker therefore sleeps on its timer until SpinWindow before the
// due time and covers the rest by spinning, which keeps the start within a
// few microseconds of the schedule. Spinning costs CPU: at most SpinWindow per
// operation, and only one worker spins at a time (engine.turn);
// docs/generator.md has the measurements.
const SpinWindow = 1500 * time.Microsecond

// openLoop runs one worker of the open loop: it takes its turn, takes the
// next operation from the dispatcher, waits until it is due (waitDue),
// hands the turn on, runs the operation and measures it, until the
// schedule ends, the drain deadline passes or ctx is cancelled.
//
// One worker at a time holds the turn, so one waits for the next due
// operation while the others run theirs or wait for the turn: the spinning
// of waitDue is never multiplied by the number of workers, and an
// operation goes to whichever worker is free first.
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
		e.turn.Lock()
		at, measured, ok := e.disp.next()
		if !ok {
			e.turn.Unlock()
			return
		}
		since := at - warmup // intended start since the start of measurement
		if measured {
			// Hand finished intervals over before waiting, so the time
			// series does not wait for a worker that sleeps.
			rec.series.reach(since)
		}
		t0, stop := e.waitDue(ctx, &sl, at, measured) // actual start, since the start of the run
		e.turn.Unlock()
		if stop {
			return
		}
		if measured && !measuring {
			rec.reset() // forget the warm-up
			measuring = true
			e.startMeasuring()
			t0 = clock()
		}
		out, err := wk.Do(ctx, rec)
		t1 := clock()
		if errors.Is(err, ErrDone) {
			return
		}
		kind, stop := e.classify(ctx, err)
		if stop {
			return
		}
		if measured {
			lag := t0 - at
			service := t1 - t0
			rec.observeOpen(since, out, service+lag, service, lag, kind, t0-warmup)
		}
		bo.pause(ctx, &sl, kind)
	}
}

// waitDue waits until at (since the start of the run): it sleeps until
// e.spin before it, then spins, calling e.yield between clock reads. It
// returns the clock read that found the operation due, or stop=true when
// the drain deadline passed first (the operation is given up) or ctx was
// cancelled.
func (e *engine) waitDue(ctx context.Context, sl *sleeper, at time.Duration, measured bool) (t time.Duration, stop bool) {
	for {
		t = e.clock()
		if e.deadline > 0 && t >= e.deadline {
			e.disp.giveUp(measured)
			return t, true
		}
		if ctx.Err() != nil {
			e.interrupted.Store(true)
			return t, true
		}
		wait := at - t
		switch {
		case wait <= 0:
			return t, false
		case wait > e.spin:
			sl.sleep(ctx, wait-e.spin, nil)
		default:
			if parked, back := e.parked(); parked {
				// A reader waits in the network poller, which a
				// spinning runtime does not consult (internal/pollwait):
				// sleep, so that it runs, until the operation is due or
				// the reader is back, whichever comes first; the timer
				// may make this start late.
				sl.sleep(ctx, wait, back)
				continue
			}
			e.yield()
		}
	}
}

// parkedReaders is the real parked test of waitDue: whether a reader waits
// in the poller (or a watched socket's reader has data there), and a
// channel closed when one is back.
func parkedReaders() (bool, <-chan struct{}) {
	back := pollwait.Back()
	return pollwait.Waiting() > 0 || pollwait.Pending(), back
}

// yieldProcessor is the real spin step of waitDue.
func yieldProcessor() { runtime.Gosched() }

// sleeper is one worker's way to wait: Config.Sleep when set, else its own
// reusable timer (no allocation per wait).
type sleeper struct {
	fn func(ctx context.Context, d time.Duration)
	t  *time.Timer
}

// sleep waits for d, until ctx is done or until wake is closed (nil: never;
// Config.Sleep ignores it).
func (s *sleeper) sleep(ctx context.Context, d time.Duration, wake <-chan struct{}) {
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
	case <-wake:
		s.t.Stop()
	}
}

func (s *sleeper) stop() {
	if s.t != nil {
		s.t.Stop()
	}
}
