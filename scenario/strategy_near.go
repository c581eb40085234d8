package scenario

import (
	"context"

	"github.com/cacheaside/bench/bench"
)

// nearStrategy keeps a near cache (near.go) in front of a cache-aside read
// (inner: naive, singleflight, lease or xfetch, --near-over): a near hit
// returns the kept version without touching Redis; a near miss does the
// inner read and keeps what it returned, unless (near) an invalidation of the key
// arrived during the fetch. near-unsafe keeps it anyway: a late
// invalidation is then lost on it, and the entry stays stale until
// --near-ttl (the race of lettuce#3481). --fill-delay also pauses between a
// Redis hit and keeping its value, widening the window.
type nearStrategy struct {
	inner strategy
}

func (s nearStrategy) counters() []string { return s.inner.counters() }

func (s nearStrategy) read(ctx context.Context, w *worker, rec *bench.Recorder, k uint64) (bench.Outcome, uint64, error) {
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
	out, v, err := s.inner.read(ctx, w, rec, k)
	if err == nil && out == bench.Hit {
		rec.Add(cntNearRedisHits, 1)
		err = sleep(ctx, w.ca.workload.FillDelay.D())
	}
	keep := err == nil && w.inst.near.trackingCurrent(w.nearTracked.Load())
	nc.endSuperseded(k, token, v, keep, err == nil && w.ca.source.Version(k) > v, mono())
	return out, v, err
}
