package bench

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

// kneeProbe is a deterministic fake: p99 is 1ms up to knee ops/s and 10ms
// above; above invalidAbove (when > 0) the step is Invalid whatever its
// latency, as when the generator cannot keep up.
func kneeProbe(knee, invalidAbove float64, rates *[]float64) func(context.Context, float64) (CapacityStep, error) {
	return func(_ context.Context, rate float64) (CapacityStep, error) {
		*rates = append(*rates, rate)
		st := CapacityStep{Achieved: rate, Value: time.Millisecond}
		if rate > knee {
			st.Value = 10 * time.Millisecond
		}
		if invalidAbove > 0 && rate > invalidAbove {
			st.Invalid = []string{"rate: achieved short"}
			st.Achieved = invalidAbove
		}
		return st, nil
	}
}

// p99Below is the objective of the tests: the p99 of the read (or hit)
// latency below limit, as the SLO "p99<5ms" of the command.
type p99Below struct {
	metric string
	limit  time.Duration
}

func (j p99Below) Metric() string { return j.metric }

func (j p99Below) Value(r *Result) (time.Duration, bool) {
	h := r.Read
	if j.metric == "hit" {
		h = r.Hit
	}
	if h.TotalCount() == 0 {
		return 0, false
	}
	return time.Duration(h.ValueAtQuantile(99)), true
}

func (j p99Below) Met(v time.Duration) bool { return v < j.limit }

// slo is "p99<5ms".
var slo = p99Below{"read", 5 * time.Millisecond}

func TestSearchCapacity(t *testing.T) {
	tests := []struct {
		name         string
		opts         CapacityOptions
		knee         float64
		invalidAbove float64
		rates        []float64 // every rate tried, in order; nil = not checked
		max          float64   // exact MaxRate; 0 = check the bracket instead
		lo, hi       float64   // MaxRate bounds when max is 0
		stop         string
	}{
		{
			name: "step up, then bisect", knee: 7300,
			rates: []float64{1000, 2000, 4000, 8000, 6000, 7000, 7500, 7250},
			max:   7250, stop: StopConverged,
		},
		{
			name: "start above the knee: step down, then bisect", knee: 300,
			opts: CapacityOptions{Tolerance: 0.01},
			lo:   300 * 0.99, hi: 300, stop: StopConverged,
		},
		{
			name: "invalid steps are bad", knee: 1e6, invalidAbove: 5000,
			lo: 5000 * 0.95, hi: 5000, stop: StopConverged,
		},
		{
			name: "max steps", knee: 1e6, opts: CapacityOptions{MaxSteps: 3},
			rates: []float64{1000, 2000, 4000}, max: 4000, stop: StopMaxSteps,
		},
		{
			name: "max rate", knee: 1e6, opts: CapacityOptions{MaxRate: 3000},
			rates: []float64{1000, 2000, 3000}, max: 3000, stop: StopMaxRate,
		},
		{
			name: "nothing meets the SLO", knee: 0, opts: CapacityOptions{MaxSteps: 4, StartRate: 100, Factor: 10},
			rates: []float64{100, 10, 1, 0.1}, max: 0, stop: StopMaxSteps,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rates []float64
			opts := tt.opts
			opts.Judge = slo
			res, err := SearchCapacity(context.Background(), opts, kneeProbe(tt.knee, tt.invalidAbove, &rates))
			if err != nil {
				t.Fatal(err)
			}
			if tt.rates != nil && !slices.Equal(rates, tt.rates) {
				t.Errorf("rates tried = %v, want %v", rates, tt.rates)
			}
			if tt.max != 0 || tt.hi == 0 {
				if res.MaxRate != tt.max {
					t.Errorf("max rate = %v, want %v", res.MaxRate, tt.max)
				}
			} else if res.MaxRate < tt.lo || res.MaxRate > tt.hi {
				t.Errorf("max rate = %v, want in [%v, %v]", res.MaxRate, tt.lo, tt.hi)
			}
			if res.Stop != tt.stop {
				t.Errorf("stop = %q, want %q", res.Stop, tt.stop)
			}
			maxSteps := opts.MaxSteps
			if maxSteps == 0 {
				maxSteps = DefaultMaxSteps
			}
			if len(res.Steps) != len(rates) || len(res.Steps) > maxSteps {
				t.Errorf("%d steps for %d probes, at most %d", len(res.Steps), len(rates), maxSteps)
			}
			best := 0.0
			for i, st := range res.Steps {
				wantOK := st.Rate <= tt.knee && (tt.invalidAbove == 0 || st.Rate <= tt.invalidAbove)
				if st.Rate != rates[i] || st.OK != wantOK {
					t.Errorf("step %d: rate %v ok %v, want rate %v ok %v", i, st.Rate, st.OK, rates[i], wantOK)
				}
				if st.OK {
					best = max(best, st.Rate)
				}
			}
			if res.MaxRate != best {
				t.Errorf("max rate %v is not the best good step %v", res.MaxRate, best)
			}
			if res.Judge != slo {
				t.Errorf("Judge = %+v", res.Judge)
			}
		})
	}
}

func TestSearchCapacityRecomputesOK(t *testing.T) {
	probe := func(_ context.Context, rate float64) (CapacityStep, error) {
		return CapacityStep{Value: 7 * time.Millisecond, OK: true}, nil // the probe's OK is wrong
	}
	res, err := SearchCapacity(context.Background(), CapacityOptions{Judge: slo, MaxSteps: 2}, probe)
	if err != nil {
		t.Fatal(err)
	}
	if res.MaxRate != 0 || res.Steps[0].OK {
		t.Errorf("max rate %v, step 0 ok %v: a 7ms p99 does not meet p99<5ms", res.MaxRate, res.Steps[0].OK)
	}
}

