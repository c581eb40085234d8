package scenario

import (
	"context"

	"github.com/cacheaside/bench/bench"
)

// nearStrategy keeps a near cache (near.go) in front of the naive
// cache-aside read: a near hit returns the kept version without touching
// Redis; a near miss does the naive read (GET, and on a miss a load and
// SET) and keeps what it returned, unless (near) an invalidation of the key
// arrived during the fetch. near-unsafe keeps it anyway: a late
// invalidation is then lost on it, and the entry stays stale until
// --near-ttl (the race of lettuce#3481). --fill-delay also pauses between a
// Redis hit and keeping its value, widening the window.
type nearStrategy struct{}

func (nearStrategy) counters() []string { return nil }

func (nearStrategy) read(ctx context.Context, w *worker, rec *bench.Recorder, k uint64) (bench.Outcome, uint64, error) {
	nc := w.inst.near.cache
	t0 := mono()
	if e, ok := nc.lookup(k, t0); ok {
		if rec.Recording() {
			rec.Record(histNearHit, mono()-t0)
		}
		rec.Add(cntNearHits, 1)
		w.nearHit, w.nearWindowed = true, e.windowed()
		return bench.Hit, e.v, nil
	}
	token := nc.begin(k)
	hit, v, err := w.cached(ctx, rec, k)
	switch {
	case err != nil:
	case hit:
		rec.Add(cntNearRedisHits, 1)
		err = sleep(ctx, w.ca.workload.FillDelay.D())
	default:
		v, err = w.fill(ctx, rec, k, w.key(k))
	}
	nc.endSuperseded(k, token, v, err == nil, err == nil && w.ca.source.Version(k) > v, mono())
	if hit {
		return bench.Hit, v, err
	}
	return bench.Miss, v, err
}
