package report

import (
	"bytes"
	"fmt"
)

// Evictions is what the server's memory limit cost a workload: the keys
// it evicted and the reads that missed because of it.
type Evictions struct {
	// KeysEvicted and KeysExpired are INFO's evicted_keys and expired_keys
	// increase over the measured window (server_window), all nodes.
	KeysEvicted int64 `json:"keys_evicted"`
	KeysExpired int64 `json:"keys_expired"`
	// EvictionMisses are read misses on keys this run filled, did not
	// invalidate since, and whose TTL had not passed: hits lost to memory.
	// A lower bound (docs/report.md). EvictionMissRatio is their share of
	// reads: how much of the hit ratio memory cost.
	EvictionMisses    int64   `json:"eviction_misses"`
	EvictionMissRatio float64 `json:"eviction_miss_ratio"`
	// MissesTracked is false where eviction misses were not counted (a
	// key space above 2^24 keys, a trace replay): EvictionMisses is then
	// 0, not none.
	MissesTracked bool `json:"misses_tracked"`
}

// CompleteEvictions adds the server's evictions and expiries over the
// window to the eviction misses the workload counted (Finish), and drops
// the section when memory cost nothing: no key evicted, no eviction miss.
func (w *Workload) CompleteEvictions() {
	e := w.Evictions
	if e == nil {
		e = &Evictions{}
	}
	if sw := w.ServerWindow; sw != nil {
		e.KeysEvicted, e.KeysExpired = sw.EvictedKeys, sw.ExpiredKeys
	}
	if e.KeysEvicted == 0 && e.EvictionMisses == 0 {
		w.Evictions = nil
		return
	}
	e.EvictionMissRatio = 0
	if w.Reads > 0 {
		e.EvictionMissRatio = round(float64(e.EvictionMisses)/float64(w.Reads), 6)
	}
	w.Evictions = e
}

// combineEvictions adds up the repeats' evictions; nil when none has any.
func combineEvictions(parts []*Workload, reads int64) *Evictions {
	var sum *Evictions
	tracked := true
	for _, p := range parts {
		e := p.Evictions
		if e == nil {
			continue
		}
		if sum == nil {
			sum = &Evictions{}
		}
		sum.KeysEvicted += e.KeysEvicted
		sum.KeysExpired += e.KeysExpired
		sum.EvictionMisses += e.EvictionMisses
		tracked = tracked && e.MissesTracked
	}
	if sum != nil {
		sum.MissesTracked = tracked
		if reads > 0 {
			sum.EvictionMissRatio = round(float64(sum.EvictionMisses)/float64(reads), 6)
		}
	}
	return sum
}

// memoryClause says what memory cost the hit ratio, for Attribution.Why;
// "" when it cost nothing.
func (w *Workload) memoryClause() string {
	e := w.Evictions
	if e == nil || (e.EvictionMisses == 0 && e.KeysEvicted == 0) {
		return ""
	}
	if !e.MissesTracked {
		return fmt.Sprintf("memory: the server evicted %d keys (its memory limit); the misses they caused were not counted", e.KeysEvicted)
	}
	return fmt.Sprintf("memory: %d of %d misses (%s of reads) were eviction misses, keys this run filled that the server evicted (%d keys) before their TTL: hits lost to the memory limit",
		e.EvictionMisses, w.Misses, Pct(e.EvictionMissRatio, 2), e.KeysEvicted)
}

// evictionsLine writes what memory cost the workload; nothing when nothing.
func evictionsLine(b *bytes.Buffer, w *Workload) {
	e := w.Evictions
	if e == nil {
		return
	}
	misses := fmt.Sprintf("%d eviction misses (%s of reads, %d of %d misses: hits lost to memory)", e.EvictionMisses, Pct(e.EvictionMissRatio, 2), e.EvictionMisses, w.Misses)
	if !e.MissesTracked {
		misses = "eviction misses not counted (a key space above 2^24 keys, or a trace replay)"
	}
	fmt.Fprintf(b, "Evictions: %d keys evicted, %d expired on the server; %s.\n\n", e.KeysEvicted, e.KeysExpired, misses)
}
