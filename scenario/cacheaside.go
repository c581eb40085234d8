package scenario

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
	"golang.org/x/sync/singleflight"

	"github.com/cacheaside/bench/bench"
	"github.com/cacheaside/bench/target"
)

// Extra latency histograms every cache-aside workload records, by index.
// "stale_age" is moved from the latency map to staleness.age by Finish.
const (
	histRedisGet = iota
	histRedisSet
	histRedisDel
	histSource
	histLeaseWait
	histStaleAge
	histNearHit
)

var cacheAsideHistograms = []string{"redis_get", "redis_set", "redis_del", "source", "lease_wait", "stale_age", "near_hit"}

// Value histograms, by index.
const (
	valHerd = iota
	valVersionLag
)

var cacheAsideValues = []string{"herd", "version_lag"}

// Strategy counters, by index. Finish reports those of the workload's
// strategy (strategy.counters).
const (
	cntCoalescedWaits = iota
	cntLeaseWaits
	cntLeaseFallbacks
	cntLeaseFillsRejected
	cntEarlyRefreshes
	cntNearHits
	cntNearRedisHits
	cntNearStaleHits
	cntNearStaleWindowHits
	cntTraceReads
	cntTraceWrites
	cntTraceDeletes
	cntEvictionMisses
)

// The near counters are reported in report.Workload.Near and the trace
// counters in report.Workload.Trace, not in Counters.
var cacheAsideCounters = []string{"coalesced_waits", "lease_waits", "lease_fallbacks", "lease_fills_rejected", "early_refreshes",
	"near_hits", "near_redis_hits", "near_stale_hits", "near_stale_window_hits", "trace_reads", "trace_writes", "trace_deletes", "eviction_misses"}

// CacheAside is one workload of a scenario bound to a Redis deployment: it
// implements bench.Workload (and bench.ValueRecorder, bench.MeasureStarter,
// bench.Preparer) with the workload's cache-aside strategy for reads and,
// at InvalidateRate, a write to the source followed by invalidation. Its
// workers are spread over Instances application instances, each with its
// own client and singleflight group.
type CacheAside struct {
	workload     compiled // the workload, validated
	seed         int64
	keyPrefix    string // "<prefix>:<run id>:w<i>:"
	source       *Source
	strategy     strategy
	instances    []*instance
	nonce        string           // makes lease tokens unique across processes
	leaseTTL     time.Duration    // lease strategy: how long a lease holds
	leasePoll    time.Duration    // lease strategy: a waiter's longest pause
	keyNames     []string         // names of keys 0..Keys-1 when Keys <= keyTableMax (keyname.go)
	openLoop     bool             // workers poll for replies (WorkerConn.SpinReads); see OpenLoop
	replay       *replay          // the trace replayed instead of drawn keys; nil for none (replay.go)
	recorder     *traceRecorder   // --record-trace: where issued requests are written; nil for none (record.go)
	residency    *residency       // until when the run's fills hold (residency.go); nil above residencyMaxKeys
	topo         *target.Topology // where a Sentinel target's master is, for the workers' own connections; nil for other targets
	measureStart atomic.Int64     // mono() when measurement started; 0 before (incidents.go)

	// What Prepare filled (prewarm.go).
	prewarmed   atomic.Uint64
	prewarmTook atomic.Int64

	// The latest worker made for each id, whose own connection Close
	// returns (workerconn.go); making a worker again for an id (another
	// run of the workload) returns its predecessor's.
	workersMu sync.Mutex
	workers   map[int]*worker

	// Second deletes of "delete-twice", run asynchronously.
	pending              sync.WaitGroup
	secondDeletes        atomic.Int64
	secondDeleteFailures atomic.Int64
}

// instance is one application instance: its own client and singleflight
// group, as in a real deployment of several processes.
type instance struct {
	client     redis.UniversalClient
	own        bool           // opened by the workload, closed by Close
	workerOpts *redis.Options // options of the workers' own connections (target.WorkerOptions); nil = they use client
	group      singleflight.Group
	near       *nearInstance // strategies near and near-unsafe; nil otherwise
}

// newCacheAside binds compiled workload w to a deployment: instance 0 uses
// client c, the others get new clients of t made with the options t was
// connected with (target.Target.NewUniversalClient).
func newCacheAside(w compiled, seed int64, t target.Target, c redis.UniversalClient, keyPrefix string) *CacheAside {
	var nonce [4]byte
	_, _ = rand.Read(nonce[:])
	ca := &CacheAside{
		workload:  w,
		seed:      seed,
		keyPrefix: keyPrefix,
		source:    NewSource(w.latency, w.SourceConcurrency),
		strategy:  strategyFor(w.Workload),
		nonce:     hex.EncodeToString(nonce[:]),
		leaseTTL:  leaseTTL(w.latency.Mean() + w.FillDelay.D()),
		leasePoll: leasePollMax(w.latency.Mean() + w.FillDelay.D()),
		keyNames:  newKeyTable(keyPrefix+"k:", w.Keys),
		openLoop:  w.Rate > 0,
		residency: newResidency(w.Keys),
	}
	if w.Trace != "" {
		ca.replay = newReplay(w, keyPrefix)
		ca.keyNames = nil
		ca.residency = nil // a trace's key ids are not a key space's indexes: eviction misses not counted
	}
	ca.instances = append(ca.instances, &instance{client: c})
	for i := 1; i < max(w.Instances, 1); i++ {
		ca.instances = append(ca.instances, &instance{client: t.NewUniversalClient(target.ConnectOptions{}), own: true})
	}
	for _, in := range ca.instances {
		in.workerOpts = target.WorkerOptions(in.client)
		if isNear(w.Strategy) {
			in.near = &nearInstance{
				cache:     newNearCache(w.NearSize, w.NearTTL.D(), w.Strategy == "near-unsafe"),
				bcast:     w.Tracking == "bcast",
				keyPrefix: keyPrefix + "k:",
			}
			in.near.cache.keyProb, _ = keyProbability(w.keyDist, uint64(w.Keys))
		}
	}
	ca.topo = t.WatchTopology(c)
	return ca
}

