package scenario

import (
	"context"
	"errors"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/bench"
	"github.com/cacheaside/bench/report"
)

// Extra histograms every cache-aside workload records, by index.
const (
	histRedisGet = iota
	histRedisSet
	histRedisDel
	histSource
)

var cacheAsideHistograms = []string{"redis_get", "redis_set", "redis_del", "source"}

// CacheAside is one workload of a scenario bound to a Redis client: it
// implements bench.Workload with the cache-aside read (GET; on a miss load
// from the modelled source and SET with TTL) and, at InvalidateRate, a write
// to the source followed by invalidation.
type CacheAside struct {
	w         compiled
	seed      int64
	target    Target
	client    *redis.Client
	keyPrefix string
	source    *Source
}

// Finish completes the report of a run of this workload: it fills in what
// the engine cannot know (strategy, source counters) into rw, which
// report.FromBench made from res. It may talk to Redis (ctx bounds it).
func (c *CacheAside) Finish(ctx context.Context, res *bench.Result, rw *report.Workload) error {
	rw.Strategy = c.w.Strategy
	st := c.source.Stats()
	rw.Source.Calls, rw.Source.Writes, rw.Source.PeakInFlight = st.Calls, st.Writes, st.PeakInFlight
	return nil
}

// Close releases what the workload opened itself; the client given to
// NewCacheAside stays open.
func (c *CacheAside) Close() error { return nil }

// Source returns the workload's modelled source, whose counters are the
// ground truth for source calls.
func (c *CacheAside) Source() *Source { return c.source }

// Histograms implements bench.Workload.
func (c *CacheAside) Histograms() []string { return cacheAsideHistograms }

// Counters implements bench.Workload.
func (c *CacheAside) Counters() []string { return nil }

// ErrorKind implements bench.Workload.
func (c *CacheAside) ErrorKind(err error) string { return ErrorKind(err) }

// NewWorker implements bench.Workload. Worker id draws its keys, latencies
// and operation mix from its own generators seeded by the scenario seed, so
// every strategy sees the same key sequence.
func (c *CacheAside) NewWorker(id int) (bench.Worker, error) {
	seed := uint64(c.seed)
	w := &worker{
		ca:   c,
		keys: c.w.keyDist.NewSampler(c.w.Keys, c.seed, id, c.w.Workers),
		rng:  rand.New(rand.NewPCG(seed, uint64(id)+1<<32)),
		buf:  make([]byte, 0, len(c.keyPrefix)+24),
	}
	w.buf = append(w.buf, c.keyPrefix...)
	w.buf = append(w.buf, "k:"...)
	w.base = len(w.buf)
	return w, nil
}

// worker is one worker's private state.
type worker struct {
	ca   *CacheAside
	keys KeyDist
	rng  *rand.Rand
	buf  []byte
	base int
}

// key returns the Redis key of key index k: "<prefix>:<run id>:k:<k>".
func (w *worker) key(k uint64) string {
	w.buf = strconv.AppendUint(w.buf[:w.base], k, 10)
	return string(w.buf)
}

// Do implements bench.Worker.
func (w *worker) Do(ctx context.Context, rec *bench.Recorder) (bench.Outcome, error) {
	k := w.keys.Next()
	key := w.key(k)
	if r := w.ca.w.InvalidateRate; r > 0 && w.rng.Float64() < r {
		return bench.Write, w.write(ctx, rec, k, key)
	}
	return w.read(ctx, rec, k, key)
}

// read is the naive cache-aside read.
func (w *worker) read(ctx context.Context, rec *bench.Recorder, k uint64, key string) (bench.Outcome, error) {
	c := w.ca.client
	t0 := time.Now()
	b, err := c.Get(ctx, key).Bytes()
	rec.Record(histRedisGet, time.Since(t0))
	if err == nil {
		_, err = decodeRecord(b, k)
		return bench.Hit, err
	}
	if !errors.Is(err, redis.Nil) {
		return bench.Hit, err
	}
	v, err := w.load(ctx, rec, k)
	if err != nil {
		return bench.Miss, err
	}
	return bench.Miss, w.set(ctx, rec, k, key, v)
}

// load calls the source for key k and records how long it took.
func (w *worker) load(ctx context.Context, rec *bench.Recorder, k uint64) (uint64, error) {
	t0 := time.Now()
	v, err := w.ca.source.Load(ctx, k, w.rng)
	rec.Record(histSource, time.Since(t0))
	return v, err
}

// set writes key k's record at version v with the workload's TTL (jittered).
func (w *worker) set(ctx context.Context, rec *bench.Recorder, k uint64, key string, v uint64) error {
	val, err := encodeRecord(k, v, w.ca.w.valueSize.For(k, w.ca.seed))
	if err != nil {
		return err
	}
	t0 := time.Now()
	err = w.ca.client.Set(ctx, key, val, w.ttl()).Err()
	rec.Record(histRedisSet, time.Since(t0))
	return err
}

// write updates key k in the source, then invalidates the cache: DEL in
// "delete" mode, SET of the new value in "update" mode.
func (w *worker) write(ctx context.Context, rec *bench.Recorder, k uint64, key string) error {
	t0 := time.Now()
	v, err := w.ca.source.Write(ctx, k, w.rng)
	rec.Record(histSource, time.Since(t0))
	if err != nil {
		return err
	}
	if w.ca.w.InvalidateMode == "update" {
		return w.set(ctx, rec, k, key, v)
	}
	t0 = time.Now()
	err = w.ca.client.Del(ctx, key).Err()
	rec.Record(histRedisDel, time.Since(t0))
	return err
}

// ttl returns the TTL with jitter: uniform in TTL·(1 ± TTLJitter), whole
// milliseconds, at least 1 ms.
func (w *worker) ttl() time.Duration {
	t := w.ca.w.TTL.D()
	if j := w.ca.w.TTLJitter; j > 0 {
		t = time.Duration(float64(t) * (1 + j*(2*w.rng.Float64()-1)))
	}
	t = t.Truncate(time.Millisecond)
	if t < time.Millisecond {
		t = time.Millisecond
	}
	return t
}

// StartMeasuring implements bench.MeasureStarter: the source's counters
// start again when the warm-up ends, so they count what was measured.
func (c *CacheAside) StartMeasuring() { c.source.ResetStats() }
