package evidence

import (
	"math"
	"testing"
)

func vals(v ...float64) Sample { return Sample{Values: v} }

func TestJudge(t *testing.T) {
	p99, _ := RuleFor("read.p99")
	thr, _ := RuleFor("throughput")
	p50, _ := RuleFor("read.p50")
	for _, tc := range []struct {
		name      string
		base, cur Sample
		r         Rule
		outcome   Outcome
		test      string
		worse     bool
	}{
		{"within threshold", vals(10), vals(11), p99, Same, "", true},
		{"within the absolute floor", vals(0.2), vals(0.28), p99, Noise, "", true},
		{"within the repeats' spread", vals(10, 14, 18), vals(15, 17, 19), p99, Noise, "", true},
		{"one run each, 60% worse: inconclusive", vals(1), vals(1.6), p99, Inconclusive, "", true},
		{"three runs each, separated: inconclusive", vals(1, 1.01, 1.02), vals(1.6, 1.61, 1.62), p99, Inconclusive, "", true},
		{"one run each, 20x worse p99: gross", vals(2), vals(40), p99, Differs, TestGross, true},
		{"one run each, throughput a 35th: gross", vals(21000), vals(600), thr, Differs, TestGross, true},
		{"one run each, throughput a third: inconclusive", vals(3000), vals(900), thr, Inconclusive, "", true},
		{"one run each, p50 4.3x (CPU contention): inconclusive", vals(0.06), vals(0.26), p50, Inconclusive, "", true},
		{"one run each, 10x but within the absolute floor: noise", vals(0.01), vals(0.1), p99, Noise, "", true},
		{"one run each, 10x but within 10 floors: inconclusive", vals(0.1), vals(1.0), p99, Inconclusive, "", true},
		{"one run each, throughput 2x better: inconclusive", vals(3000), vals(6000), thr, Inconclusive, "", false},
		{"four each, apart: significant", vals(10, 10.2, 10.1, 10.3), vals(13, 13.1, 13.2, 13.3), p99, Differs, TestMannWhitney, true},
		{"four each, overlapping: within two ranges", vals(10, 10.5, 11, 14), vals(9.9, 13.2, 13.4, 13.6), p99, Noise, "", true},
		// Identical runs one after the other on a shared machine, other
		// work starting in between: separated, but within two ranges.
		{"six each, drift between identical runs", vals(14075, 14994, 14722, 14528, 15104, 15778), vals(15426, 12669, 9824, 10242, 10534, 13676), thr, Noise, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			j := Judge(tc.base, tc.cur, tc.r, 0.05)
			if j.Outcome != tc.outcome || j.Test != tc.test || j.Worse != tc.worse {
				t.Errorf("got %s by %q (worse %v), want %s by %q (worse %v): %+v", j.Outcome, j.Test, j.Worse, tc.outcome, tc.test, tc.worse, j)
			}
			if j.Outcome == Inconclusive && j.Need != 4 {
				t.Errorf("inconclusive needs %d repeats, want 4", j.Need)
			}
		})
	}
}

// Counted events with one run a side: the overdispersed count test, never
// two small counts alone.
func TestJudgeCounts(t *testing.T) {
	stale, _ := RuleFor("stale_reads")
	rate := func(k, n int64) Sample {
		return Sample{Values: []float64{1000 * float64(k) / float64(n)}, Events: k, Trials: n}
	}
	for _, tc := range []struct {
		name      string
		base, cur Sample
		outcome   Outcome
	}{
		// Seen on identical runs: 0.249 → 0.908 and 0.055 → 0.296 per 1k.
		{"identical runs, 3.6x", rate(25, 100_000), rate(91, 100_000), Noise},
		{"identical runs, 5.4x", rate(6, 110_000), rate(33, 111_000), Noise},
		{"two small counts", rate(0, 1000), rate(3, 1000), Noise},
		{"a broken strategy, 40x", rate(25, 100_000), rate(1000, 100_000), Differs},
	} {
		t.Run(tc.name, func(t *testing.T) {
			j := Judge(tc.base, tc.cur, stale, 0.05)
			if j.Outcome != tc.outcome {
				t.Errorf("got %s (p %v), want %s", j.Outcome, j.P, tc.outcome)
			}
			if j.Outcome == Noise && j.Test != "" && j.Test != TestCounts {
				t.Errorf("decided by %q, want the count test", j.Test)
			}
		})
	}
}

func TestCountTest(t *testing.T) {
	if p := CountTest(0, 10, 0, 10); p != 1 {
		t.Errorf("no events: p %v", p)
	}
	if p := CountTest(500, 1000, 500, 1000); p != 1 {
		t.Errorf("equal counts: p %v", p)
	}
	// 100 vs 400 events in equal trials: z = (400−250−0.5)/√(25·500·¼) ≈ 2.67.
	want := math.Erfc(149.5 / math.Sqrt(25*500*0.25) / math.Sqrt2)
	if p := CountTest(100, 1000, 400, 1000); math.Abs(p-want) > 1e-12 || p > 0.01 {
		t.Errorf("100 vs 400: p %v, want %v", p, want)
	}
}
