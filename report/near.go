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
