package bench

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"
)

// Run drives w with cfg until Duration passes, Ops are done, or ctx is
// cancelled. Cancellation is not an error: Run returns the partial Result
// with Interrupted=true. It returns an error for an invalid Config (matching
// ErrInvalidConfig) or when NewWorker fails.
//
// Closed loop (Rate 0): each worker runs Do in a loop, measuring every call
// itself; an operation belongs to the warm-up or to the measurement (and to
// a time-series interval) by the time it started. Service equals Read and
// Lag is empty: there is no intended start time to lag behind, and the
// latencies hide server stalls (coordinated omission).
//
// Open loop (Rate > 0): a Pacer fixes every operation's intended start from
// the start of the run and its index; the workers take operations in
// schedule order as they fall due, never early (see SpinWindow), so when
// they cannot keep up the backlog grows and the latencies, measured from
// the intended starts, show it. Warm-up, Duration, Ops and the time series go by intended starts;
// operations due before the end of the Duration are still started up to
// Drain after it, and those that are not are counted in Result.Backlog. See
// Result.Invalid for when a run does not measure what it was asked to.
//
// Operations in flight when the run ends complete and are recorded; an
// error Do returns because ctx was cancelled is neither counted nor
// recorded.
//
// A Workload that is a Preparer is prepared first, before its workers are
// made and the clock starts. Under Config.NoRecord the operations are
// counted but nothing is recorded.
func Run(ctx context.Context, cfg Config, w Workload) (*Result, error) {
	if w == nil {
		return nil, errors.New("bench: workload is nil")
	}
	realClock := cfg.Now == nil
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	histNames, counterNames, valueNames := w.Histograms(), w.Counters(), valueHistogramNames(w)
	if err := checkNames("histogram", histNames); err != nil {
		return nil, err
	}
	if err := checkNames("value histogram", valueNames); err != nil {
		return nil, err
	}
	if err := checkNames("counter", counterNames); err != nil {
		return nil, err
	}
	if p, ok := w.(Preparer); ok {
		if err := p.Prepare(ctx); err != nil {
			return nil, fmt.Errorf("bench: prepare: %w", err)
		}
	}
	workers := make([]Worker, cfg.Workers)
	recs := make([]*Recorder, cfg.Workers)
	for i := range workers {
		wk, err := w.NewWorker(i)
		if err != nil {
			return nil, fmt.Errorf("bench: new worker %d: %w", i, err)
		}
		if wk == nil {
			return nil, fmt.Errorf("bench: new worker %d: nil worker", i)
		}
		workers[i] = wk
		recs[i] = newRecorder(len(histNames), len(valueNames), len(counterNames), cfg.Interval)
		recs[i].noRecord = cfg.NoRecord
	}

	e := &engine{cfg: cfg, errorKind: w.ErrorKind}
	selfStart := takeSelf()
	hook := func() {}
	if ms, ok := w.(MeasureStarter); ok {
		hook = ms.StartMeasuring
	}
	e.startMeasuring = sync.OnceFunc(func() {
		selfStart = takeSelf() // read after the workers are done
		hook()
	})
	e.base = cfg.Now()
	e.start = e.base.Add(cfg.Warmup)
	e.clock = func() time.Duration { return cfg.Now().Sub(e.base) }
	if realClock {
		// time.Since reads the monotonic clock alone; time.Now reads the
		// wall clock too, which nothing here needs: half the cost.
		e.clock = func() time.Duration { return time.Since(e.base) }
	}
	if cfg.open() {
		if cfg.Schedule != nil {
			e.disp = newDispatcher(cfg.Schedule, 0, cfg)
		} else {
			p, err := NewPacer(cfg.Rate, cfg.Arrival, cfg.Seed)
			if err != nil { // unreachable: cfg is valid
				return nil, err
			}
			e.disp = newDispatcher(pacerSchedule{p}, cfg.Rate, cfg)
		}
		e.yield, e.parked = yieldProcessor, parkedReaders
		if realClock && cfg.Sleep == nil {
			// An injected clock does not move while a worker spins: it
			// sleeps the whole wait instead.
			e.spin = SpinWindow
		}
		if cfg.Duration > 0 {
			e.deadline = cfg.Warmup + cfg.Duration + cfg.Drain
		}
	}
	col := newCollector(cfg.Interval, recs)
	var prog *progress
	if cfg.Progress != nil {
		prog = &progress{w: cfg.Progress, cfg: cfg, start: e.start}
	}
	stop := make(chan struct{})
	var collecting sync.WaitGroup
	collecting.Go(func() { collect(col, prog, stop) })

	var g errgroup.Group
	for i, wk := range workers {
		g.Go(func() error {
			if e.disp != nil {
				e.openLoop(ctx, wk, recs[i])
			} else {
				e.loop(ctx, wk, recs[i], cfg.quota(i))
			}
			return nil
		})
	}
	_ = g.Wait() // workers never fail: errored operations are counted
	elapsed := max(cfg.Now().Sub(e.start), 0)
	client := takeSelf().since(selfStart)
	close(stop)
	collecting.Wait()

	res := merge(cfg, recs, extraNames{histNames, valueNames, counterNames})
	res.Interrupted = e.interrupted.Load()
	res.Client = client
	if e.disp != nil {
		elapsed = e.finishOpen(res, recs, elapsed)
	}
	res.Elapsed = elapsed
	res.Timeseries = col.finish(elapsed)
	res.judge()
	if prog != nil {
		prog.final(res)
	}
	return res, nil
}

