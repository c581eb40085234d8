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
// are the ground truth for source calls and calls in flight. Memory grows
// only with the keys written, never with the key space.
type Source struct {
	latency  LatencyDist
	sem      chan struct{}
	calls    atomic.Int64
	writes   atomic.Int64
	inFlight atomic.Int64
	peak     atomic.Int64
	shards   [versionShards]versionShard
}

const versionShards = 256

type versionShard struct {
	mu sync.Mutex
	m  map[uint64]uint64
	_  [40]byte // keep shards on separate cache lines
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
	s := &Source{latency: latency}
	if concurrency > 0 {
		s.sem = make(chan struct{}, concurrency)
	}
	return s
}

// Version returns key k's current version.
func (s *Source) Version(k uint64) uint64 {
	sh := &s.shards[k%versionShards]
	sh.mu.Lock()
	v := sh.m[k]
	sh.mu.Unlock()
	return v
}

// Load reads key k from the source: it waits for a slot under the cap, takes
// one latency and returns the version current at the end of the read.
func (s *Source) Load(ctx context.Context, k uint64, rng *rand.Rand) (uint64, error) {
	s.calls.Add(1)
	if err := s.call(ctx, rng); err != nil {
		return 0, err
	}
	return s.Version(k), nil
}

// Write updates key k in the source, taking one latency, and returns the
// new version.
func (s *Source) Write(ctx context.Context, k uint64, rng *rand.Rand) (uint64, error) {
	s.writes.Add(1)
	if err := s.call(ctx, rng); err != nil {
		return 0, err
	}
	sh := &s.shards[k%versionShards]
	sh.mu.Lock()
	if sh.m == nil {
		sh.m = make(map[uint64]uint64)
	}
	sh.m[k]++
	v := sh.m[k]
	sh.mu.Unlock()
	return v, nil
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
// peak start again from the calls in flight now.
func (s *Source) ResetStats() {
	s.calls.Store(0)
	s.writes.Store(0)
	s.peak.Store(s.inFlight.Load())
}