func TestSearchCapacityErrors(t *testing.T) {
	errProbe := errors.New("redis gone")
	t.Run("probe error", func(t *testing.T) {
		n := 0
		probe := func(_ context.Context, rate float64) (CapacityStep, error) {
			if n++; n == 2 {
				return CapacityStep{}, errProbe
			}
			return CapacityStep{Value: time.Millisecond}, nil
		}
		res, err := SearchCapacity(context.Background(), CapacityOptions{Judge: slo}, probe)
		if !errors.Is(err, errProbe) || err.Error() != "bench: capacity step at 2000 ops/s: redis gone" {
			t.Errorf("error = %v", err)
		}
		if len(res.Steps) != 1 || res.MaxRate != 1000 || res.Stop != StopError {
			t.Errorf("partial result: %d steps, max %v, stop %q", len(res.Steps), res.MaxRate, res.Stop)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		probe := func(_ context.Context, rate float64) (CapacityStep, error) {
			cancel()
			return CapacityStep{Value: time.Millisecond}, nil
		}
		res, err := SearchCapacity(ctx, CapacityOptions{Judge: slo}, probe)
		if !errors.Is(err, context.Canceled) || len(res.Steps) != 1 || res.Stop != StopError {
			t.Errorf("error %v, %d steps, stop %q", err, len(res.Steps), res.Stop)
		}
	})
	for _, tt := range []struct {
		name string
		opts CapacityOptions
		want string
	}{
		{"no judge", CapacityOptions{}, "bench: judge must be set, e.g. from an SLO such as p99<5ms"},
		{"factor", CapacityOptions{Judge: slo, Factor: 1}, "bench: factor must be > 1, got 1"},
		{"start rate", CapacityOptions{Judge: slo, StartRate: -1}, "bench: start rate must be > 0 ops/s, got -1"},
		{"tolerance", CapacityOptions{Judge: slo, Tolerance: 1}, "bench: tolerance must be in (0, 1), got 1"},
		{"max steps", CapacityOptions{Judge: slo, MaxSteps: -1}, "bench: max steps must be >= 1, got -1"},
		{"max rate", CapacityOptions{Judge: slo, MaxRate: 2e9}, "bench: max rate must be in (0, 1e+09] ops/s, got 2e+09"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := SearchCapacity(context.Background(), tt.opts, kneeProbe(1, 0, new([]float64)))
			if err == nil || err.Error() != tt.want || !errors.Is(err, ErrInvalidConfig) {
				t.Errorf("error = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestNewCapacityStep(t *testing.T) {
	slo := p99Below{"hit", 5 * time.Millisecond}
	r := &Result{Read: NewHistogram(), Hit: NewHistogram(), AchievedRate: 990, Invalid: []string{"generator bottleneck"}}
	st := NewCapacityStep(slo, 1000, r)
	if st.Rate != 1000 || st.Achieved != 990 || st.OK || st.Result != r ||
		!slices.Equal(st.Invalid, []string{"generator bottleneck", "no samples of hit"}) {
		t.Errorf("step = %+v", st)
	}
	recordLatency(r.Hit, 2*time.Millisecond)
	r.Invalid, r.Interrupted = nil, false
	if st := NewCapacityStep(slo, 1000, r); !st.OK || len(st.Invalid) != 0 {
		t.Errorf("valid step = %+v", st)
	}
	r.Interrupted = true
	if st := NewCapacityStep(slo, 1000, r); st.OK || !slices.Equal(st.Invalid, []string{"interrupted"}) {
		t.Errorf("interrupted step = %+v", st)
	}
}

// TestSearchCapacityEngine searches the capacity of a real engine run on
// an injected clock: one worker whose operations take 2ms can serve 500
// ops/s; above that the backlog grows, so the read p99 breaks the SLO and
// the run is Invalid. Every step is exact and instant.
func TestSearchCapacityEngine(t *testing.T) {
	probe := func(ctx context.Context, rate float64) (CapacityStep, error) {
		clock := newFakeClock()
		sl := &sleepLog{clock: clock}
		f := &fakeWorkload{clock: clock, opTime: 2 * time.Millisecond, noExtra: true}
		cfg := Config{Workers: 1, Rate: rate, Duration: time.Second, Now: clock.Now, Sleep: sl.Sleep}
		res, err := Run(ctx, cfg, f)
		if err != nil {
			return CapacityStep{}, err
		}
		return NewCapacityStep(slo, rate, res), nil
	}
	res, err := SearchCapacity(context.Background(), CapacityOptions{Judge: slo, StartRate: 100}, probe)
	if err != nil {
		t.Fatal(err)
	}
	var rates []float64
	for _, st := range res.Steps {
		rates = append(rates, st.Rate)
	}
	if res.MaxRate != 500 || res.Stop != StopConverged {
		t.Errorf("max rate %v stop %q (rates %v), want 500, converged", res.MaxRate, res.Stop, rates)
	}
	for _, st := range res.Steps {
		if st.Rate > 500 && (st.OK || len(st.Invalid) == 0) {
			t.Errorf("step at %v: ok %v invalid %q, want bad and invalid above 500 ops/s", st.Rate, st.OK, st.Invalid)
		}
	}
}
