package bench

import (
	"math"
	"math/big"
	"strings"
	"testing"
	"time"
)

// exactAt returns round(i × 1e9 / rate) ns computed exactly (big.Float
// with the rate's float64 value), the schedule ConstantAt approximates.
func exactAt(rate float64, i int64) time.Duration {
	x := new(big.Float).SetPrec(200).SetInt64(i)
	x.Mul(x, big.NewFloat(1e9).SetPrec(200))
	x.Quo(x, big.NewFloat(rate).SetPrec(200))
	x.Add(x, big.NewFloat(0.5))
	n, _ := x.Int64()
	return time.Duration(n)
}

func TestPacerConstantNoDrift(t *testing.T) {
	const n = 1_000_000
	for _, rate := range []float64{1, 3, 2000, 1e6 / 3, 7919.5, 1e9} {
		t.Run(strings.ReplaceAll(time.Duration(float64(time.Second)/rate).String(), ".", "_"), func(t *testing.T) {
			p, err := NewPacer(rate, ArrivalConstant, 1)
			if err != nil {
				t.Fatal(err)
			}
			gap := float64(time.Second) / rate
			lo, hi := time.Duration(math.Floor(gap)), time.Duration(math.Ceil(gap))
			var prev time.Duration
			for i := range int64(n) {
				at := p.Next()
				if i == 0 && at != 0 {
					t.Fatalf("operation 0 due at %v, want 0", at)
				}
				if i > 0 {
					if d := at - prev; d < lo || d > hi {
						t.Fatalf("gap before operation %d = %v, want %v or %v", i, d, lo, hi)
					}
				}
				prev = at
			}
			// The millionth start is where i/rate puts it: no accumulated error.
			if want := exactAt(rate, n-1); absDur(prev-want) > 1 {
				t.Errorf("operation %d due at %v, exact %v", n-1, prev, want)
			}
			if got, want := ConstantAt(rate, 123_456_789), exactAt(rate, 123_456_789); absDur(got-want) > 1 {
				t.Errorf("ConstantAt(%v, 123456789) = %v, exact %v", rate, got, want)
			}
			if p.next != n {
				t.Errorf("next operation %d after %d calls of Next", p.next, n)
			}
		})
	}
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

func TestPacerPoisson(t *testing.T) {
	const n = 1_000_000
	for _, rate := range []float64{100, 25_000} {
		t.Run(time.Duration(float64(time.Second)/rate).String(), func(t *testing.T) {
			p, err := NewPacer(rate, ArrivalPoisson, 42)
			if err != nil {
				t.Fatal(err)
			}
			var prev time.Duration
			var sum, sumSq float64
			for i := range n {
				at := p.Next()
				if i == 0 && at != 0 {
					t.Fatalf("operation 0 due at %v, want 0", at)
				}
				if at < prev {
					t.Fatalf("operation %d due at %v, before %v", i, at, prev)
				}
				if i > 0 {
					g := float64(at - prev)
					sum += g
					sumSq += g * g
				}
				prev = at
			}
			want := float64(time.Second) / rate
			mean := sum / (n - 1)
			sd := math.Sqrt(sumSq/(n-1) - mean*mean)
			// The mean of 1e6 exponential gaps is within 0.1% of 1/rate
			// with one standard deviation; allow 0.5%.
			if math.Abs(mean/want-1) > 0.005 {
				t.Errorf("mean gap = %.1fns, want %.1fns ±0.5%%", mean, want)
			}
			// Exponential gaps: standard deviation = mean.
			if math.Abs(sd/mean-1) > 0.01 {
				t.Errorf("gap sd/mean = %.4f, want 1 ±1%%", sd/mean)
			}
		})
	}
}

func TestPacerPoissonSeeded(t *testing.T) {
	first := func(seed int64) []time.Duration {
		p, err := NewPacer(1000, ArrivalPoisson, seed)
		if err != nil {
			t.Fatal(err)
		}
		out := make([]time.Duration, 100)
		for i := range out {
			out[i] = p.Next()
		}
		return out
	}
	a, b, c := first(7), first(7), first(8)
	same, differ := true, false
	for i := range a {
		same = same && a[i] == b[i]
		differ = differ || a[i] != c[i]
	}
	if !same {
		t.Error("the same seed gave different schedules")
	}
	if !differ {
		t.Error("seeds 7 and 8 gave the same schedule")
	}
}

func TestNewPacerInvalid(t *testing.T) {
	for _, tt := range []struct {
		name    string
		rate    float64
		arrival string
		want    string
	}{
		{"zero rate", 0, ArrivalConstant, "bench: pacer rate must be in (0, 1e+09] ops/s, got 0"},
		{"negative rate", -5, ArrivalConstant, "bench: pacer rate must be in (0, 1e+09] ops/s, got -5"},
		{"NaN rate", math.NaN(), ArrivalConstant, "bench: pacer rate must be in (0, 1e+09] ops/s, got NaN"},
		{"too fast", 2e9, ArrivalPoisson, "bench: pacer rate must be in (0, 1e+09] ops/s, got 2e+09"},
		{"unknown arrival", 10, "bursty", `bench: pacer arrival must be constant or poisson, got "bursty"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := NewPacer(tt.rate, tt.arrival, 1)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("NewPacer = %v, %v; want error %q", p, err, tt.want)
			}
		})
	}
	if p, err := NewPacer(10, "", 1); err != nil || p.Next() != 0 || p.Next() != 100*time.Millisecond {
		t.Errorf("empty arrival is not constant: %v", err)
	}
}

func TestConstantAtSaturates(t *testing.T) {
	if got := ConstantAt(1e-9, math.MaxInt64/2); got != math.MaxInt64 {
		t.Errorf("ConstantAt far beyond the Duration range = %v, want the largest Duration", got)
	}
}
