package evidence

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// exactP is the exact two-sided p-value of the Mann-Whitney test by full
// enumeration: every way of choosing which len(x) of the pooled values are
// x's is equally likely under the null hypothesis; U counts ties one half;
// p is twice the smaller tail at the observed U (as R's
// exactRankTests::wilcox.exact and benchstat double it), at most 1.
func exactP(x, y []float64) (u, p float64) {
	pool := append(append([]float64{}, x...), y...)
	n, n1 := len(pool), len(x)
	uOf := func(in []bool) float64 {
		var u float64
		for i := range pool {
			for j := range pool {
				if in[i] && !in[j] {
					switch {
					case pool[i] > pool[j]:
						u++
					case pool[i] == pool[j]:
						u += 0.5
					}
				}
			}
		}
		return u
	}
	in := make([]bool, n)
	for i := range n1 {
		in[i] = true
	}
	uObs := uOf(in)
	var le, ge, total float64
	for mask := 0; mask < 1<<n; mask++ {
		cnt := 0
		for i := range n {
			in[i] = mask&(1<<i) != 0
			if in[i] {
				cnt++
			}
		}
		if cnt != n1 {
			continue
		}
		v := uOf(in)
		total++
		if v <= uObs+1e-9 {
			le++
		}
		if v >= uObs-1e-9 {
			ge++
		}
	}
	return uObs, math.Min(1, 2*math.Min(le, ge)/total)
}

// Known exact values, with and without ties, against full enumeration and
// against values stated by hand: 2 of the C(8,4) = 70 orderings have U = 0
// or 16; scipy.stats.mannwhitneyu's documented example (U 17, p 14/126).
func TestMannWhitneyKnownValues(t *testing.T) {
	for _, tc := range []struct {
		name string
		x, y []float64
		u, p float64 // p < 0: compare with the enumeration only
	}{
		{"separated", []float64{1, 2, 3, 4}, []float64{5, 6, 7, 8}, 0, 2.0 / 70},
		{"separated, reversed", []float64{5, 6, 7, 8}, []float64{1, 2, 3, 4}, 16, 2.0 / 70},
		{"scipy's example", []float64{19, 22, 16, 29, 24}, []float64{20, 11, 17, 12}, 17, 14.0 / 126},
		{"ties across the samples", []float64{1, 2, 2, 3, 3, 4}, []float64{3, 4, 4, 5, 5, 6}, 3, -1},
		{"HDR-quantised latencies", []float64{0.203, 0.207, 0.207, 0.211}, []float64{0.207, 0.211, 0.211, 0.215}, 3, -1},
		{"zero counts", []float64{0, 0, 0, 1}, []float64{0, 1, 2, 2}, 3.5, -1},
		{"one tie group apart", []float64{1, 1, 1, 1}, []float64{1, 2, 2, 2}, 1.5, -1},
		{"identical halves", []float64{1, 2}, []float64{1, 2}, 2, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u, p, err := MannWhitney(tc.x, tc.y)
			if err != nil {
				t.Fatal(err)
			}
			eu, ep := exactP(tc.x, tc.y)
			if u != eu || math.Abs(p-ep) > 1e-9 {
				t.Errorf("U = %v, p = %.12g; enumeration: U = %v, p = %.12g", u, p, eu, ep)
			}
			if tc.p >= 0 && (u != tc.u || math.Abs(p-tc.p) > 1e-9) {
				t.Errorf("U = %v, p = %.12g; want %v, %.12g", u, p, tc.u, tc.p)
			}
		})
	}
}

// Random tied samples of 4 a side (the default repeats, HDR-quantised
// values tie often): the library's p equals the enumeration's every time.
// The normal approximation the gate used before got 189 of 3,999 such
// verdicts at α = 0.05 wrong.
func TestMannWhitneyTiesExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 2000 {
		x, y := make([]float64, 4), make([]float64, 4)
		for j := range x {
			x[j], y[j] = float64(rng.IntN(5)), float64(rng.IntN(5)+1)
		}
		u, p, err := MannWhitney(x, y)
		if errors.Is(err, ErrAllEqual) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		eu, ep := exactP(x, y)
		if u != eu || math.Abs(p-ep) > 1e-9 {
			t.Fatalf("sample %d: %v vs %v: U %v p %.12g, enumeration U %v p %.12g", i, x, y, u, p, eu, ep)
		}
	}
}

func TestMannWhitneyErrors(t *testing.T) {
	if _, _, err := MannWhitney(nil, []float64{1}); err == nil {
		t.Error("an empty sample was accepted")
	}
	if _, p, err := MannWhitney([]float64{3, 3}, []float64{3, 3, 3}); !errors.Is(err, ErrAllEqual) || p != 1 {
		t.Errorf("all equal: p %v, err %v", p, err)
	}
}

func TestMinRepeats(t *testing.T) {
	for _, tc := range []struct {
		alpha float64
		want  int
	}{{0.05, 4}, {0.01, 5}, {0.11, 3}, {0.001, 7}} {
		if got := MinRepeats(tc.alpha); got != tc.want {
			t.Errorf("MinRepeats(%v) = %d, want %d", tc.alpha, got, tc.want)
		}
	}
	if p := MinP(4, 4); math.Abs(p-2.0/70) > 1e-12 {
		t.Errorf("MinP(4, 4) = %v, want 2/70", p)
	}
	if CanDecide(3, 3, 0.05) || !CanDecide(3, 5, 0.05) || !CanDecide(4, 4, 0.05) {
		t.Error("CanDecide disagrees with 2/C(n1+n2, n1) < α")
	}
}
