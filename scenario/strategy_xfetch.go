package scenario

import (
	"context"
	"errors"
	"math"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/bench"
)

// xfetchStrategy is probabilistic early recomputation (Vattani,
// Chierichetti, Lowenstein, "Optimal Probabilistic Cache Stampede
// Prevention", VLDB 2015): each value carries the time its recomputation
// took (delta) and its expiry; a hit recomputes early, before the key
// expires, when now − delta·β·ln(rand()) ≥ expiry. The closer the expiry
// and the slower the recomputation, the likelier; usually one caller
// refreshes the key before it expires, so few callers ever miss. An early
// refresh (counted as early_refreshes) pays a source load and is a Miss.
type xfetchStrategy struct{}

func (xfetchStrategy) counters() []string {
	return []string{cacheAsideCounters[cntEarlyRefreshes]}
}

func (xfetchStrategy) read(ctx context.Context, w *worker, rec *bench.Recorder, k uint64) (bench.Outcome, uint64, error) {
	b, err := w.get(ctx, rec, k)
	if err == nil {
		r, err := decodeRecordMeta(b, k)
		if err != nil {
			return bench.Hit, 0, err
		}
		if !xfetchEarly(time.Now().UnixMicro(), r.Delta, r.Expiry, w.ca.workload.XFetchBeta, 1-w.rng.Float64()) {
			return bench.Hit, r.Version, nil
		}
		rec.Add(cntEarlyRefreshes, 1)
		v, err := w.fill(ctx, rec, k, w.key(k))
		return bench.Miss, v, err
	}
	if !errors.Is(err, redis.Nil) {
		return bench.Hit, 0, err
	}
	w.missed(rec, k)
	v, err := w.fill(ctx, rec, k, w.key(k))
	return bench.Miss, v, err
}

// xfetchEarly reports whether a value with recompute time delta and expiry
// (both µs; expiry in Unix µs) is recomputed now (Unix µs) under β, with u
// a uniform draw in (0, 1]: now − delta·β·ln(u) ≥ expiry. A value without
// an expiry never is.
func xfetchEarly(now, delta, expiry int64, beta, u float64) bool {
	if expiry <= 0 {
		return false
	}
	return float64(now)-float64(delta)*beta*math.Log(u) >= float64(expiry)
}
