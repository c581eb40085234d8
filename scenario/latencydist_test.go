package scenario

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseLatencyDist(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name, in  string
		want      LatencyDist
		canonical string
	}{
		{"fixed", "50ms", LatencyDist{Kind: LatencyFixed, Fixed: 50 * ms}, "50ms"},
		{"fractional", "1.5ms", LatencyDist{Kind: LatencyFixed, Fixed: 1500 * time.Microsecond}, "1.5ms"},
		{"zero", "0", LatencyDist{Kind: LatencyFixed}, "0s"},
		{"zero seconds", "0s", LatencyDist{Kind: LatencyFixed}, "0s"},
		{"one minute", "1m", LatencyDist{Kind: LatencyFixed, Fixed: time.Minute}, "1m0s"},
		{"uniform", "uniform:1ms:5ms", LatencyDist{Kind: LatencyUniform, Min: ms, Max: 5 * ms}, "uniform:1ms:5ms"},
		{"uniform point", "uniform:0:0", LatencyDist{Kind: LatencyUniform}, "uniform:0s:0s"},
		{"lognormal", "lognormal:5ms:0.5", LatencyDist{Kind: LatencyLognormal, Median: 5 * ms, Sigma: 0.5}, "lognormal:5ms:0.5"},
		{"lognormal degenerate", "lognormal:5ms:0", LatencyDist{Kind: LatencyLognormal, Median: 5 * ms}, "lognormal:5ms:0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseLatencyDist(tt.in)
			if err != nil {
				t.Fatalf("ParseLatencyDist(%q) error: %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseLatencyDist(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
			if s := got.String(); s != tt.canonical {
				t.Errorf("String() = %q, want %q", s, tt.canonical)
			}
			if again, err := ParseLatencyDist(got.String()); err != nil || again != got {
				t.Errorf("round trip of %q = %+v, %v", got.String(), again, err)
			}
			if err := got.Validate(); err != nil {
				t.Errorf("Validate() = %v", err)
			}
		})
	}
}

func TestParseLatencyDistErrors(t *testing.T) {
	tests := []struct{ name, in string }{
		{"empty", ""},
		{"no unit", "50"},
		{"negative", "-1ms"},
		{"above cap", "2m"},
		{"unknown kind", "foo:1ms"},
		{"uniform reversed", "uniform:5ms:1ms"},
		{"uniform one bound", "uniform:1ms"},
		{"uniform negative", "uniform:-1ms:1ms"},
		{"uniform above cap", "uniform:1ms:2m"},
		{"uniform not durations", "uniform:a:b"},
		{"lognormal zero median", "lognormal:0:0.5"},
		{"lognormal negative sigma", "lognormal:5ms:-1"},
		{"lognormal NaN sigma", "lognormal:5ms:NaN"},
		{"lognormal infinite sigma", "lognormal:5ms:Inf"},
		{"lognormal no sigma", "lognormal:5ms"},
		{"lognormal median above cap", "lognormal:2m:0.1"},
		{"lognormal sigma not a number", "lognormal:5ms:x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseLatencyDist(tt.in)
			if err == nil {
				t.Fatalf("ParseLatencyDist(%q) = %+v, want an error", tt.in, got)
			}
			for _, want := range []string{"scenario: source-latency ", `"` + tt.in + `"`, latencyAccepted} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
		})
	}
}

func TestLatencyDistValidate(t *testing.T) {
	tests := []struct {
		name string
		l    LatencyDist
		ok   bool
	}{
		{"zero value", LatencyDist{}, true},
		{"fixed with median", LatencyDist{Kind: LatencyFixed, Median: 1}, false},
		{"uniform with sigma", LatencyDist{Kind: LatencyUniform, Max: 1, Sigma: 1}, false},
		{"lognormal with fixed", LatencyDist{Kind: LatencyLognormal, Median: 1, Fixed: 1}, false},
		{"unknown kind", LatencyDist{Kind: "pareto"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.l.Validate(); (err == nil) != tt.ok {
				t.Errorf("Validate(%+v) = %v, want ok=%v", tt.l, err, tt.ok)
			}
		})
	}
}

