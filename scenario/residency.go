package scenario

import (
	"sync/atomic"
	"time"

	"github.com/cacheaside/bench/bench"
)

// Eviction misses: a read's miss on a key this run filled, did not
// invalidate since, and whose TTL had not passed. The key was there and
// should still be; the server dropped it, to make room (maxmemory and an
// eviction policy). residency keeps, per key, until when the run's last
// fill of it holds.
//
// The count errs low, never high: a fill holds from when its SET's reply
// was noted to when its TTL, counted from when the SET was sent (the
// server's starts later), ends; a miss counts only when its GET was sent
// after the first and its reply came before the second, in whole
// milliseconds rounded towards not counting (so a GET the server ran
// before the SET is never counted). An invalidation moves the key to a new generation
// before its DEL is sent and again after its reply, and a fill is held
// only when its key's generation did not move from before its SET was
// sent to after its reply: a fill racing an invalidation, which the DEL
// may have removed, is forgotten rather than counted.

// residencyPage is how many keys share a lazily allocated page: memory
// grows with the keys filled, 12 bytes each, not with the key space.
const residencyPage = 1 << 12

// residencyMaxKeys is the largest key space tracked (a page table of 32
// KiB); above it eviction misses are not counted.
const residencyMaxKeys = 1 << 24

// residencyBlock is one page. state holds, per key, its generation (high
// 32 bits: invalidations so far) and the end of the run's last fill's TTL
// in whole milliseconds of mono (low 32 bits), 0 when the run holds no
// fill of it; from is when that fill's reply was noted, in milliseconds
// rounded up.
type residencyBlock struct {
	state [residencyPage]atomic.Uint64
	from  [residencyPage]atomic.Uint32
}

// residency tracks the run's fills per key (residencyBlock).
type residency struct {
	pages []atomic.Pointer[residencyBlock]
}

// newResidency returns the tracker of keys key indexes, nil above
// residencyMaxKeys.
func newResidency(keys uint64) *residency {
	if keys > residencyMaxKeys {
		return nil
	}
	return &residency{pages: make([]atomic.Pointer[residencyBlock], (keys+residencyPage-1)/residencyPage)}
}

func (r *residency) block(k uint64, create bool) *residencyBlock {
	if k/residencyPage >= uint64(len(r.pages)) {
		return nil // beyond the key space (a trace's key): not tracked
	}
	p := &r.pages[k/residencyPage]
	b := p.Load()
	if b == nil && create {
		p.CompareAndSwap(nil, new(residencyBlock))
		b = p.Load()
	}
	return b
}

func (r *residency) slot(k uint64, create bool) *atomic.Uint64 {
	if b := r.block(k, create); b != nil {
		return &b.state[k%residencyPage]
	}
	return nil
}

// msUp is d in whole milliseconds, rounded up.
func msUp(d time.Duration) uint32 { return uint32((d + time.Millisecond - 1) / time.Millisecond) }

// gen returns key k's generation, to be read before a fill's SET is sent.
func (r *residency) gen(k uint64) uint32 {
	if r == nil {
		return 0
	}
	if s := r.slot(k, false); s != nil {
		return uint32(s.Load() >> 32)
	}
	return 0
}

// hold notes a fill of key k in generation gen, its SET sent at sentAt
// and its reply noted at noted (mono), with TTL ttl; nothing when k was
// invalidated since gen was read.
func (r *residency) hold(k uint64, gen uint32, sentAt, noted, ttl time.Duration) {
	if r == nil {
		return
	}
	b := r.block(k, true)
	if b == nil {
		return
	}
	s := &b.state[k%residencyPage]
	until := uint64(uint32((sentAt + ttl) / time.Millisecond))
	b.from[k%residencyPage].Store(msUp(noted))
	for {
		cur := s.Load()
		if uint32(cur>>32) != gen || s.CompareAndSwap(cur, uint64(gen)<<32|until) {
			return
		}
	}
}

// drop notes an invalidation of key k: before its DEL is sent and again
// after its reply.
func (r *residency) drop(k uint64) {
	if r == nil {
		return
	}
	s := r.slot(k, true)
	if s == nil {
		return
	}
	for {
		cur := s.Load()
		if s.CompareAndSwap(cur, (cur>>32+1)<<32) {
			return
		}
	}
}

// held says whether a miss of key k, its GET sent at sent and its reply
// seen at now (mono), was of a key the run's fill should still hold.
func (r *residency) held(k uint64, sent, now time.Duration) bool {
	if r == nil {
		return false
	}
	b := r.block(k, false)
	if b == nil {
		return false
	}
	until := uint32(b.state[k%residencyPage].Load())
	from := b.from[k%residencyPage].Load()
	return until != 0 && msUp(now) < until && uint32(sent/time.Millisecond) > from
}

// missed notes a cache miss of key k, just seen: at the source (its fill
// episode) and, when the run's fill should still hold k, as an eviction
// miss.
func (w *worker) missed(rec *bench.Recorder, k uint64) {
	w.ca.source.Miss(k)
	if w.ca.residency.held(k, w.getSent, mono()) {
		rec.Add(cntEvictionMisses, 1)
	}
}
