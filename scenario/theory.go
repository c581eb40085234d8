package scenario

import (
	"fmt"
	"math"
	"time"

	"github.com/cacheaside/bench/bench"
	"github.com/cacheaside/bench/report"
)

// Theory beside measurement.
//
// Where a closed form applies — uniform keys over K, a fixed TTL T (no
// jitter), open-loop arrivals at R ops/s in total, invalidate mode "delete"
// or "update", no capacity limit — each key sees reads at λ = R·(1−p)/K and
// writes at μ = R·p/K per second (p the invalidate rate); with many keys
// both are close to Poisson. Only reads count towards the hit ratio.
//
// "delete": one cycle of a key starts when the key is absent. The next read
// misses (absent periods are memoryless, so invalidations during them do not
// matter) and fills the key after δ, the fill time (source latency + fill
// delay + SET); the reads arriving during δ miss too, λδ on average (the
// herd of a naive cache: 1 + λδ source calls per expiry). The value then
// stays until its TTL or the next invalidation, min(T, Exp(μ)), on average
// T_eff = (1 − e^(−μT))/μ (T when μ = 0), and every read meanwhile hits:
//
//	hit ratio = λ·T_eff / (1 + λδ + λ·T_eff)
//
// which is the design's λT/(1+λT) (with T → T_eff under invalidation) when
// λδ ≪ 1; the λδ term keeps it right for hot keys and slow sources.
//
// "update": a write SETs the new value with a fresh TTL, so a value stays
// until a gap of T without writes, on average L = (e^(μT) − 1)/μ, and an
// absent key is filled by a read (a miss, probability λ/(λ+μ)) or by a
// write (no miss):
//
//	hit ratio = λL / (λL + (λ/(λ+μ))·(1 + λδ))
//
// "delete-twice" has no closed form here (the second delete also removes
// values filled in between), nor has TTL jitter or any other key
// distribution.
//
// The closed form counts the naive strategy's misses. It holds for every
// strategy when λδ ≪ 1 (fills rarely overlap a read of the same key). When
// λδ is not small the strategies differ, which is what they are for:
// xfetch refreshes before expiry, so the λδ reads during a fill hit; the
// waiters of singleflight and lease are misses, but a waiter's worker is
// busy longer, so fewer reads reach Redis during the fill. And when herds
// come near the number of workers, arrivals queue and reach the cache after
// the fill. Finish therefore warns about a disagreement only where the
// closed form must hold: λδ ≤ theoryOverlapMax, or naive with expected herds
// (1 + λδ) of at most a quarter of the workers.

// hitRatioTolerance is how far (absolute) the measured hit ratio may be
// from the closed form before Finish warns.
const hitRatioTolerance = 0.05

// theoryOverlapMax is the λδ up to which every strategy must match the
// closed form.
const theoryOverlapMax = 0.1

// closedForm holds the per-key rates of a workload where the theory applies.
type closedForm struct {
	lambda float64 // reads per second per key
	mu     float64 // invalidations per second per key
	ttl    float64 // seconds
	fill   float64 // δ, seconds from a miss to its SET
	mode   string  // "delete" or "update"
}

// hitRatio returns the expected hit ratio.
func (f closedForm) hitRatio() float64 {
	l, m, t := f.lambda, f.mu, f.ttl
	if !(l > 0) {
		return 0
	}
	herd := 1 + l*f.fill
	if f.mode == "update" {
		life := t
		if m > 0 {
			life = math.Expm1(m*t) / m
		}
		if math.IsInf(life, 1) {
			return 1
		}
		hits := l * life
		return hits / (hits + l/(l+m)*herd)
	}
	hits := l * effectiveTTL(t, m)
	return hits / (hits + herd)
}

// callsPerExpiry returns the naive strategy's expected source calls per
// fill episode: 1 + λδ.
func (f closedForm) callsPerExpiry() float64 { return 1 + f.lambda*f.fill }

// effectiveTTL is the mean life of a value under TTL t and deletes at rate
// mu: E[min(t, Exp(mu))] = (1 − e^(−mu·t))/mu.
func effectiveTTL(t, mu float64) float64 {
	if mu <= 0 {
		return t
	}
	return -math.Expm1(-mu*t) / mu
}

// theoryFor returns the closed form of the workload as run, and whether one
// applies. rate is the arrival rate that was achieved (or asked for); the
// fill time comes from the measured source and SET latencies.
func (c *CacheAside) theoryFor(res *bench.Result, rate float64) (closedForm, bool) {
	w := c.workload
	uniform := w.keyDist.Kind == "" || w.keyDist.Kind == KeyDistUniform
	if !(rate > 0) || !uniform || w.TTLJitter != 0 || w.TTLMix != "" || (w.InvalidateMode != "delete" && w.InvalidateMode != "update") {
		return closedForm{}, false
	}
	keys := float64(w.Keys)
	return closedForm{
		lambda: rate * (1 - w.InvalidateRate) / keys,
		mu:     rate * w.InvalidateRate / keys,
		ttl:    w.TTL.D().Seconds(),
		fill:   c.fillTime(res).Seconds(),
		mode:   w.InvalidateMode,
	}, true
}

// fillTime estimates δ: mean source latency (measured, else modelled) + fill
// delay + mean SET latency.
func (c *CacheAside) fillTime(res *bench.Result) time.Duration {
	d := c.workload.latency.Mean()
	if h := res.Extra[cacheAsideHistograms[histSource]]; h != nil && h.TotalCount() > 0 {
		d = time.Duration(h.Mean())
	}
	d += c.workload.FillDelay.D()
	if h := res.Extra[cacheAsideHistograms[histRedisSet]]; h != nil && h.TotalCount() > 0 {
		d += time.Duration(h.Mean())
	}
	return d
}

// fillTheory sets the expected hit ratio and source calls per expiry where
// the closed form applies, and warns when the measured hit ratio is further
// from it than hitRatioTolerance.
func (c *CacheAside) fillTheory(res *bench.Result, rw *report.Workload) {
	if !(c.workload.Rate > 0) {
		return // closed loop: arrivals depend on latencies, no closed form
	}
	rate := rw.AchievedRateOpsS
	if !(rate > 0) {
		rate = c.workload.Rate
	}
	f, ok := c.theoryFor(res, rate)
	if !ok {
		return
	}
	h := round4(f.hitRatio())
	calls := round4(f.callsPerExpiry())
	rw.HitRatioExpected = &h
	rw.Source.CallsPerExpiryExpected = &calls
	overlap := f.lambda * f.fill
	must := overlap <= theoryOverlapMax || (c.workload.Strategy == "naive" && 4*(1+overlap) <= float64(c.workload.Workers))
	if must && rw.Reads > 0 && math.Abs(rw.HitRatio-h) > hitRatioTolerance {
		rw.Warnings = append(rw.Warnings, fmt.Sprintf(
			"hit ratio %.4f is more than %.2f from the closed form %.4f (uniform keys, fixed TTL, %.4g reads/s and %.4g invalidations/s per key, fill time %s): "+
				"the deployment may evict or expire keys early, or the load did not keep its rate",
			rw.HitRatio, hitRatioTolerance, h, f.lambda, f.mu, time.Duration(f.fill*1e9).Round(time.Microsecond)))
	}
}

func round4(f float64) float64 { return math.Round(f*1e4) / 1e4 }
