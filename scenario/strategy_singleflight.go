package scenario

import (
	"context"

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

func (singleflightStrategy) read(ctx context.Context, w *worker, rec *bench.Recorder, k uint64) (bench.Outcome, uint64, error) {
	if hit, v, err := w.cached(ctx, rec, k); hit || err != nil {
		return bench.Hit, v, err
	}
	key := w.key(k)
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
