package report

import (
	"math"
	"testing"
)

func TestWilson(t *testing.T) {
	for _, tc := range []struct {
		name   string
		k, n   int64
		lo, hi float64
	}{
		{"none of 0", 0, 0, 0, 0},
		{"0 of 100", 0, 100, 0, 0.0370},
		{"10 of 100", 10, 100, 0.0552, 0.1744},
		{"100 of 100", 100, 100, 0.9630, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lo, hi := Wilson(tc.k, tc.n)
			if math.Abs(lo-tc.lo) > 1e-4 || math.Abs(hi-tc.hi) > 1e-4 {
				t.Errorf("interval (%.4f, %.4f), want (%.4f, %.4f)", lo, hi, tc.lo, tc.hi)
			}
		})
	}
}
