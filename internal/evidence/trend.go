package evidence

import (
	"math"
	"slices"
)

// exactKendallMax is the longest series whose Mann-Kendall p-value comes
// from the exact null distribution of S (when there are no ties); longer
// series, and series with ties, use the tie-corrected normal
// approximation, whose error is small from about ten values on.
const exactKendallMax = 30

// MannKendall is the two-sided Mann-Kendall test of whether x, in time
// order, has a monotonic trend: S = Σ_{i<j} sign(x_j − x_i), positive for a
// rising series. Under no trend every order is equally likely, so S stands
// out only when the trend dominates the noise between neighbours. p is
// exact for up to exactKendallMax values without ties, else from the
// normal approximation with the tie correction of Var(S) and a continuity
// correction. Fewer than 3 values, or all equal, give S 0 and p 1.
func MannKendall(x []float64) (s int, p float64) {
	n := len(x)
	if n < 3 {
		return 0, 1
	}
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			switch {
			case x[j] > x[i]:
				s++
			case x[j] < x[i]:
				s--
			}
		}
	}
	ties := tieGroups(x)
	if len(ties) == 0 && n <= exactKendallMax {
		return s, kendallExactP(n, s)
	}
	v := float64(n*(n-1)*(2*n+5)) / 18
	for _, t := range ties {
		v -= float64(t*(t-1)*(2*t+5)) / 18
	}
	if v <= 0 || s == 0 {
		return s, 1
	}
	z := (math.Abs(float64(s)) - 1) / math.Sqrt(v)
	return s, math.Min(1, math.Erfc(z/math.Sqrt2))
}

// tieGroups returns the sizes of the groups of equal values in x (groups
// of one left out).
func tieGroups(x []float64) []int {
	s := slices.Clone(x)
	slices.Sort(s)
	var out []int
	for i := 0; i < len(s); {
		j := i + 1
		for j < len(s) && s[j] == s[i] {
			j++
		}
		if j-i > 1 {
			out = append(out, j-i)
		}
		i = j
	}
	return out
}

// kendallExactP is P(|S| ≥ |s|) for n values without ties and no trend.
// S = n(n−1)/2 − 2·I, where I is the number of inversions of a random
// permutation, whose distribution (the Mahonian numbers) is counted by
// adding one value at a time: the k-th value makes 0 to k−1 new
// inversions, each as likely.
func kendallExactP(n, s int) float64 {
	m := n * (n - 1) / 2
	count := make([]float64, m+1)
	count[0] = 1
	for k := 2; k <= n; k++ {
		next := make([]float64, m+1)
		window := 0.0 // sum of count[i−k+1 … i]
		for i := 0; i <= m; i++ {
			window += count[i]
			if i-k >= 0 {
				window -= count[i-k]
			}
			next[i] = window
		}
		count = next
	}
	total, tail := 0.0, 0.0
	abs := s
	if abs < 0 {
		abs = -abs
	}
	for inv, c := range count {
		total += c
		if si := m - 2*inv; si >= abs || -si >= abs {
			tail += c
		}
	}
	return math.Min(1, tail/total)
}

// TheilSen is the Theil-Sen estimate of the slope of y over t: the median
// of the slopes between every pair of points with different t. Unlike a
// least-squares fit, one stalled second moves it little. NaN for fewer
// than two distinct t.
func TheilSen(t, y []float64) float64 {
	var slopes []float64
	for i := range t {
		for j := i + 1; j < len(t); j++ {
			if dt := t[j] - t[i]; dt != 0 {
				slopes = append(slopes, (y[j]-y[i])/dt)
			}
		}
	}
	return Median(slopes)
}
