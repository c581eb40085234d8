package scenario

import (
	"context"
	"errors"

	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/bench"
)

// strategy is how a cache-aside read is done. Every strategy shares the
// worker's helpers (get, load, fill, set) so their costs compare.
type strategy interface {
	// read performs one read of key index k (Redis key key) and returns its
	// outcome and the version it returns to the caller. A read is a Hit
	// only when its first GET returned a value it could use; a read that
	// loaded from the source or waited for another caller's load is a Miss.
	read(ctx context.Context, w *worker, rec *bench.Recorder, k uint64) (bench.Outcome, uint64, error)
	// counters names the strategy's own counters that the report shows.
	counters() []string
}

// newStrategy returns the named strategy; validation has checked the name,
// an unknown one gets naive.
func newStrategy(name string) strategy {
	switch name {
	case "singleflight":
		return singleflightStrategy{}
	case "lease":
		return leaseStrategy{}
	case "xfetch":
		return xfetchStrategy{}
	}
	return naiveStrategy{}
}

// strategyFor returns workload w's strategy: a near strategy reads its
// misses through w.NearOver.
func strategyFor(w Workload) strategy {
	if isNear(w.Strategy) {
		return nearStrategy{inner: newStrategy(w.NearOver)}
	}
	return newStrategy(w.Strategy)
}

// cached is the cache-aside read's first step: GET key. On a hit it
// returns the record's version (hit true, or the error when the value is
// not key k's record); any failure but a miss is returned as a failed
// read; on a miss it notes the miss at the source and returns hit false
// and no error, and the caller loads.
func (w *worker) cached(ctx context.Context, rec *bench.Recorder, k uint64) (hit bool, v uint64, err error) {
	b, err := w.get(ctx, rec, k)
	if err == nil {
		v, err := decodeRecord(b, k)
		return true, v, err
	}
	if !errors.Is(err, redis.Nil) {
		return false, 0, err
	}
	w.missed(rec, k)
	return false, 0, nil
}

// naiveStrategy is the seed's pattern: GET; on a miss load from the source
// and SET with TTL. Concurrent misses of one key each load it (a stampede).
type naiveStrategy struct{}

func (naiveStrategy) counters() []string { return nil }

func (naiveStrategy) read(ctx context.Context, w *worker, rec *bench.Recorder, k uint64) (bench.Outcome, uint64, error) {
	if hit, v, err := w.cached(ctx, rec, k); hit || err != nil {
		return bench.Hit, v, err
	}
	v, err := w.fill(ctx, rec, k, w.key(k))
	return bench.Miss, v, err
}
