package gate

import (
	"errors"
	"math"
	"testing"
)

// Known values: the exact ones by counting (2 of the C(8,4) = 70 orderings
// have U ≤ 0 either way; 14 of C(9,4) = 126 have U ≤ 3 either way, the
// example of scipy.stats.mannwhitneyu's documentation); the others from
// golang.org/x/perf's benchstat implementation (go-moremath
// stats.MannWhitneyUTest, two-sided, with its exact test for ties turned
// off, so that ties use the tie-corrected normal approximation).
func TestMannWhitneyKnownValues(t *testing.T) {
	var x60, y60 []float64
	for i := range 60 {
		x60 = append(x60, float64((i*37)%101))
		y60 = append(y60, float64((i*53)%103)+7.5)
	}
	for _, tc := range []struct {
		name string
		x, y []float64
		u, p float64
	}{
		{"separated, exact", []float64{1, 2, 3, 4}, []float64{5, 6, 7, 8}, 0, 2.0 / 70},
		{"separated, reversed", []float64{5, 6, 7, 8}, []float64{1, 2, 3, 4}, 16, 2.0 / 70},
		{"scipy's example, exact", []float64{19, 22, 16, 29, 24}, []float64{20, 11, 17, 12}, 17, 14.0 / 126},
		{"ties, normal approximation", []float64{1, 2, 2, 3, 3, 4}, []float64{3, 4, 4, 5, 5, 6}, 3, 0.0181009487394497},
		{"10 and 12, exact", []float64{10.1, 10.4, 9.8, 10.0, 10.3, 10.2, 9.9, 10.5, 10.6, 9.7},
			[]float64{10.8, 10.35, 11.0, 10.9, 10.45, 11.2, 10.7, 10.05, 11.1, 10.55, 10.65, 11.3}, 12, 0.000831985352109191},
		{"60 and 60, normal approximation", x60, y60, 1608, 0.314841799546993},
		{"identical halves", []float64{1, 2}, []float64{1, 2}, 2, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u, p, err := MannWhitney(tc.x, tc.y)
			if err != nil {
				t.Fatal(err)
			}
			if u != tc.u || math.Abs(p-tc.p) > 1e-9 {
				t.Errorf("U = %v, p = %.15g; want %v, %.15g", u, p, tc.u, tc.p)
			}
		})
	}
}

func TestMannWhitneyErrors(t *testing.T) {
	if _, _, err := MannWhitney(nil, []float64{1}); err == nil {
		t.Error("an empty sample was accepted")
	}
	if _, p, err := MannWhitney([]float64{3, 3}, []float64{3, 3, 3}); !errors.Is(err, errMannWhitneyEqual) || p != 1 {
		t.Errorf("all equal: p %v, err %v", p, err)
	}
}

// The exact distribution sums to 1 and is symmetric: P(U ≤ u) = P(U ≥ n1n2−u).
func TestUCDF(t *testing.T) {
	for _, n := range [][2]int{{1, 1}, {3, 5}, {7, 4}, {25, 30}} {
		n1, n2 := n[0], n[1]
		if c := uCDF(n1, n2, float64(n1*n2)); math.Abs(c-1) > 1e-12 {
			t.Errorf("%v: CDF at the top %v", n, c)
		}
		for u := 0; u < n1*n2; u += max(1, n1*n2/7) {
			lo := uCDF(n1, n2, float64(u))
			hi := 1 - uCDF(n1, n2, float64(n1*n2-u-1))
			if math.Abs(lo-hi) > 1e-9 {
				t.Errorf("%v: P(U ≤ %d) = %v but P(U ≥ %d) = %v", n, u, lo, n1*n2-u, hi)
			}
		}
	}
}
