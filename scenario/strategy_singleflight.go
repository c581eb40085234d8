package scenario

import (
	"context"
	"errors"

	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/bench"
)

// singleflightStrategy coalesces concurrent misses of one key within an
// application instance (golang.org/x/sync/singleflight): one caller loads
// and fills, the others wait for its result (counted as coalesced_waits).
// Instances do not coalesce with each other.
type singleflightStrategy struct{}

func (singleflightStrategy) counters() []string {
	return []string{cacheAsideCounters[cntCoalescedWaits]}
}

func (singleflightStrategy) read(ctx context.Context, w *worker, rec *bench.Recorder, k uint64, key string) (bench.Outcome, uint64, error) {
	b, err := w.get(ctx, rec, key)
	if err == nil {
		v, err := decodeRecord(b, k)
		return bench.Hit, v, err
	}
	if !errors.Is(err, redis.Nil) {
		return bench.Hit, 0, err
	}
	w.ca.source.Miss(k)
	leader := false
	res, err, _ := w.inst.group.Do(key, func() (any, error) {
		leader = true // runs on this goroutine, with this worker's recorder
		return w.fill(ctx, rec, k, key)
	})
	if !leader {
		rec.Add(cntCoalescedWaits, 1)
	}
	v, _ := res.(uint64)
	return bench.Miss, v, err
}
