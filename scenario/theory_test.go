package scenario

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"

	"github.com/cacheaside/bench/bench"
	"github.com/cacheaside/bench/report"
)

// simulateHitRatio runs one key through reads (Poisson λ) and writes
// (Poisson μ) for the given number of reads: a miss starts a fill that
// lands δ later with TTL T (one fill at a time: the first SET of a herd),
// a write deletes the key ("delete") or sets it with a fresh TTL
// ("update"). It is the model the closed form claims to solve.
func simulateHitRatio(lambda, mu, ttl, fill float64, mode string, reads int, seed uint64) float64 {
	rng := rand.New(rand.NewPCG(seed, 7))
	exp := func(rate float64) float64 {
		if rate <= 0 {
			return math.Inf(1)
		}
		return rng.ExpFloat64() / rate
	}
	cached, filling := false, false
	var expiry, fillAt float64
	nextRead, nextWrite := exp(lambda), exp(mu)
	hits, n := 0, 0
	for n < reads {
		e := math.Min(nextRead, nextWrite)
		if filling && fillAt <= e {
			cached, expiry, filling = true, fillAt+ttl, false
		}
		if nextWrite < nextRead {
			if mode == "update" {
				cached, expiry = true, e+ttl
			} else {
				cached = false
			}
			nextWrite = e + exp(mu)
			continue
		}
		n++
		if cached && e < expiry {
			hits++
		} else if !filling {
			filling, fillAt = true, e+fill
		}
		nextRead = e + exp(lambda)
	}
	return float64(hits) / float64(reads)
}

func TestClosedFormMatchesSimulation(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    closedForm
	}{
		{"ttl only", closedForm{lambda: 4, ttl: 0.5, mode: "delete"}},
		{"ttl and deletes", closedForm{lambda: 2, mu: 2, ttl: 0.5, mode: "delete"}},
		{"ttl and updates", closedForm{lambda: 2, mu: 2, ttl: 0.5, mode: "update"}},
		{"hot key, slow fill", closedForm{lambda: 50, ttl: 0.2, fill: 0.02, mode: "delete"}},
		{"updates, slow fill", closedForm{lambda: 1, mu: 0.5, ttl: 2, fill: 0.1, mode: "update"}},
		{"rare reads", closedForm{lambda: 0.1, mu: 0.05, ttl: 1, mode: "delete"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := tc.f.hitRatio()
			got := simulateHitRatio(tc.f.lambda, tc.f.mu, tc.f.ttl, tc.f.fill, tc.f.mode, 300000, 1)
			if math.Abs(got-want) > 0.01 {
				t.Errorf("closed form %.4f, simulation %.4f", want, got)
			}
		})
	}
}

func TestClosedFormLimits(t *testing.T) {
	for _, tc := range []struct {
		name string
		got  float64
		want float64
	}{
		{"design formula λT/(1+λT)", closedForm{lambda: 3, ttl: 2, mode: "delete"}.hitRatio(), 6.0 / 7},
		{"effective TTL (1−e^(−μT))/μ", effectiveTTL(2, 0.5), (1 - math.Exp(-1)) / 0.5},
		{"no deletes, effective TTL is T", effectiveTTL(2, 0), 2},
		{"no reads", closedForm{ttl: 1, mode: "delete"}.hitRatio(), 0},
		{"update with μ=0 is the delete form", closedForm{lambda: 3, ttl: 2, mode: "update"}.hitRatio(), 6.0 / 7},
		{"update, writes keep it cached forever", closedForm{lambda: 1, mu: 1000, ttl: 10, mode: "update"}.hitRatio(), 1},
		{"calls per expiry 1 + λδ", closedForm{lambda: 200, fill: 0.05}.callsPerExpiry(), 11},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if math.Abs(tc.got-tc.want) > 1e-9 {
				t.Errorf("got %v, want %v", tc.got, tc.want)
			}
		})
	}
}

// latencyHist returns a latency histogram of n samples of d.
func latencyHist(d time.Duration, n int) *hdrhistogram.Histogram {
	h := bench.NewHistogram()
	for range n {
		_ = h.RecordValue(int64(d))
	}
	return h
}

