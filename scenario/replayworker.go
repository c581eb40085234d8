package scenario

import (
	"context"

	"github.com/cacheaside/bench/bench"
	"github.com/cacheaside/bench/scenario/trace"
)

// doTrace performs the next request of the replayed trace: a read (get,
// gets) through the workload's strategy, a write (set, add, replace, cas,
// append, prepend, incr, decr) to the source followed by the
// invalidation InvalidateMode says, or a delete: the source's object
// changes and the cache's key is deleted, whatever the mode. Value size and
// TTL are the request's when the trace gives them. It returns
// bench.ErrDone when the trace has no more requests.
func (w *worker) doTrace(ctx context.Context, rec *bench.Recorder) (bench.Outcome, error) {
	op, ok := w.ca.replay.take()
	if !ok {
		return bench.Hit, bench.ErrDone
	}
	w.traceKey, w.traceSize, w.traceTTL = op.key, op.size, op.ttl
	defer func() { w.traceKey, w.traceSize, w.traceTTL = "", 0, 0 }()
	k := op.id
	switch op.op.Class() {
	case trace.Write:
		rec.Add(cntTraceWrites, 1)
		return bench.Write, w.write(ctx, rec, k, op.key)
	case trace.Remove:
		rec.Add(cntTraceDeletes, 1)
		return bench.Write, w.remove(ctx, rec, k, op.key)
	}
	rec.Add(cntTraceReads, 1)
	vmin := w.ca.source.Version(k)
	out, v, err := w.ca.strategy.read(ctx, w, rec, k)
	if err == nil && v < vmin {
		rec.RecordValue(valVersionLag, int64(vmin-v))
		rec.Record(histStaleAge, w.ca.source.SupersededFor(k, v))
		w.noteStale()
	}
	return out, err
}

// remove is a trace's delete: the object changes at the source (a new
// version, so a fill racing the delete shows as stale), then the key is
// deleted from the cache.
func (w *worker) remove(ctx context.Context, rec *bench.Recorder, k uint64, key string) error {
	t0 := mono()
	_, err := w.ca.source.Write(ctx, k, w.rng)
	rec.Record(histSource, mono()-t0)
	if err != nil {
		return err
	}
	t0 = mono()
	err = w.client().Del(ctx, key).Err()
	rec.Record(histRedisDel, mono()-t0)
	w.dropConnUnlessReply(err)
	return err
}

// Schedule returns the run's open-loop schedule when the workload replays
// a trace at a speed (the trace's own clock); nil otherwise. Set it as
// bench.Config.Schedule: without it the trace is replayed in order.
func (c *CacheAside) Schedule() bench.Schedule {
	if c.replay == nil {
		return nil
	}
	s := c.replay.schedule()
	if s != nil {
		c.openLoop = true
	}
	return s
}
