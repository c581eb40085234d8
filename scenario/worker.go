package scenario

import (
	"context"
	"math/rand/v2"
	"sync/atomic"
	"time"

	"github.com/cacheaside/bench/bench"
	"github.com/cacheaside/bench/target"
)

// worker is one worker's private state. Its hot path, a hit, allocates
// nothing: the GET goes on the worker's own connection, which builds the
// key name into the request and reads the reply into a buffer it reuses
// (target.WorkerConn), and the reply is decoded in place (recordparse.go). Key names for go-redis's commands come from the
// workload's table (keyname.go).
type worker struct {
	ca       *CacheAside
	id       int
	inst     *instance
	keys     KeyDist
	mix      *rand.Rand // reads or writes: the same sequence for every strategy
	rng      *rand.Rand // latencies, TTL jitter, xfetch draws
	buf      []byte     // key names beyond the table are built here
	base     int        // length of the key prefix in buf
	leaseSeq uint64
	getSent  time.Duration // when the last GET was sent (mono), for eviction misses
	nearHit  bool          // the last read was a near hit (strategy_near.go)
	// nearWindowed: of an entry whose staleness only the invalidation
	// window explains (nearEntry.windowed)
	nearWindowed bool
	nearDials    atomic.Int64       // connections dialled for the worker (neartracking.go)
	nearTracked  atomic.Int64       // the subscriber dial its connection's tracking redirects to
	conn         *target.WorkerConn // the worker's own connection (workerconn.go); nil until first use, after a failure, or when the instance has none
	log          incidentLog        // failures and stale reads of the measured window (incidents.go)

	// The trace request being replayed (replay.go): its Redis key, value
	// size and TTL; zero outside a replay.
	traceKey  string
	traceSize int
	traceTTL  time.Duration
}

// Do implements bench.Worker: a write at InvalidateRate, else a read with
// the workload's strategy. A successful read is stale when the version it
// returns is older than the source's version at its start; then its version
// lag and how long that version had been superseded are recorded.
func (w *worker) Do(ctx context.Context, rec *bench.Recorder) (bench.Outcome, error) {
	out, err := w.do(ctx, rec)
	if err != nil {
		w.noteError(ctx, out, err)
	}
	return out, err
}

// do is Do without noting failures.
func (w *worker) do(ctx context.Context, rec *bench.Recorder) (bench.Outcome, error) {
	if w.ca.replay != nil {
		return w.doTrace(ctx, rec)
	}
	k := w.keys.Next()
	if r := w.ca.workload.InvalidateRate; r > 0 && w.mix.Float64() < r {
		if w.ca.recorder != nil {
			w.ca.recorder.record(w.ca, w.id, k, true)
		}
		return bench.Write, w.write(ctx, rec, k, w.key(k))
	}
	if w.ca.recorder != nil {
		w.ca.recorder.record(w.ca, w.id, k, false)
	}
	vmin := w.ca.source.Version(k)
	w.nearHit = false
	out, v, err := w.ca.strategy.read(ctx, w, rec, k)
	if err == nil && v < vmin {
		rec.RecordValue(valVersionLag, int64(vmin-v))
		rec.Record(histStaleAge, w.ca.source.SupersededFor(k, v))
		w.noteStale()
		if w.nearHit {
			rec.Add(cntNearStaleHits, 1)
			if w.nearWindowed {
				rec.Add(cntNearStaleWindowHits, 1)
			}
		}
	}
	return out, err
}

// get reads key k from the cache. The value is valid until the worker's
// next command and must not be written: decode it in place.
func (w *worker) get(ctx context.Context, rec *bench.Recorder, k uint64) ([]byte, error) {
	t0 := mono()
	w.getSent = t0
	b, err := w.getKey(ctx, k, t0)
	if rec.Recording() {
		rec.Record(histRedisGet, mono()-t0)
	}
	return b, err
}

// getKey sends GET for key k on the worker's own connection, which writes
// it itself once set up (target.WorkerConn.Get), else through the
// instance's shared client. now is the time on the monotonic clock (mono).
func (w *worker) getKey(ctx context.Context, k uint64, now time.Duration) ([]byte, error) {
	if w.traceKey != "" {
		b, err := w.client().Get(ctx, w.traceKey).Bytes()
		w.dropConnUnlessReply(err)
		return b, err
	}
	c := w.ownConn()
	if c == nil {
		return w.inst.client.Get(ctx, w.key(k)).Bytes()
	}
	b, err := c.Get(ctx, w.buf[:w.base], k, now)
	w.dropConnUnlessReply(err)
	return b, err
}

// load calls the source for key k; it returns the version read and how long
// the call took.
func (w *worker) load(ctx context.Context, rec *bench.Recorder, k uint64) (uint64, time.Duration, error) {
	t0 := mono()
	v, err := w.ca.source.Load(ctx, k, w.rng)
	took := mono() - t0
	rec.Record(histSource, took)
	return v, took, err
}

// fill is the naive miss path: load key k from the source, wait the fill
// delay, SET it. It returns the version loaded.
func (w *worker) fill(ctx context.Context, rec *bench.Recorder, k uint64, key string) (uint64, error) {
	v, took, err := w.load(ctx, rec, k)
	if err != nil {
		return 0, err
	}
	if err := sleep(ctx, w.ca.workload.FillDelay.D()); err != nil {
		return v, err
	}
	return v, w.set(ctx, rec, k, key, v, took)
}

