package gate

import (
	"errors"
	"math"
	"sort"
)

// MannWhitneyExactLimit is the largest sample size (each side) for which
// MannWhitney computes the exact distribution of U when there are no ties.
const MannWhitneyExactLimit = 50

// errMannWhitneyEqual: every value of both samples is the same, so no test
// can tell them apart.
var errMannWhitneyEqual = errors.New("gate: mann-whitney: all values are equal")

// MannWhitney is the two-sided Mann-Whitney U test of whether x and y come
// from distributions with the same location, as benchstat uses it. It
// returns U of x (the number of pairs in which x's value is the larger, ties
// counting one half) and the p-value. Without ties and with at most
// MannWhitneyExactLimit values on each side, p comes from the exact
// distribution of U; otherwise from the normal approximation with tie and
// continuity correction. Empty samples and samples whose values are all
// equal are errors.
func MannWhitney(x, y []float64) (u, p float64, err error) {
	n1, n2 := len(x), len(y)
	if n1 == 0 || n2 == 0 {
		return 0, 0, errors.New("gate: mann-whitney: an empty sample")
	}
	ranks, ties := rank(x, y)
	var r1 float64
	for _, r := range ranks[:n1] {
		r1 += r
	}
	u = r1 - float64(n1*(n1+1))/2
	u2 := float64(n1*n2) - u
	if len(ties) == 1 { // one group of ties: everything equal
		return u, 1, errMannWhitneyEqual
	}
	hasTies := len(ties) < n1+n2
	if !hasTies && n1 <= MannWhitneyExactLimit && n2 <= MannWhitneyExactLimit {
		if u == u2 {
			return u, 1, nil
		}
		return u, min(1, 2*uCDF(n1, n2, min(u, u2))), nil
	}
	// Normal approximation, tie-corrected variance, continuity correction.
	n := float64(n1 + n2)
	var t float64
	for _, c := range ties {
		t += float64(c*c*c - c)
	}
	sigma := math.Sqrt(float64(n1*n2) / 12 * ((n + 1) - t/(n*(n-1))))
	d := u - float64(n1*n2)/2
	d = math.Max(math.Abs(d)-0.5, 0)
	z := d / sigma
	return u, min(1, math.Erfc(z/math.Sqrt2)), nil
}

// rank returns the ranks (1-based, ties given their mean rank) of x's then
// y's values in the pooled sample, and the sizes of the groups of equal
// values in ascending order.
func rank(x, y []float64) (ranks []float64, groups []int) {
	type item struct {
		v float64
		i int
	}
	all := make([]item, 0, len(x)+len(y))
	for i, v := range x {
		all = append(all, item{v, i})
	}
	for i, v := range y {
		all = append(all, item{v, len(x) + i})
	}
	sort.Slice(all, func(a, b int) bool { return all[a].v < all[b].v })
	ranks = make([]float64, len(all))
	for i := 0; i < len(all); {
		j := i
		for j < len(all) && all[j].v == all[i].v {
			j++
		}
		mean := float64(i+1+j) / 2 // ranks i+1 … j
		for k := i; k < j; k++ {
			ranks[all[k].i] = mean
		}
		groups = append(groups, j-i)
		i = j
	}
	return ranks, groups
}

// uCDF is P(U ≤ u) for samples of n1 and n2 values without ties: the
// coefficients of the Gaussian binomial [n1+n2 choose n1]_q count the
// orderings by U. It uses [m choose k] = [m-1 choose k-1] + q^k [m-1 choose
// k], in floating point: every step adds non-negative numbers.
func uCDF(n1, n2 int, u float64) float64 {
	k := min(n1, n2)
	deg := n1 * n2
	// g[j] is the polynomial [m choose j]_q for the current m.
	g := make([][]float64, k+1)
	for j := range g {
		g[j] = make([]float64, deg+1)
	}
	g[0][0] = 1
	for m := 1; m <= n1+n2; m++ {
		for j := min(k, m); j >= 1; j-- {
			// new g[j] = g[j-1] + q^j g[j]; j descends, so g[j-1] is old.
			for d := deg; d >= 0; d-- {
				v := g[j-1][d]
				if d >= j {
					v += g[j][d-j]
				}
				g[j][d] = v
			}
		}
	}
	var below, total float64
	for d, c := range g[k] {
		total += c
		if float64(d) <= u {
			below += c
		}
	}
	return below / total
}
