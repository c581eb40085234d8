package scenario

import (
	"sync"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
	"github.com/hashicorp/golang-lru/v2/simplelru"

	"github.com/cacheaside/bench/bench"
)

// nearCache is one application instance's in-process cache in front of
// Redis (strategies near and near-unsafe): a bounded LRU of key index →
// version, entries served for at most ttl, dropped when the server's
// tracking says their key changed. It also keeps the instance's side of the
// invalidation ledger (nearledger.go). One mutex guards all of it: the
// invalidation receiver and the instance's workers meet here, and every
// operation is a few map updates.
type nearCache struct {
	ttl    time.Duration
	unsafe bool // keep values whose key was invalidated during their fetch

	mu       sync.Mutex
	lru      *simplelru.LRU[uint64, nearEntry]
	inflight map[uint64]*nearFetch // keys being fetched
	gen      uint64                // counts fetch starts and invalidations: orders them

	// Counters since StartMeasuring (near.go, nearledger.go).
	evictions int64
	peak      int64
	received  int64 // keys named by invalidation messages
	flushes   int64 // whole-cache flushes (tracking lost, or a null invalidation)
	expected  int64 // invalidations the ledger expected (nearledger.go)
	beforeAck int64 // expected ones that arrived before the write's reply
	pending   map[uint64]*nearExpect
	lag       *hdrhistogram.Histogram
	measuring bool // evictions from now on are counted

	// The reads inside the invalidation windows (nearledger.go): lookups
	// counts every read of the instance; windowReads adds, for each owed
	// invalidation settled, the lookups between the write's source update
	// and the invalidation's receipt, and windowStale adds them times the
	// written key's probability (keyProb, nil where unknown): the stale
	// hits expected of them.
	lookups     uint64
	windowReads int64
	windowStale float64
	keyProb     func(k uint64) float64
}

// nearEntry is a cached value: its version, when it was kept, whether
// the server still tracks its key for this instance (false for a value
// near-unsafe kept although its key was invalidated during the fetch), and
// whether the version was already superseded in the source when kept (it
// came stale from Redis: the cache-aside fill race, not the near cache).
type nearEntry struct {
	v          uint64
	at         time.Duration // mono() when kept
	tracked    bool
	superseded bool
}

// windowed reports whether a stale hit of e comes from the invalidation
// window alone: a tracked value that was current when kept
// (neartheory.go bounds those).
func (e nearEntry) windowed() bool { return e.tracked && !e.superseded }

// nearFetch is the state of the fetches of one key in progress: how many,
// and the generation of the latest invalidation of the key while any was.
type nearFetch struct {
	n       int
	invalAt uint64
}

// newNearCache returns an empty near cache of size entries serving entries
// for at most ttl.
func newNearCache(size int, ttl time.Duration, unsafe bool) *nearCache {
	c := &nearCache{ttl: ttl, unsafe: unsafe, inflight: map[uint64]*nearFetch{}, pending: map[uint64]*nearExpect{}, lag: bench.NewHistogram()}
	c.lru, _ = simplelru.NewLRU[uint64, nearEntry](size, nil) // its callback also sees removals: evictions are Add's
	return c
}

// get returns key k's cached version when the cache holds it, younger than
// the ttl at now; an entry past its ttl is dropped.
func (c *nearCache) get(k uint64, now time.Duration) (uint64, bool) {
	e, ok := c.lookup(k, now)
	return e.v, ok
}

// lookup is get returning the whole entry.
func (c *nearCache) lookup(k uint64, now time.Duration) (nearEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lookups++
	e, ok := c.lru.Get(k)
	if !ok {
		return nearEntry{}, false
	}
	if now-e.at >= c.ttl {
		c.lru.Remove(k)
		return nearEntry{}, false
	}
	return e, true
}

// begin notes that a fetch of key k starts and returns its token for keep.
func (c *nearCache) begin(k uint64) uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	f := c.inflight[k]
	if f == nil {
		f = &nearFetch{}
		c.inflight[k] = f
	}
	f.n++
	return c.gen
}

// end notes that the fetch of key k with token ends; with ok it returned
// version v at now, which is kept unless an invalidation of k arrived since
// the fetch began (near-unsafe keeps it anyway, untracked). It reports
// whether the value was kept.
func (c *nearCache) end(k, token, v uint64, ok bool, now time.Duration) bool {
	return c.endSuperseded(k, token, v, ok, false, now)
}

// endSuperseded is end for a version v that superseded says was already
// superseded in the source when the fetch ended.
func (c *nearCache) endSuperseded(k, token, v uint64, ok, superseded bool, now time.Duration) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	f := c.inflight[k]
	invalidated := f != nil && f.invalAt > token
	if f != nil {
		if f.n--; f.n <= 0 {
			delete(c.inflight, k)
		}
	}
	if !ok || invalidated && !c.unsafe {
		return false
	}
	if c.lru.Add(k, nearEntry{v: v, at: now, tracked: !invalidated, superseded: superseded}) && c.measuring {
		c.evictions++
	}
	if n := int64(c.lru.Len()); n > c.peak {
		c.peak = n
	}
	return true
}

// invalidate drops key k on an invalidation received at now, marks its
// fetches in progress, and settles the ledger's expectation of it.
func (c *nearCache) invalidate(k uint64, now time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	if f := c.inflight[k]; f != nil {
		f.invalAt = c.gen
	}
	c.lru.Remove(k)
	c.received++
	c.settle(k, now)
}

// flush drops every entry and marks every fetch in progress: the server
// may have stopped telling this instance of changes (its tracking
// connection was replaced) or said everything changed.
func (c *nearCache) flush() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for _, f := range c.inflight {
		f.invalAt = c.gen
	}
	c.lru.Purge()
	c.flushes++
	clear(c.pending) // nothing is held any more: no invalidation is owed
}

// startMeasuring zeroes the counters and forgets the invalidations owed
// for writes of the warm-up; entries and fetches stay.
func (c *nearCache) startMeasuring() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.measuring = true
	clear(c.pending)
	c.evictions, c.received, c.flushes, c.expected, c.beforeAck, c.windowReads, c.windowStale = 0, 0, 0, 0, 0, 0, 0
	c.peak = int64(c.lru.Len())
	c.lag.Reset()
}