// encode returns key k's cached value at version v with TTL ttl, size
// bytes long (0: the workload's value size for k); xfetch values also
// carry the recompute time took and their expiry.
func (c *CacheAside) encode(k, v uint64, size int, took, ttl time.Duration) ([]byte, error) {
	if size <= 0 {
		size = c.workload.valueSize.For(k, c.seed)
	}
	if c.workload.Strategy != "xfetch" {
		return encodeRecord(k, v, size)
	}
	return encodeRecordMeta(k, v, size, max(took.Microseconds(), 1), time.Now().Add(ttl).UnixMicro())
}

// set writes key k's value at version v with the workload's (jittered) TTL
// and closes k's fill episode, recording its herd size.
func (w *worker) set(ctx context.Context, rec *bench.Recorder, k uint64, key string, v uint64, took time.Duration) error {
	ttl := w.ttl(k)
	val, err := w.ca.encode(k, v, w.traceSize, took, ttl)
	if err != nil {
		return err
	}
	gen := w.ca.residency.gen(k)
	t0 := mono()
	err = w.client().Set(ctx, key, val, ttl).Err()
	rec.Record(histRedisSet, mono()-t0)
	w.dropConnUnlessReply(err)
	if err == nil {
		w.ca.residency.hold(k, gen, t0, mono(), ttl)
		w.filled(rec, k)
	}
	return err
}

// filled closes key k's fill episode after a successful SET and records its
// herd size.
func (w *worker) filled(rec *bench.Recorder, k uint64) {
	if n, ok := w.ca.source.Filled(k); ok {
		rec.RecordValue(valHerd, n)
	}
}

// write updates key k in the source, waits the invalidate delay, then
// invalidates the cache: DEL in "delete" mode, SET of the new value in
// "update" mode, DEL now and again DoubleDeleteDelay later in
// "delete-twice" mode. Any of them also drops a lease on the key (leases
// live in the key itself).
func (w *worker) write(ctx context.Context, rec *bench.Recorder, k uint64, key string) error {
	t0 := mono()
	v, err := w.ca.source.Write(ctx, k, w.rng)
	marks := w.ca.nearReadMarks()
	took := mono() - t0
	rec.Record(histSource, took)
	if err != nil {
		return err
	}
	if err := sleep(ctx, w.ca.workload.InvalidateDelay.D()); err != nil {
		return err
	}
	owed := w.ca.expectInvalidation(k, marks)
	if w.ca.workload.InvalidateMode == "update" {
		err := w.set(ctx, rec, k, key, v, took)
		w.ca.invalidationAcked(owed, k, err == nil)
		return err
	}
	w.ca.residency.drop(k)
	t0 = mono()
	n, err := w.client().Del(ctx, key).Result()
	rec.Record(histRedisDel, mono()-t0)
	w.ca.residency.drop(k)
	w.ca.invalidationAcked(owed, k, err == nil && n > 0)
	w.dropConnUnlessReply(err)
	if err == nil && w.ca.workload.InvalidateMode == "delete-twice" {
		w.ca.deleteLater(w.inst, k, key)
	}
	return err
}

// secondDeleteTimeout bounds each asynchronous second delete.
const secondDeleteTimeout = 5 * time.Second

// deleteLater deletes key again after DoubleDeleteDelay, in the background;
// Close and Finish wait for it. Its failures are counted, not returned.
func (c *CacheAside) deleteLater(in *instance, k uint64, key string) {
	c.pending.Add(1)
	time.AfterFunc(c.workload.DoubleDeleteDelay.D(), func() {
		defer c.pending.Done()
		ctx, cancel := context.WithTimeout(context.Background(), secondDeleteTimeout)
		defer cancel()
		c.secondDeletes.Add(1)
		c.residency.drop(k)
		defer c.residency.drop(k)
		if err := in.client.Del(ctx, key).Err(); err != nil {
			c.secondDeleteFailures.Add(1)
		}
	})
}

// ttl returns key k's TTL: the trace request's when replaying one that
// gives a TTL, else the workload's (CacheAside.ttl).
func (w *worker) ttl(k uint64) time.Duration {
	if w.traceTTL > 0 {
		return w.traceTTL
	}
	return w.ca.ttl(k, w.rng)
}

// ttl returns key k's TTL with jitter drawn from rng: TTL, or k's TTL of
// the TTLMix, uniform in that·(1 ± TTLJitter), whole milliseconds, at
// least 1 ms.
func (c *CacheAside) ttl(k uint64, rng *rand.Rand) time.Duration {
	t := c.workload.TTL.D()
	if !c.workload.ttlMix.IsZero() {
		t = c.workload.ttlMix.For(k, c.seed)
	}
	if j := c.workload.TTLJitter; j > 0 {
		t = time.Duration(float64(t) * (1 + j*(2*rng.Float64()-1)))
	}
	t = t.Truncate(time.Millisecond)
	if t < time.Millisecond {
		t = time.Millisecond
	}
	return t
}
