package bench

import (
	"context"
	"testing"
	"time"
)

// startingWorkload is a fake workload with a MeasureStarter hook that notes
// how often it ran and how many operations had started by then.
type startingWorkload struct {
	*fakeWorkload
	starts    int
	callsThen int64
}

func (s *startingWorkload) StartMeasuring() {
	s.starts++
	s.callsThen = s.callsOf(0)
}

func TestMeasureStarterRunsOnceAtWarmupEnd(t *testing.T) {
	for _, tt := range []struct {
		name   string
		warmup time.Duration
		want   int64 // operations started before the hook
	}{
		{"no warm-up", 0, 0},
		{"after a 10-operation warm-up", 10 * time.Millisecond, 10},
	} {
		t.Run(tt.name, func(t *testing.T) {
			clock := newFakeClock()
			w := &startingWorkload{fakeWorkload: &fakeWorkload{script: mixedScript, clock: clock, opTime: time.Millisecond}}
			cfg := Config{Workers: 1, Warmup: tt.warmup, Ops: 5, Now: clock.Now}
			if _, err := Run(context.Background(), cfg, w); err != nil {
				t.Fatal(err)
			}
			if w.starts != 1 || w.callsThen != tt.want {
				t.Errorf("hook ran %d times, after %d operations; want once, after %d", w.starts, w.callsThen, tt.want)
			}
		})
	}
}

// valuesWorkload is a fake workload that also records value histograms.
type valuesWorkload struct{ *fakeWorkload }

func (valuesWorkload) ValueHistograms() []string { return []string{"lag", "never"} }

func (v valuesWorkload) NewWorker(id int) (Worker, error) {
	inner, err := v.fakeWorkload.NewWorker(id)
	return valuesWorker{inner}, err
}

type valuesWorker struct{ Worker }

func (w valuesWorker) Do(ctx context.Context, rec *Recorder) (Outcome, error) {
	rec.RecordValue(0, 3)
	rec.RecordValue(0, 2e9) // clamped, still counted
	rec.RecordValue(5, 1)   // out of range: ignored
	return w.Worker.Do(ctx, rec)
}

func TestValueHistogramsMerge(t *testing.T) {
	clock := newFakeClock()
	w := valuesWorkload{&fakeWorkload{clock: clock, opTime: time.Millisecond}}
	cfg := Config{Workers: 2, Warmup: 4 * time.Millisecond, Ops: 10, Now: clock.Now}
	res, err := Run(context.Background(), cfg, w)
	if err != nil {
		t.Fatal(err)
	}
	lag := res.Values["lag"]
	if lag == nil || lag.TotalCount() != 20 || lag.Min() != 3 || lag.Max() < highestValue*99/100 {
		t.Fatalf("lag histogram: %+v", lag)
	}
	if res.Values["never"] == nil || res.Values["never"].TotalCount() != 0 {
		t.Errorf("unused value histogram: %+v", res.Values["never"])
	}
	rec := NewRecorderFor(w)
	rec.RecordValue(1, 7)
	if rec.Value(1).TotalCount() != 1 || rec.Value(9) != nil {
		t.Error("NewRecorderFor is not sized for the value histograms")
	}
}
