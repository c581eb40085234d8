package scenario

import (
	"context"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"
)

// Source models the system of record behind the cache: every call takes a
// latency drawn from its distribution, calls beyond an optional concurrency
// cap queue, every key has a version that writes increment, and its counters
// are the ground truth for source calls and calls in flight. It also tracks
// the fill episodes of keys (herd.go). Memory grows only with the keys
// written and the episodes open, never with the key space.
type Source struct {
	latency  LatencyDist
	sem      chan struct{}
	epoch    time.Time // origin of the bump times kept per written key
	calls    atomic.Int64
	writes   atomic.Int64
	inFlight atomic.Int64
	peak     atomic.Int64
	written  atomic.Bool // a key's version has changed: until then every version is 0
	shards   [versionShards]versionShard
}

const versionShards = 256

// bumpTimes is how many of a key's latest version bumps keep their time,
// for the staleness age of reads that return an older version.
const bumpTimes = 4

// keyVersion is a written key's version and the times (since the source's
// epoch) at which its latest versions appeared: at[v%bumpTimes] is when
// version v did, for the last bumpTimes versions.
type keyVersion struct {
	v  uint64
	at [bumpTimes]time.Duration
}

type versionShard struct {
	mu       sync.Mutex
	m        map[uint64]keyVersion
	episodes map[uint64]int64 // open fill episodes: key → source calls so far
	_        [40]byte         // keep shards on separate cache lines
}

// SourceStats are the source's counters.
type SourceStats struct {
	// Calls are loads that reached the source.
	Calls int64 `json:"calls"`
	// Writes are writes that reached the source.
	Writes int64 `json:"writes"`
	// PeakInFlight is the most loads and writes in progress at once.
	PeakInFlight int64 `json:"peak_in_flight"`
}

// NewSource returns a source with the given latency and concurrency cap
// (0 = none). All keys start at version 0.
func NewSource(latency LatencyDist, concurrency int) *Source {
	s := &Source{latency: latency, epoch: time.Now()}
	if concurrency > 0 {
		s.sem = make(chan struct{}, concurrency)
	}
	return s
}

func (s *Source) shard(k uint64) *versionShard { return &s.shards[k%versionShards] }

// Version returns key k's current version.
func (s *Source) Version(k uint64) uint64 {
	if !s.written.Load() { // a workload without writes reads no lock
		return 0
	}
	sh := s.shard(k)
	sh.mu.Lock()
	v := sh.m[k].v
	sh.mu.Unlock()
	return v
}

// Load reads key k from the source: it waits for a slot under the cap, takes
// one latency and returns the version current at the end of the read. The
// call counts towards key k's open fill episode, if any.
func (s *Source) Load(ctx context.Context, k uint64, rng *rand.Rand) (uint64, error) {
	s.calls.Add(1)
	s.countEpisodeCall(k)
	if err := s.call(ctx, rng); err != nil {
		return 0, err
	}
	return s.Version(k), nil
}

// Write updates key k in the source, taking one latency, and returns the
// new version. The time of the new version is kept for staleness ages.
func (s *Source) Write(ctx context.Context, k uint64, rng *rand.Rand) (uint64, error) {
	s.writes.Add(1)
	if err := s.call(ctx, rng); err != nil {
		return 0, err
	}
	now := time.Since(s.epoch)
	s.written.Store(true)
	sh := s.shard(k)
	sh.mu.Lock()
	if sh.m == nil {
		sh.m = make(map[uint64]keyVersion)
	}
	kv := sh.m[k]
	kv.v++
	kv.at[kv.v%bumpTimes] = now
	sh.m[k] = kv
	sh.mu.Unlock()
	return kv.v, nil
}

// SupersededFor returns how long version v of key k has been superseded:
// the time since version v+1 appeared, or 0 when v is current. When v+1 is
// older than the last few versions whose times are kept, it returns the
// time since the oldest kept one, a lower bound.
func (s *Source) SupersededFor(k, v uint64) time.Duration {
	now := time.Since(s.epoch)
	sh := s.shard(k)
	sh.mu.Lock()
	kv := sh.m[k]
	sh.mu.Unlock()
	if v >= kv.v {
		return 0
	}
	next := v + 1
	if kv.v-next >= bumpTimes {
		next = kv.v - (bumpTimes - 1)
	}
	return max(now-kv.at[next%bumpTimes], 0)
}

// Written calls f for the keys written so far with their current versions,
// at most limit of them (in no particular order), and returns how many it
// visited. f must not call back into s.
func (s *Source) Written(limit int, f func(k, v uint64)) int {
	n := 0
	for i := range s.shards {
		sh := &s.shards[i]
		sh.mu.Lock()
		for k, kv := range sh.m {
			if n >= limit {
				break
			}
			f(k, kv.v)
			n++
		}
		sh.mu.Unlock()
		if n >= limit {
			break
		}
	}
	return n
}

// call occupies a slot for one latency.
func (s *Source) call(ctx context.Context, rng *rand.Rand) error {
	if s.sem != nil {
		select {
		case s.sem <- struct{}{}:
			defer func() { <-s.sem }()
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	n := s.inFlight.Add(1)
	defer s.inFlight.Add(-1)
	for p := s.peak.Load(); n > p && !s.peak.CompareAndSwap(p, n); p = s.peak.Load() {
	}
	return sleep(ctx, s.latency.Sample(rng))
}

// Stats returns the counters so far.
func (s *Source) Stats() SourceStats {
	return SourceStats{Calls: s.calls.Load(), Writes: s.writes.Load(), PeakInFlight: s.peak.Load()}
}

// sleep waits d or until ctx is done. Go timers round sub-millisecond
// sleeps up to about a millisecond on many systems (golang/go#53824), so a
// source modelled below 1 ms is slower than asked; the source histogram
// shows what it really took.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// ResetStats zeroes the counters (not the versions): calls, writes and the
// peak start again from the calls in flight now, and open fill episodes are
// forgotten, so herd sizes count measured calls only.
func (s *Source) ResetStats() {
	s.calls.Store(0)
	s.writes.Store(0)
	s.peak.Store(s.inFlight.Load())
	for i := range s.shards {
		sh := &s.shards[i]
		sh.mu.Lock()
		clear(sh.episodes)
		sh.mu.Unlock()
	}
}
