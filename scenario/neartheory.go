package scenario

import (
	"math"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"

	"github.com/cacheaside/bench/bench"
	"github.com/cacheaside/bench/report"
)

// The stale near hits tracking allows (docs/near-cache.md has the
// derivation). A write of key k makes the instances' copies stale from the
// moment the source has the new version until each instance receives the
// invalidation: the invalidate delay, the DEL's (or SET's) round trip and
// the invalidation lag after its reply, W on average. Only reads of k in
// that window can be stale near hits. With reads of k at λ_k and writes at
// μ_k per second (Poisson, as in theory.go), N instances each reading k at
// λ_k/N, and an instance holding k at a write at most when it read k since
// the previous invalidation, (λ_k/N)/(λ_k/N + μ_k) = (1−p)/(1−p+Np) for
// every key (p the write share of operations), the expected stale near hits
// over a run of D seconds are at most
//
//	D · Σ_k λ_k μ_k W · (1−p)/(1−p+Np) = (reads · writes / D) · S2 · W · (1−p)/(1−p+Np)
//
// where S2 = Σ_k q_k² is the key distribution's concentration (q_k the
// probability of key k): 1/K for uniform keys, H(K,2s)/H(K,s)² for zipf
// (H the generalised harmonic number). It ignores what only lowers the
// count (near TTL, LRU evictions), counts the tracking window only (a
// value already stale in Redis, from the cache-aside fill race, is kept by
// a near miss and served stale beyond it: report.Near.StaleWindowHits
// leaves those out), and uses mean latencies: a stalled client, whose
// windows are long exactly when its delayed reads burst, exceeds it.

// nearStaleBound is the expected count's inputs.
type nearStaleBound struct {
	reads, writes float64
	seconds       float64 // D
	s2            float64 // Σ q_k²
	window        float64 // W, seconds
	instances     int
}

// staleHits returns the expected stale near hits (an upper estimate).
func (b nearStaleBound) staleHits() float64 {
	if !(b.seconds > 0) || b.reads+b.writes <= 0 {
		return 0
	}
	p := b.writes / (b.reads + b.writes)
	n := float64(max(b.instances, 1))
	held := (1 - p) / (1 - p + n*p)
	return b.reads * b.writes / b.seconds * b.s2 * b.window * held
}

// keyConcentration returns S2 = Σ q_k² of keys drawn from n keys by
// dist, and whether it is known: uniform, zipf and hotspot; sequential keys
// are not drawn at random.
func keyConcentration(dist KeyDistSpec, n uint64) (float64, bool) {
	n = min(max(n, 1), keyDistMaxKeys)
	nf := float64(n)
	switch dist.Kind {
	case "", KeyDistUniform:
		return 1 / nf, true
	case KeyDistZipf:
		h := powerSum(n, dist.S)
		return powerSum(n, 2*dist.S) / (h * h), true
	case KeyDistHotspot:
		hot := hotspotKeys(n, dist.HotFrac)
		if hot == n {
			return 1 / nf, true
		}
		o := dist.HotOps
		return o*o/float64(hot) + (1-o)*(1-o)/float64(n-hot), true
	}
	return 0, false
}

// keyProbability returns q_k, the probability that a draw of dist over n
// keys is key index k, and whether it is known (as keyConcentration).
func keyProbability(dist KeyDistSpec, n uint64) (func(k uint64) float64, bool) {
	n = min(max(n, 1), keyDistMaxKeys)
	switch dist.Kind {
	case "", KeyDistUniform:
		q := 1 / float64(n)
		return func(uint64) float64 { return q }, true
	case KeyDistZipf:
		h, s := powerSum(n, dist.S), dist.S
		return func(k uint64) float64 { return math.Pow(float64(k+1), -s) / h }, true
	case KeyDistHotspot:
		hot := hotspotKeys(n, dist.HotFrac)
		if hot == n {
			return keyProbability(KeyDistSpec{Kind: KeyDistUniform}, n)
		}
		qh, qc := dist.HotOps/float64(hot), (1-dist.HotOps)/float64(n-hot)
		return func(k uint64) float64 {
			if k < hot {
				return qh
			}
			return qc
		}, true
	}
	return nil, false
}

// powerSumExact is how many terms powerSum adds one by one; the rest is
// the midpoint integral, whose relative error there is below 1e-9.
const powerSumExact = 1 << 16

// powerSum returns Σ_{k=1..n} k^−t.
func powerSum(n uint64, t float64) float64 {
	m := min(n, powerSumExact)
	var s float64
	for k := m; k >= 1; k-- { // smallest terms first
		s += math.Pow(float64(k), -t)
	}
	if n > m {
		a, b := float64(m)+0.5, float64(n)+0.5
		if t == 1 {
			s += math.Log(b / a)
		} else {
			s += (math.Pow(b, 1-t) - math.Pow(a, 1-t)) / (1 - t)
		}
	}
	return s
}

// fillNearBound reports beside the measured stale near hits the bound the
// measured invalidation window implies (report.Near.StaleHitsExpected). lag
// is the merged invalidation_lag histogram.
func (c *CacheAside) fillNearBound(res *bench.Result, rw *report.Workload, lag *hdrhistogram.Histogram) {
	w := c.workload
	s2, ok := keyConcentration(w.keyDist, uint64(w.Keys))
	if !ok || c.replay != nil || rw.Writes == 0 || !(rw.DurationS > 0) || lag.TotalCount() == 0 {
		return
	}
	ack := cacheAsideHistograms[histRedisDel]
	if w.InvalidateMode == "update" {
		ack = cacheAsideHistograms[histRedisSet]
	}
	window := w.InvalidateDelay.D() + time.Duration(lag.Mean())
	if h := res.Extra[ack]; h != nil && h.TotalCount() > 0 {
		window += time.Duration(h.Mean())
	}
	b := nearStaleBound{
		reads: float64(rw.Reads), writes: float64(rw.Writes), seconds: rw.DurationS,
		s2: s2, window: window.Seconds(), instances: w.Instances,
	}
	n := rw.Near
	n.StaleWindowMs = sig4(window.Seconds() * 1e3)
	n.StaleHitsExpected = sig4(b.staleHits())
	if n.Hits > 0 {
		n.StaleHitRatioExpected = sig4(b.staleHits() / float64(n.Hits))
	}
}

// sig4 rounds f to 4 significant digits: the figures span many decades.
func sig4(f float64) float64 {
	if f == 0 || math.IsInf(f, 0) || math.IsNaN(f) {
		return f
	}
	e := math.Pow(10, 3-math.Floor(math.Log10(math.Abs(f))))
	return math.Round(f*e) / e
}
