package evidence

import (
	"errors"
	"fmt"
	"math"

	"github.com/aclements/go-moremath/stats"
)

// ErrAllEqual: every value of both samples is the same, so no test can
// tell them apart.
var ErrAllEqual = errors.New("evidence: mann-whitney: all values are equal")

// MannWhitney is the two-sided Mann-Whitney U test of whether x and y come
// from distributions with the same location, as benchstat runs it
// (go-moremath's stats.MannWhitneyUTest): p comes from the exact
// distribution of U, ties included, up to 25 values a side (50 without
// ties), and from the tie-corrected normal approximation beyond. It returns
// U of x (pairs in which x's value is the larger, ties counting one half)
// and the p-value. Empty samples and samples whose values are all equal are
// errors (p is then 1).
func MannWhitney(x, y []float64) (u, p float64, err error) {
	if len(x) == 0 || len(y) == 0 {
		return 0, 1, errors.New("evidence: mann-whitney: an empty sample")
	}
	res, err := stats.MannWhitneyUTest(x, y, stats.LocationDiffers)
	switch {
	case errors.Is(err, stats.ErrSamplesEqual):
		return float64(len(x)*len(y)) / 2, 1, ErrAllEqual
	case err != nil:
		return 0, 1, fmt.Errorf("evidence: mann-whitney: %w", err)
	}
	return res.U, math.Min(res.P, 1), nil
}

// MinP is the smallest p-value the two-sided test can give with n1 and n2
// values: both samples entirely apart, 2 / C(n1+n2, n1).
func MinP(n1, n2 int) float64 {
	if n1 <= 0 || n2 <= 0 {
		return 1
	}
	// log C(n1+n2, n1) through the log-gamma function.
	lg := func(n int) float64 { v, _ := math.Lgamma(float64(n) + 1); return v }
	return math.Min(1, 2*math.Exp(lg(n1)+lg(n2)-lg(n1+n2)))
}

// CanDecide says whether the test can ever find n1 and n2 values different
// at level alpha (p < alpha).
func CanDecide(n1, n2 int, alpha float64) bool { return MinP(n1, n2) < alpha }

// MinRepeats is the fewest values on each side with which the test can
// reach p < alpha: 4 at alpha 0.05 (2/70 = 0.029; 3 gives 2/20 = 0.1), 5 at
// 0.01 (2/252).
func MinRepeats(alpha float64) int {
	n := 1
	for !CanDecide(n, n, alpha) && n < 1000 {
		n++
	}
	return n
}