// Topology returns what follows the target's masters during the workload
// (target.Topology), nil for a standalone target.
func (c *CacheAside) Topology() *target.Topology { return c.topo }

// TopologyEvents returns the changes of master seen during the workload
// (target.Topology), nil for a standalone target.
func (c *CacheAside) TopologyEvents() []target.TopologyEvent {
	if c.topo == nil {
		return nil
	}
	return c.topo.Events()
}

// Close waits for pending second deletes, closes the workers' connections
// and their clients, and the clients the workload opened for instances
// beyond the first; the client given to NewCacheAside stays open. Call it
// after the run, when no worker is running.
func (c *CacheAside) Close() error {
	c.pending.Wait()
	var errs []error
	c.workersMu.Lock()
	for _, w := range c.workers {
		if err := w.closeConn(); err != nil {
			errs = append(errs, fmt.Errorf("scenario: close worker connection: %w", err))
		}
	}
	c.workers = nil
	c.workersMu.Unlock()
	if c.replay != nil {
		if err := c.replay.close(); err != nil {
			errs = append(errs, fmt.Errorf("scenario: close trace: %w", err))
		}
	}
	if c.topo != nil {
		c.topo.Close()
		c.topo = nil
	}
	for _, in := range c.instances {
		if in.near != nil {
			if err := in.near.close(); err != nil {
				errs = append(errs, fmt.Errorf("scenario: close near cache connections: %w", err))
			}
		}
		if in.own {
			if err := in.client.Close(); err != nil && !errors.Is(err, redis.ErrClosed) {
				errs = append(errs, fmt.Errorf("scenario: close instance client: %w", err))
			}
			in.own = false
		}
	}
	return errors.Join(errs...)
}

// Source returns the workload's modelled source, whose counters are the
// ground truth for source calls.
func (c *CacheAside) Source() *Source { return c.source }

// Histograms implements bench.Workload.
func (c *CacheAside) Histograms() []string { return cacheAsideHistograms }

// ValueHistograms implements bench.ValueRecorder: herd sizes and the
// version lags of stale reads.
func (c *CacheAside) ValueHistograms() []string { return cacheAsideValues }

// Counters implements bench.Workload.
func (c *CacheAside) Counters() []string { return cacheAsideCounters }

// ErrorKind implements bench.Workload: "corrupt" for a cached value that is
// not its key's record, else the kind of the Redis failure
// (target.ErrorKind).
func (c *CacheAside) ErrorKind(err error) string {
	if errors.Is(err, errCorrupt) {
		return "corrupt"
	}
	return target.ErrorKind(err)
}

// StartMeasuring implements bench.MeasureStarter: the source's counters
// and open fill episodes start again when the warm-up ends, so they count
// what was measured.
func (c *CacheAside) StartMeasuring() {
	c.source.ResetStats()
	for _, in := range c.instances {
		if in.near != nil {
			in.near.cache.startMeasuring()
		}
	}
	c.secondDeletes.Store(0)
	c.secondDeleteFailures.Store(0)
	c.measureStart.Store(int64(max(mono(), 1)))
}

// NewWorker implements bench.Workload. Worker id draws its keys from its own
// sampler and its operation mix from its own generator, both seeded by the
// scenario seed only, so every strategy sees the same key sequence and the
// same reads and writes; latencies, TTL jitter and xfetch's draws come from
// a third generator. Worker id belongs to instance id mod Instances and
// sends its commands on a connection of its own (workerconn.go).
func (c *CacheAside) NewWorker(id int) (bench.Worker, error) {
	seed := uint64(c.seed)
	w := &worker{
		ca:   c,
		id:   id,
		inst: c.instances[id%len(c.instances)],
		keys: c.workload.keyDist.NewSampler(c.workload.Keys, c.seed, id, c.workload.Workers),
		mix:  mrand.New(mrand.NewPCG(seed^0x6d6978, uint64(id)+1<<33)),
		rng:  mrand.New(mrand.NewPCG(seed, uint64(id)+1<<32)),
		buf:  make([]byte, 0, len(c.keyPrefix)+24),
	}
	w.buf = append(w.buf, c.keyPrefix...)
	w.buf = append(w.buf, "k:"...)
	w.base = len(w.buf)
	c.workersMu.Lock()
	defer c.workersMu.Unlock()
	if old := c.workers[id]; old != nil {
		if err := old.closeConn(); err != nil {
			return nil, fmt.Errorf("scenario: new worker %d: close its predecessor's connection: %w", id, err)
		}
	}
	if c.workers == nil {
		c.workers = make(map[int]*worker)
	}
	c.workers[id] = w
	return w, nil
}

// keyOf returns the Redis key of key index k: "<key prefix>k:<k>".
func (c *CacheAside) keyOf(k uint64) string {
	return c.keyPrefix + "k:" + strconv.FormatUint(k, 10)
}

// OpenLoop says whether the workload will run in the open loop, when the
// caller sets the rate itself (bench capacity's steps) rather than the
// spec: workers made from now on then poll for replies as the open loop
// needs (target.WorkerConn.SpinReads).
func (ca *CacheAside) OpenLoop(on bool) { ca.openLoop = on }
