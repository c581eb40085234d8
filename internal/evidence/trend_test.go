package evidence

import (
	"math"
	"testing"
)

func TestMannKendall(t *testing.T) {
	for _, tc := range []struct {
		name string
		x    []float64
		s    int
		p    float64 // to 1e-4
	}{
		// Exact: 1 of 5! orders has S = 10, and 1 has S = −10.
		{name: "five rising", x: []float64{1, 2, 3, 4, 5}, s: 10, p: 2.0 / 120},
		{name: "five falling", x: []float64{5, 4, 3, 2, 1}, s: -10, p: 2.0 / 120},
		// n = 4: S = 4 has 3 orders (one inversion), S = 6 one, each side: 8/24.
		{name: "four, one swap", x: []float64{1, 3, 2, 4}, s: 4, p: 8.0 / 24},
		{name: "too short", x: []float64{1, 2}, s: 0, p: 1},
		{name: "all equal", x: []float64{3, 3, 3, 3, 3}, s: 0, p: 1},
		// The ramp of issue 21: a 5 s run filling its cache.
		{name: "ramp of issue 21", x: []float64{6905, 12969, 19648, 26502, 34010}, s: 10, p: 2.0 / 120},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, p := MannKendall(tc.x)
			if s != tc.s || math.Abs(p-tc.p) > 1e-4 {
				t.Errorf("S %d p %.5f, want S %d p %.5f", s, p, tc.s, tc.p)
			}
		})
	}
}

// The exact distribution is symmetric and sums to 1; the normal
// approximation is close to it where both apply.
func TestKendallExactAgainstNormal(t *testing.T) {
	if p := kendallExactP(8, 0); p != 1 {
		t.Errorf("P(|S| ≥ 0) = %v", p)
	}
	n := 20
	x := make([]float64, n)
	for i := range x {
		x[i] = float64((i * 7) % n) // a permutation with some order
	}
	s, exact := MannKendall(x)
	v := float64(n*(n-1)*(2*n+5)) / 18
	approx := math.Erfc((math.Abs(float64(s)) - 1) / math.Sqrt(v) / math.Sqrt2)
	if math.Abs(exact-approx) > 0.02 {
		t.Errorf("S %d: exact p %.4f, normal %.4f", s, exact, approx)
	}
}

func TestMannKendallTies(t *testing.T) {
	// Ties: the normal approximation with Var(S) reduced for the ties.
	x := []float64{1, 1, 2, 2, 3, 3, 4, 4}
	s, p := MannKendall(x)
	if s != 24 {
		t.Fatalf("S %d, want 24", s)
	}
	v := (8.0*7*21 - 4*(2*1*9)) / 18
	want := math.Erfc((24 - 1) / math.Sqrt(v) / math.Sqrt2)
	if math.Abs(p-want) > 1e-12 || p > 0.01 {
		t.Errorf("p %v, want %v", p, want)
	}
}

func TestTheilSen(t *testing.T) {
	ts := []float64{1, 2, 3, 4, 5, 6}
	// A line of slope 2 with one wild second: the estimate stays 2.
	y := []float64{2, 4, 6, 100, 10, 12}
	if got := TheilSen(ts, y); got != 2 {
		t.Errorf("slope %v, want 2", got)
	}
	if got := TheilSen([]float64{1}, []float64{1}); !math.IsNaN(got) {
		t.Errorf("one point: %v, want NaN", got)
	}
}
