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
	read(ctx context.Context, w *worker, rec *bench.Recorder, k uint64, key string) (bench.Outcome, uint64, error)
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

// naiveStrategy is the seed's pattern: GET; on a miss load from the source
// and SET with TTL. Concurrent misses of one key each load it (a stampede).
type naiveStrategy struct{}

func (naiveStrategy) counters() []string { return nil }

func (naiveStrategy) read(ctx context.Context, w *worker, rec *bench.Recorder, k uint64, key string) (bench.Outcome, uint64, error) {
	b, err := w.get(ctx, rec, key)
	if err == nil {
		v, err := decodeRecord(b, k)
		return bench.Hit, v, err
	}
	if !errors.Is(err, redis.Nil) {
		return bench.Hit, 0, err
	}
	w.ca.source.Miss(k)
	v, err := w.fill(ctx, rec, k, key)
	return bench.Miss, v, err
}
