package bench

import (
	"context"
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

// listSchedule is a Schedule of the given intended starts.
type listSchedule struct {
	at []time.Duration
	i  int
}

func (s *listSchedule) Next() (time.Duration, bool) {
	if s.i >= len(s.at) {
		return 0, false
	}
	s.i++
	return s.at[s.i-1], true
}

// TestScheduleDrivesOpenLoop: a caller's schedule sets every intended
// start (bursts and gaps alike), its end ends the run without a Duration
// or an Ops quota, and the target rate is the schedule's own pace.
func TestScheduleDrivesOpenLoop(t *testing.T) {
	clock := newFakeClock()
	sl := &sleepLog{clock: clock}
	f := &fakeWorkload{clock: clock, opTime: 2 * time.Millisecond, noExtra: true}
	sched := &listSchedule{at: msList(0, 0, 10, 40, 40, 90)}
	res, err := Run(context.Background(), Config{Workers: 1, Schedule: sched, Now: clock.Now, Sleep: sl.Sleep}, f)
	if err != nil {
		t.Fatal(err)
	}
	if res.Ops != 6 || res.Backlog != 0 || len(res.Invalid) > 0 && !res.Client.Bound {
		t.Fatalf("ops %d backlog %d invalid %q: want 6 ops, all started, valid", res.Ops, res.Backlog, res.Invalid)
	}
	// One worker of 2ms operations: the second of each burst starts 2ms late.
	sameValues(t, "lag", res.Lag, msList(0, 2, 0, 0, 2, 0))
	if !slices.Equal(sl.waits, msList(6, 28, 46)) {
		t.Errorf("waits = %v, want 6, 28, 46ms: from the end of each burst to the next due time", sl.waits)
	}
	if res.TargetRate != 6/0.09 {
		t.Errorf("target rate %v, want 6 operations over the 90ms the schedule spans", res.TargetRate)
	}
	checkConsistent(t, res)
}

// doneWorkload's workers share n operations; then Do returns ErrDone.
type doneWorkload struct {
	fakeWorkload
	left atomic.Int64
}

type doneWorker struct {
	Worker
	w *doneWorkload
}

func (w *doneWorkload) NewWorker(id int) (Worker, error) {
	wk, err := w.fakeWorkload.NewWorker(id)
	return &doneWorker{Worker: wk, w: w}, err
}

func (d *doneWorker) Do(ctx context.Context, rec *Recorder) (Outcome, error) {
	if d.w.left.Add(-1) < 0 {
		return Hit, ErrDone
	}
	return d.Worker.Do(ctx, rec)
}

// TestUntilDone: with UntilDone and neither Duration nor Ops, the closed
// loop runs until the workload says it is done, and the calls that said
// so are not counted.
func TestUntilDone(t *testing.T) {
	w := &doneWorkload{fakeWorkload: fakeWorkload{script: []step{{out: Hit}}, noExtra: true}}
	w.left.Store(1000)
	res, err := Run(context.Background(), Config{Workers: 4, UntilDone: true}, w)
	if err != nil {
		t.Fatal(err)
	}
	if res.Ops != 1000 || res.Hits != 1000 || res.ErrorCount() != 0 {
		t.Fatalf("ops %d hits %d errors %v, want exactly the 1000 operations", res.Ops, res.Hits, res.Errors)
	}
	if _, err := Run(context.Background(), Config{Workers: 1}, w); err == nil {
		t.Fatal("without UntilDone, Duration and Ops 0 must be an invalid config")
	}
}