func TestFillTheory(t *testing.T) {
	base := Workload{
		Duration: Duration(time.Second), Workers: 4, Keys: 1000, KeyDist: "uniform",
		TTL: Duration(time.Second), SourceLatency: "1ms", Rate: 2000,
	}
	res := &bench.Result{Extra: map[string]*hdrhistogram.Histogram{
		"source":    latencyHist(2*time.Millisecond, 10),
		"redis_set": latencyHist(time.Millisecond, 10),
	}}
	// λ = 2000·0.9/1000 = 1.8/s, μ = 0.2/s, T = 1 s, δ ≈ 3 ms.
	const lambda, mu = 1.8, 0.2
	wantDelete := closedForm{lambda: lambda, mu: mu, ttl: 1, fill: 0.003, mode: "delete"}.hitRatio()
	for _, tc := range []struct {
		name     string
		edit     func(w *Workload)
		measured float64
		want     *float64 // nil: no closed form
		warn     bool
	}{
		{"applies", func(w *Workload) { w.InvalidateRate = 0.1 }, wantDelete, &wantDelete, false},
		{"far off warns", func(w *Workload) { w.InvalidateRate = 0.1 }, wantDelete - 0.2, &wantDelete, true},
		{"closed loop", func(w *Workload) { w.Rate = 0 }, 0.5, nil, false},
		{"zipf keys", func(w *Workload) { w.KeyDist = "zipf:0.99" }, 0.5, nil, false},
		{"ttl jitter", func(w *Workload) { w.TTLJitter = 0.1 }, 0.5, nil, false},
		{"delete-twice", func(w *Workload) { w.InvalidateRate, w.InvalidateMode = 0.1, "delete-twice" }, 0.5, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := base
			tc.edit(&w)
			p, err := Prepare(Spec{Name: "t", Workloads: []Workload{w}})
			if err != nil {
				t.Fatal(err)
			}
			ca := &CacheAside{workload: p.workloads[0]}
			rw := &report.Workload{Reads: 1000, HitRatio: tc.measured}
			ca.fillTheory(res, rw)
			switch {
			case tc.want == nil && rw.HitRatioExpected != nil:
				t.Errorf("hit_ratio_expected = %v, want none", *rw.HitRatioExpected)
			case tc.want != nil && rw.HitRatioExpected == nil:
				t.Errorf("no hit_ratio_expected, want %v", *tc.want)
			case tc.want != nil && math.Abs(*rw.HitRatioExpected-*tc.want) > 1e-4:
				t.Errorf("hit_ratio_expected = %v, want %v", *rw.HitRatioExpected, *tc.want)
			}
			if tc.want != nil {
				want := 1 + lambda*0.003
				if c := rw.Source.CallsPerExpiryExpected; c == nil || math.Abs(*c-want) > 1e-4 {
					t.Errorf("calls_per_expiry_expected = %v, want %v", c, want)
				}
			}
			if warned := len(rw.Warnings) > 0; warned != tc.warn {
				t.Errorf("warnings %q, want a warning: %v", rw.Warnings, tc.warn)
			}
			if tc.warn && !strings.Contains(rw.Warnings[0], "closed form") {
				t.Errorf("warning %q does not name the closed form", rw.Warnings[0])
			}
		})
	}
}

// Where fills overlap reads of the same key (λδ > 0.1), strategies differ
// from the closed form by design: only naive, with herds well below the
// worker count, is held to it.
func TestTheoryWarnsOnlyWhereItMustHold(t *testing.T) {
	res := &bench.Result{Extra: map[string]*hdrhistogram.Histogram{
		"source": latencyHist(3*time.Millisecond, 10),
	}}
	for _, tc := range []struct {
		name     string
		strategy string
		keys     uint64
		workers  int
		warn     bool
	}{
		// λ = 1/s, δ = 3ms: λδ = 0.003, every strategy must match.
		{"no overlap, lease", "lease", 2000, 4, true},
		{"no overlap, xfetch", "xfetch", 2000, 4, true},
		// λ = 200/s: λδ = 0.6, herds of 1.6.
		{"overlap, naive, many workers", "naive", 10, 16, true},
		{"overlap, naive, herds near the workers", "naive", 10, 4, false},
		{"overlap, lease", "lease", 10, 16, false},
		{"overlap, xfetch", "xfetch", 10, 16, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Prepare(Spec{Name: "t", Workloads: []Workload{{
				Strategy: tc.strategy, Duration: Duration(time.Second), Workers: tc.workers, Keys: tc.keys,
				KeyDist: "uniform", TTL: Duration(time.Second), SourceLatency: "3ms", Rate: 2000,
			}}})
			if err != nil {
				t.Fatal(err)
			}
			ca := &CacheAside{workload: p.workloads[0]}
			rw := &report.Workload{Reads: 1000, HitRatio: 0.1}
			ca.fillTheory(res, rw)
			if rw.HitRatioExpected == nil {
				t.Fatal("no hit_ratio_expected")
			}
			if warned := len(rw.Warnings) > 0; warned != tc.warn {
				t.Errorf("hit ratio 0.1 against %v: warnings %q, want a warning: %v", *rw.HitRatioExpected, rw.Warnings, tc.warn)
			}
		})
	}
}
