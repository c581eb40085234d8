package bench

import (
	"context"
	"errors"
	"maps"
	"sync/atomic"
	"testing"
	"time"
)

// TestNoRecord: with recording off the same operations are counted, but no
// histogram, extra counter or time-series latency is kept, and workers see
// Recording() false; with it on, they see true.
func TestNoRecord(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
	}{
		{"closed loop", Config{Workers: 2, Ops: 100}},
		{"open loop", Config{Workers: 2, Ops: 100, Rate: MaxRate}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			results := map[bool]*Result{}
			for _, off := range []bool{false, true} {
				var sawOn, sawOff atomic.Int64
				// One script over all operations: in the open loop which
				// worker takes which operation depends on scheduling.
				f := &fakeWorkload{script: mixedScript, shared: true}
				rw := &recordingWatcher{fakeWorkload: f, on: &sawOn, off: &sawOff}
				cfg := tc.cfg
				cfg.NoRecord = off
				res, err := Run(context.Background(), cfg, rw)
				if err != nil {
					t.Fatal(err)
				}
				if off && (sawOn.Load() != 0 || sawOff.Load() == 0) || !off && (sawOff.Load() != 0 || sawOn.Load() == 0) {
					t.Errorf("NoRecord %v: Recording() true %d times, false %d times", off, sawOn.Load(), sawOff.Load())
				}
				results[off] = res
			}
			on, off := results[false], results[true]
			if off.Ops != on.Ops || off.Hits != on.Hits || off.Misses != on.Misses || off.Writes != on.Writes || !maps.Equal(off.Errors, on.Errors) {
				t.Errorf("counts differ: off %d/%d/%d/%d %v, on %d/%d/%d/%d %v", off.Ops, off.Hits, off.Misses, off.Writes, off.Errors,
					on.Ops, on.Hits, on.Misses, on.Writes, on.Errors)
			}
			if on.Read.TotalCount() == 0 || on.Extra["op"].TotalCount() == 0 || on.Counters["ops"] == 0 {
				t.Fatal("recording on recorded nothing")
			}
			if n := off.Read.TotalCount() + off.Hit.TotalCount() + off.WriteLat.TotalCount() + off.Service.TotalCount() + off.Lag.TotalCount(); n != 0 {
				t.Errorf("recording off kept %d latencies", n)
			}
			if off.Extra["op"].TotalCount() != 0 || off.Counters["ops"] != 0 {
				t.Errorf("recording off kept extra measurements: %d, %d", off.Extra["op"].TotalCount(), off.Counters["ops"])
			}
			for _, p := range off.Timeseries {
				if p.Ops != 0 || p.P99 != 0 {
					t.Errorf("recording off kept a time-series point %+v", p)
				}
			}
			if tc.cfg.Rate > 0 && off.AchievedRate <= 0 {
				t.Errorf("open loop without recording: achieved rate %v", off.AchievedRate)
			}
		})
	}
}

// recordingWatcher counts what its workers' recorders say about Recording.
type recordingWatcher struct {
	*fakeWorkload
	on, off *atomic.Int64
}

func (r *recordingWatcher) NewWorker(id int) (Worker, error) {
	w, err := r.fakeWorkload.NewWorker(id)
	if err != nil {
		return nil, err
	}
	return workerFunc(func(ctx context.Context, rec *Recorder) (Outcome, error) {
		if rec.Recording() {
			r.on.Add(1)
		} else {
			r.off.Add(1)
		}
		return w.Do(ctx, rec)
	}), nil
}

type workerFunc func(ctx context.Context, rec *Recorder) (Outcome, error)

func (f workerFunc) Do(ctx context.Context, rec *Recorder) (Outcome, error) { return f(ctx, rec) }

// preparingWorkload records when Prepare ran, relative to NewWorker.
type preparingWorkload struct {
	*fakeWorkload
	err      error
	prepared atomic.Int64
	early    atomic.Bool // a worker was made before Prepare
}

func (p *preparingWorkload) Prepare(ctx context.Context) error {
	p.prepared.Add(1)
	return p.err
}

func (p *preparingWorkload) NewWorker(id int) (Worker, error) {
	if p.prepared.Load() == 0 {
		p.early.Store(true)
	}
	return p.fakeWorkload.NewWorker(id)
}

func TestPreparer(t *testing.T) {
	errFill := errors.New("fill failed")
	for _, tc := range []struct {
		name string
		err  error
	}{
		{"prepared once before the workers", nil},
		{"an error ends the run", errFill},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := &preparingWorkload{fakeWorkload: &fakeWorkload{}, err: tc.err}
			res, err := Run(context.Background(), Config{Workers: 3, Ops: 30}, p)
			if p.prepared.Load() != 1 {
				t.Errorf("Prepare ran %d times, want 1", p.prepared.Load())
			}
			if p.early.Load() {
				t.Error("a worker was made before Prepare")
			}
			if tc.err == nil {
				if err != nil || res.Ops != 30 {
					t.Errorf("Run: %v, ops %v", err, res)
				}
				return
			}
			if !errors.Is(err, errFill) || res != nil {
				t.Errorf("Run = %v, %v; want the prepare error", res, err)
			}
			if len(p.calls) != 0 {
				t.Errorf("%d workers made after a failed Prepare", len(p.calls))
			}
		})
	}
}

// countingClock is a real clock that counts its reads.
type countingClock struct{ n atomic.Int64 }

func (c *countingClock) Now() time.Time {
	c.n.Add(1)
	return time.Now()
}

// TestClosedLoopReadsClockOncePerOperation: the end of one operation is the
// start of the next, so a worker reads the clock once per operation, plus
// once at the start and once when measurement starts.
func TestClosedLoopReadsClockOncePerOperation(t *testing.T) {
	for _, tc := range []struct {
		name             string
		script           []step
		minRead, maxRead int64 // clock reads for 1000 operations
	}{
		{"successes", []step{{Hit, nil}}, 1000, 1000 + 10},
		// After a failure the worker pauses, then reads the clock afresh.
		{"a failure in ten", []step{{Hit, nil}, {Hit, nil}, {Hit, nil}, {Hit, nil}, {Hit, nil}, {Hit, nil}, {Hit, nil}, {Hit, nil}, {Hit, nil}, {Miss, errTimeout}}, 1100, 1100 + 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock := &countingClock{}
			f := &fakeWorkload{script: tc.script, noExtra: true}
			res, err := Run(context.Background(), Config{Workers: 1, Ops: 1000, Now: clock.Now,
				Sleep: func(context.Context, time.Duration) {}}, f)
			if err != nil {
				t.Fatal(err)
			}
			if res.Ops != 1000 {
				t.Fatalf("ops %d", res.Ops)
			}
			if n := clock.n.Load(); n < tc.minRead || n > tc.maxRead {
				t.Errorf("%d clock reads for 1000 operations, want %d to %d", n, tc.minRead, tc.maxRead)
			}
		})
	}
}
