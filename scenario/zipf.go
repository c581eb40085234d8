package scenario

import (
	"math"
	"math/rand/v2"
)

// zipfSampler draws key indices in [0, n) with P(k) ∝ 1/(k+1)^s, exactly,
// for any exponent s > 0, in O(1) memory.
//
// It is rejection-inversion sampling (W. Hörmann, G. Derflinger,
// "Rejection-inversion to generate variates from monotone discrete
// distributions", ACM TOMACS 6(3), 1996), in the form used by Apache Commons
// RNG's RejectionInversionZipfSampler: the paper's hat integral
// H(x) = x^(1-s)/(1-s) is undefined at s = 1, so the integral
// H(x) = (x^(1-s) - 1)/(1-s), which tends to log(x) as s → 1, is used
// instead, computed through log1p/expm1 helpers with Taylor expansions near
// zero. It works on ranks 1..n; Next returns rank-1.
//
// Unlike math/rand's Zipf (s > 1 only), this covers s <= 1, and the
// expected number of iterations per draw is close to 1 for all s.
type zipfSampler struct {
	rng      *rand.Rand
	n        uint64
	nf       float64 // n as a float
	exponent float64
	// hIntegralX1 is H(1.5) - 1, the lower end of the uniform draw: the
	// area under the hat for rank 1 is exactly h(1) = 1.
	hIntegralX1 float64
	// hIntegralN is H(n + 0.5), the upper end of the uniform draw.
	hIntegralN float64
	// cut is the squeeze: when k - x <= cut, k is accepted without
	// evaluating the hat.
	cut float64
}

// newZipfSampler returns a Zipf sampler over n >= 1 ranks with exponent s > 0.
func newZipfSampler(rng *rand.Rand, n uint64, s float64) *zipfSampler {
	z := &zipfSampler{rng: rng, n: n, nf: float64(n), exponent: s}
	z.hIntegralX1 = z.hIntegral(1.5) - 1
	z.hIntegralN = z.hIntegral(z.nf + 0.5)
	z.cut = 2 - z.hIntegralInverse(z.hIntegral(2.5)-z.h(2))
	return z
}

// Next returns a key index; index 0 (rank 1) is the most popular.
func (z *zipfSampler) Next() uint64 {
	if z.n == 1 {
		return 0
	}
	for {
		// u is uniform in (hIntegralX1, hIntegralN]: Float64 is in [0, 1).
		u := z.hIntegralN + z.rng.Float64()*(z.hIntegralX1-z.hIntegralN)
		x := z.hIntegralInverse(u)
		k := math.Floor(x + 0.5)
		if !(k >= 1) { // also catches NaN
			k = 1
		} else if k > z.nf {
			k = z.nf
		}
		// Accept k when u falls under the histogram bar of rank k, whose
		// area is h(k), placed at the right end of [H(k-0.5), H(k+0.5)].
		if k-x <= z.cut || u >= z.hIntegral(k+0.5)-z.h(k) {
			return uint64(k) - 1
		}
	}
}

// h is the hat function, x^-s.
func (z *zipfSampler) h(x float64) float64 {
	return math.Exp(-z.exponent * math.Log(x))
}

// hIntegral is H(x) = (x^(1-s) - 1)/(1-s), or log(x) when s = 1.
func (z *zipfSampler) hIntegral(x float64) float64 {
	logX := math.Log(x)
	return zipfExpm1Div((1-z.exponent)*logX) * logX
}

// hIntegralInverse is the inverse of hIntegral.
func (z *zipfSampler) hIntegralInverse(x float64) float64 {
	t := x * (1 - z.exponent)
	if t < -1 {
		// Limit t to the domain of log1p; only rounding can get here.
		t = -1
	}
	return math.Exp(zipfLog1pDiv(t) * x)
}

// zipfTaylorThreshold is the |x| below which the helpers use a Taylor
// expansion instead of dividing two numbers close to zero.
const zipfTaylorThreshold = 1e-8

// zipfLog1pDiv returns log(1+x)/x, accurately near x = 0 (where it is 1).
func zipfLog1pDiv(x float64) float64 {
	if math.Abs(x) > zipfTaylorThreshold {
		return math.Log1p(x) / x
	}
	return 1 - x*(1.0/2-x*(1.0/3-x/4))
}

// zipfExpm1Div returns (exp(x)-1)/x, accurately near x = 0 (where it is 1).
func zipfExpm1Div(x float64) float64 {
	if math.Abs(x) > zipfTaylorThreshold {
		return math.Expm1(x) / x
	}
	return 1 + x/2*(1+x/3*(1+x/4))
}
