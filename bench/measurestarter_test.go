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
