package report

// Near is what the in-process near cache of strategies near and
// near-unsafe did (docs/near-cache.md): its hits, the server's
// invalidations that reached it, and its stale hits. Counts are over the
// measured time and all instances.
type Near struct {
	// Hits are reads served by a near cache without touching Redis;
	// HitRatio = Hits / reads.
	Hits     int64   `json:"hits"`
	HitRatio float64 `json:"hit_ratio"`
	// Misses are reads the near cache could not serve; RedisHits are the
	// misses that Redis then served.
	Misses    int64 `json:"misses"`
	RedisHits int64 `json:"redis_hits"`
	// InvalidationsReceived counts the keys named by the invalidation
	// messages the instances received (a key read on several connections
	// of one instance is named once per connection with default tracking).
	InvalidationsReceived int64 `json:"invalidations_received"`
	// InvalidationsExpected counts the writes that owed an instance an
	// invalidation (the instance held the key with tracking in place, or
	// bcast); InvalidationsLost those still owed at the end of the run,
	// after a grace period; InvalidationsBeforeAck those that arrived
	// before the write's own reply (their lag counts as 0).
	InvalidationsExpected  int64 `json:"invalidations_expected"`
	InvalidationsLost      int64 `json:"invalidations_lost"`
	InvalidationsBeforeAck int64 `json:"invalidations_before_ack"`
	// Flushes counts whole-cache flushes: a tracked connection was
	// redialled, so its tracking was lost.
	Flushes int64 `json:"flushes,omitempty"`
	// Evictions are entries dropped for room (LRU); EntriesPeak the most
	// entries one instance held.
	Evictions   int64 `json:"evictions"`
	EntriesPeak int64 `json:"entries_peak"`
	// StaleHits are near hits that returned a version older than the
	// source's at the start of the read; StaleHitRatio = StaleHits / Hits,
	// with its 95% Wilson interval.
	StaleHits          int64   `json:"stale_hits"`
	StaleHitRatio      float64 `json:"stale_hit_ratio"`
	StaleHitRatioCILow float64 `json:"stale_hit_ratio_ci_low"`
	StaleHitRatioCIHi  float64 `json:"stale_hit_ratio_ci_high"`
	// StaleWindowHits are the stale hits of values that were current when
	// kept and still tracked: stale only until their invalidation arrived,
	// the ones StaleHitsExpected models. The rest served a value Redis
	// already held stale (the cache-aside fill race) or, with near-unsafe,
	// one kept after its invalidation.
	StaleWindowHits int64 `json:"stale_window_hits"`
	// StaleHitsExpected is the theory beside StaleWindowHits
	// (docs/near-cache.md): the stale near hits expected from reads of a
	// key between its source write and the instance's receipt of the
	// invalidation, StaleWindowMs on average (invalidate delay + the
	// write's DEL or SET + mean invalidation_lag), under the workload's key
	// distribution. StaleHitRatioExpected = StaleHitsExpected / Hits.
	// Absent where it does not apply (no writes, sequential keys, a trace).
	StaleHitsExpected     float64 `json:"stale_hits_expected,omitempty"`
	StaleHitRatioExpected float64 `json:"stale_hit_ratio_expected,omitempty"`
	StaleWindowMs         float64 `json:"stale_window_ms,omitempty"`
	// StaleWindowReads counts the reads each instance looked up inside the
	// invalidation windows of the writes that owed it an invalidation
	// (from the source write to the receipt); StaleHitsExpectedInWindows
	// is the same theory on those reads instead of an even read rate
	// times the mean window: Σ over those writes of q_k · reads in the
	// window, q_k the written key's probability. It differs from
	// StaleHitsExpected where reads bunch with writes in time (a closed
	// loop whose workers wake together).
	StaleWindowReads           int64   `json:"stale_window_reads,omitempty"`
	StaleHitsExpectedInWindows float64 `json:"stale_hits_expected_in_windows,omitempty"`
	// Instances has the invalidation counts of each application instance,
	// in order.
	Instances []NearInstance `json:"instances,omitempty"`
}

// NearInstance is one application instance's share of the invalidations.
type NearInstance struct {
	InvalidationsReceived int64 `json:"invalidations_received"`
	InvalidationsExpected int64 `json:"invalidations_expected"`
	InvalidationsLost     int64 `json:"invalidations_lost"`
}

// mergeNear adds the near sections of parts (shards or repeats of one
// workload) into one: counts add, the peak is the largest, ratios and the
// interval are recomputed over reads; the stale-hit bound adds (each part
// has its own source), its window is the largest; instances add by
// position. Nil when no part has one.
func mergeNear(parts []*Workload, reads int64) *Near {
	var m *Near
	for _, p := range parts {
		n := p.Near
		if n == nil {
			continue
		}
		if m == nil {
			m = &Near{}
		}
		m.Hits += n.Hits
		m.Misses += n.Misses
		m.RedisHits += n.RedisHits
		m.InvalidationsReceived += n.InvalidationsReceived
		m.InvalidationsExpected += n.InvalidationsExpected
		m.InvalidationsLost += n.InvalidationsLost
		m.InvalidationsBeforeAck += n.InvalidationsBeforeAck
		m.Flushes += n.Flushes
		m.Evictions += n.Evictions
		m.EntriesPeak = max(m.EntriesPeak, n.EntriesPeak)
		m.StaleHits += n.StaleHits
		m.StaleWindowHits += n.StaleWindowHits
		m.StaleHitsExpected += n.StaleHitsExpected
		m.StaleWindowReads += n.StaleWindowReads
		m.StaleHitsExpectedInWindows += n.StaleHitsExpectedInWindows
		m.StaleWindowMs = max(m.StaleWindowMs, n.StaleWindowMs)
		for i, in := range n.Instances {
			if i == len(m.Instances) {
				m.Instances = append(m.Instances, NearInstance{})
			}
			m.Instances[i].InvalidationsReceived += in.InvalidationsReceived
			m.Instances[i].InvalidationsExpected += in.InvalidationsExpected
			m.Instances[i].InvalidationsLost += in.InvalidationsLost
		}
	}
	if m == nil {
		return nil
	}
	if reads > 0 {
		m.HitRatio = round(float64(m.Hits)/float64(reads), 6)
	}
	if m.Hits > 0 {
		m.StaleHitRatio = round(float64(m.StaleHits)/float64(m.Hits), 6)
	}
	m.StaleHitRatioCILow, m.StaleHitRatioCIHi = Wilson(m.StaleHits, m.Hits)
	if m.Hits > 0 && m.StaleHitsExpected > 0 {
		m.StaleHitRatioExpected = round(m.StaleHitsExpected/float64(m.Hits), 8)
	}
	return m
}