func TestLatencyDistText(t *testing.T) {
	type wrapper struct {
		Latency LatencyDist `json:"source_latency"`
	}
	in := wrapper{LatencyDist{Kind: LatencyLognormal, Median: 5 * time.Millisecond, Sigma: 0.5}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"source_latency":"lognormal:5ms:0.5"}`; string(b) != want {
		t.Errorf("json = %s, want %s", b, want)
	}
	var out wrapper
	if err := json.Unmarshal(b, &out); err != nil || out != in {
		t.Errorf("json round trip = %+v, %v", out, err)
	}
}

// latencySamples returns n samples of l drawn with a fixed seed.
func latencySamples(l LatencyDist, n int) []time.Duration {
	rng := rand.New(rand.NewPCG(1, 2))
	out := make([]time.Duration, n)
	for i := range out {
		out[i] = l.Sample(rng)
	}
	return out
}

func TestLatencyDistSample(t *testing.T) {
	const n = 100_000
	ms := time.Millisecond
	t.Run("fixed", func(t *testing.T) {
		l := LatencyDist{Kind: LatencyFixed, Fixed: 50 * ms}
		for _, d := range latencySamples(l, 100) {
			if d != 50*ms {
				t.Fatalf("Sample() = %v, want 50ms", d)
			}
		}
		if d := l.Sample(nil); d != 50*ms {
			t.Errorf("Sample(nil) = %v, want 50ms", d)
		}
	})
	t.Run("uniform", func(t *testing.T) {
		l := LatencyDist{Kind: LatencyUniform, Min: 2 * ms, Max: 4 * ms}
		var sum float64
		lo, hi := l.Max, l.Min
		for _, d := range latencySamples(l, n) {
			if d < l.Min || d > l.Max {
				t.Fatalf("Sample() = %v, want in [2ms, 4ms]", d)
			}
			lo, hi = min(lo, d), max(hi, d)
			sum += float64(d)
		}
		// sd of the mean is (2ms/sqrt(12))/sqrt(n) ≈ 1.8µs.
		if mean := time.Duration(sum / n); mean < 2990*time.Microsecond || mean > 3010*time.Microsecond {
			t.Errorf("mean = %v, want 3ms", mean)
		}
		if lo > 2*ms+10*time.Microsecond || hi < 4*ms-10*time.Microsecond {
			t.Errorf("samples span [%v, %v], want nearly [2ms, 4ms]", lo, hi)
		}
	})
	t.Run("lognormal", func(t *testing.T) {
		l := LatencyDist{Kind: LatencyLognormal, Median: 5 * ms, Sigma: 0.5}
		s := latencySamples(l, n)
		var sumLog, sumLog2 float64
		for _, d := range s {
			if d <= 0 {
				t.Fatalf("Sample() = %v, want > 0", d)
			}
			x := math.Log(float64(d) / float64(l.Median))
			sumLog += x
			sumLog2 += x * x
		}
		slices.Sort(s)
		if median := s[n/2]; median < 4850*time.Microsecond || median > 5150*time.Microsecond {
			t.Errorf("median = %v, want 5ms ± 3%%", median)
		}
		mu := sumLog / n
		if sd := math.Sqrt(sumLog2/n - mu*mu); math.Abs(sd-0.5) > 0.01 {
			t.Errorf("sd of log = %.4f, want 0.5", sd)
		}
	})
	t.Run("lognormal is capped", func(t *testing.T) {
		l := LatencyDist{Kind: LatencyLognormal, Median: 30 * time.Second, Sigma: 3}
		var capped int
		for _, d := range latencySamples(l, 10_000) {
			if d < 0 || d > time.Minute {
				t.Fatalf("Sample() = %v, want in [0, 1m]", d)
			}
			if d == time.Minute {
				capped++
			}
		}
		// P(exp(3Z) > 2) = P(Z > 0.231) ≈ 0.41.
		if capped < 3800 || capped > 4400 {
			t.Errorf("%d of 10000 samples capped at 1m, want about 4100", capped)
		}
	})
	t.Run("no allocation", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(1, 2))
		for _, l := range []LatencyDist{
			{Kind: LatencyFixed, Fixed: ms},
			{Kind: LatencyUniform, Min: ms, Max: 2 * ms},
			{Kind: LatencyLognormal, Median: ms, Sigma: 1},
		} {
			var sink time.Duration
			if allocs := testing.AllocsPerRun(1000, func() { sink += l.Sample(rng) }); allocs != 0 {
				t.Errorf("%v: Sample made %v allocations", l, allocs)
			}
			_ = sink
		}
	})
}

func TestLatencyDistMean(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name string
		l    LatencyDist
		want time.Duration
	}{
		{"zero value", LatencyDist{}, 0},
		{"fixed", LatencyDist{Kind: LatencyFixed, Fixed: 50 * ms}, 50 * ms},
		{"uniform", LatencyDist{Kind: LatencyUniform, Min: ms, Max: 5 * ms}, 3 * ms},
		{"lognormal", LatencyDist{Kind: LatencyLognormal, Median: 10 * ms, Sigma: 1}, 16487213}, // 10ms·e^0.5
		{"lognormal sigma 0", LatencyDist{Kind: LatencyLognormal, Median: 10 * ms}, 10 * ms},
		{"lognormal saturates", LatencyDist{Kind: LatencyLognormal, Median: 10 * ms, Sigma: 100}, math.MaxInt64},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.l.Mean(); got != tt.want {
				t.Errorf("Mean() = %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("matches samples", func(t *testing.T) {
		l := LatencyDist{Kind: LatencyLognormal, Median: 5 * ms, Sigma: 0.5}
		var sum float64
		const n = 100_000
		for _, d := range latencySamples(l, n) {
			sum += float64(d)
		}
		// sd of a sample ≈ mean·sqrt(e^0.25 - 1) ≈ 0.53·mean; of the mean, /sqrt(n).
		want := float64(l.Mean())
		if got := sum / n; math.Abs(got-want) > 0.01*want {
			t.Errorf("sample mean = %v, Mean() = %v", time.Duration(got), l.Mean())
		}
	})
}