// checkNames rejects duplicate names, which would share one Result entry.
func checkNames(what string, names []string) error {
	seen := make(map[string]bool, len(names))
	for _, n := range names {
		if seen[n] {
			return fmt.Errorf("bench: workload names %s %q twice", what, n)
		}
		seen[n] = true
	}
	return nil
}

// collect drains the workers' mailboxes every interval (at least every
// second) and shows progress four times a second (the warm-up counts down),
// until stop is closed.
func collect(c *collector, p *progress, stop <-chan struct{}) {
	drain := time.NewTicker(min(c.interval, time.Second))
	defer drain.Stop()
	var show <-chan time.Time
	if p != nil {
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		show = t.C
		p.update(c)
	}
	for {
		select {
		case <-stop:
			return
		case <-drain.C:
			c.tick()
		case <-show:
			p.update(c)
		}
	}
}

// engine is the state the workers share; none of it is written on the hot
// path except by a worker that stops because of cancellation.
type engine struct {
	cfg       Config
	errorKind func(error) string
	base      time.Time // start of the run: the open loop's schedule starts here
	start     time.Time // measurement start: start of the run + Warmup
	// clock returns the time since base: Config.Now's, or the monotonic
	// clock's for the real one.
	clock       func() time.Duration
	interrupted atomic.Bool
	// startMeasuring runs, once, when measurement starts: it takes the
	// self-measurement's first snapshot and runs the workload's
	// MeasureStarter hook.
	startMeasuring func()

	// Open loop only.
	disp     *dispatcher
	deadline time.Duration                  // since base: no operation starts after it; 0 = none
	turn     sync.Mutex                     // held by the one worker waiting for the next due operation
	spin     time.Duration                  // waitDue spins for the last spin before a due time
	yield    func()                         // waitDue's spin step
	parked   func() (bool, <-chan struct{}) // waitDue sleeps instead of spinning while true, until the channel closes
}

// loop runs one worker until its quota is done, the Duration has passed or
// ctx is cancelled.
//
// It reads the clock once per operation: an operation starts when the one
// before it ended, unless the worker paused in between (error backoff), so
// the end of one is the start of the next. What the engine does between
// the two (recording) counts towards the next operation, tens of
// nanoseconds.
func (e *engine) loop(ctx context.Context, wk Worker, rec *Recorder, quota int64) {
	clock, warmup, duration := e.clock, e.cfg.Warmup, e.cfg.Duration
	measuring := false
	var done int64
	sl := sleeper{fn: e.cfg.Sleep}
	defer sl.stop()
	bo := backoff{max: e.cfg.ErrorBackoff}
	defer func() {
		if !measuring { // stopped during the warm-up: nothing counts
			rec.reset()
		}
		rec.series.finish()
	}()
	var t0 time.Duration // since the start of the run
	fresh := true        // t0 must be read: first operation, or after a pause
	for {
		if fresh {
			t0 = clock()
		}
		since := t0 - warmup
		if !measuring && since >= 0 {
			rec.reset() // forget the warm-up
			measuring = true
			e.startMeasuring()
			t0 = clock()
			since = t0 - warmup
		}
		if measuring && ((duration > 0 && since >= duration) || (quota >= 0 && done >= quota)) {
			return
		}
		if ctx.Err() != nil {
			e.interrupted.Store(true)
			return
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
		if measuring {
			rec.observe(since, out, t1-t0, kind)
			done++
		}
		t0, fresh = t1, bo.pause(ctx, &sl, kind)
	}
}

// classify returns the error kind of an operation's err ("" for success),
// or stop=true when err is ctx's cancellation: the operation is then
// neither counted nor recorded and the run is interrupted.
func (e *engine) classify(ctx context.Context, err error) (kind string, stop bool) {
	if err == nil {
		return "", false
	}
	if ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		e.interrupted.Store(true)
		return "", true
	}
	if kind = e.errorKind(err); kind == "" {
		kind = KindUnknown
	}
	return kind, false
}
