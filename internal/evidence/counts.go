package evidence

import "math"

// Overdispersion is the variance allowance of CountTest: counted events in
// this tool (stale reads, errors, source calls) come in bursts (a race on a
// hot key, a TTL wave, a reconnect), so their variance from run to run is
// far above Poisson's. Measured here on identical runs, stale reads per 1k
// reads varied 0.055 to 0.296 (5×) where Poisson allows 1.5×; an allowance
// of 25 (a standard deviation 5 times Poisson's) keeps those apart from a
// change while a 10× change over a few hundred events still stands out.
const Overdispersion = 25

// CountTest is a two-sided test of whether k1 events in n1 trials and k2
// in n2 come at the same rate, for counts whose rate varies from run to
// run: conditional on k1+k2 events, k2 is binomial with p0 = n2/(n1+n2)
// when the rates are equal; its variance is inflated by Overdispersion (a
// quasi-Poisson test) and p comes from the normal approximation with a
// continuity correction. Two small counts never differ: with the allowance
// a difference needs about a hundred events to reach p < 0.05. 1 when there
// are no events or no trials.
func CountTest(k1, n1, k2, n2 int64) float64 {
	k := k1 + k2
	if k <= 0 || n1 <= 0 || n2 <= 0 {
		return 1
	}
	p0 := float64(n2) / float64(n1+n2)
	mean := float64(k) * p0
	sd := math.Sqrt(Overdispersion * float64(k) * p0 * (1 - p0))
	d := math.Max(math.Abs(float64(k2)-mean)-0.5, 0)
	return math.Min(1, math.Erfc(d/sd/math.Sqrt2))
}
