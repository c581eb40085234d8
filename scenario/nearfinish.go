package scenario

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/cacheaside/bench/bench"
	"github.com/cacheaside/bench/report"
)

// nearGrace is how long Finish waits for invalidations still owed before
// it counts them lost: far beyond any lag a working server shows on a
// network (milliseconds), short enough not to stretch a run.
const nearGrace = 2 * time.Second

// fillNear reports the near caches (report.Near) and the invalidation lag
// histogram, after waiting up to nearGrace (bounded by ctx) for the
// invalidations still owed.
func (c *CacheAside) fillNear(ctx context.Context, res *bench.Result, rw *report.Workload) {
	if c.instances[0].near == nil {
		return
	}
	owed := func() (n int64) {
		for _, in := range c.instances {
			n += in.near.cache.owed()
		}
		return n
	}
	for deadline := time.Now().Add(nearGrace); owed() > 0 && time.Now().Before(deadline) && ctx.Err() == nil; {
		time.Sleep(5 * time.Millisecond)
	}
	n := &report.Near{
		Hits:      res.Counters[cacheAsideCounters[cntNearHits]],
		RedisHits: res.Counters[cacheAsideCounters[cntNearRedisHits]],
		StaleHits: res.Counters[cacheAsideCounters[cntNearStaleHits]],

		StaleWindowHits: res.Counters[cacheAsideCounters[cntNearStaleWindowHits]],
	}
	n.Misses = max(rw.Reads-n.Hits, 0)
	if rw.Reads > 0 {
		n.HitRatio = math.Round(float64(n.Hits)/float64(rw.Reads)*1e6) / 1e6
	}
	if n.Hits > 0 {
		n.StaleHitRatio = math.Round(float64(n.StaleHits)/float64(n.Hits)*1e6) / 1e6
	}
	n.StaleHitRatioCILow, n.StaleHitRatioCIHi = report.Wilson(n.StaleHits, n.Hits)
	lag := bench.NewHistogram()
	var redials, repointed int64
	var windowStale float64
	for _, in := range c.instances {
		nc := in.near.cache
		lost := nc.owed()
		nc.mu.Lock()
		lag.Merge(nc.lag)
		n.InvalidationsReceived += nc.received
		n.InvalidationsExpected += nc.expected
		n.InvalidationsLost += lost
		n.InvalidationsBeforeAck += nc.beforeAck
		n.Flushes += nc.flushes
		n.Evictions += nc.evictions
		n.EntriesPeak = max(n.EntriesPeak, nc.peak)
		n.StaleWindowReads += nc.windowReads
		windowStale += nc.windowStale
		n.Instances = append(n.Instances, report.NearInstance{InvalidationsReceived: nc.received, InvalidationsExpected: nc.expected, InvalidationsLost: lost})
		nc.mu.Unlock()
		redials += in.near.lostSub.Load()
		repointed += in.near.repointed.Load()
	}
	rw.Near = n
	c.fillNearBound(res, rw, lag)
	if c.instances[0].near.cache.keyProb != nil && c.replay == nil && rw.Writes > 0 {
		n.StaleHitsExpectedInWindows = sig4(windowStale)
	}
	if l := report.NewLatency(lag); l.Count > 0 {
		rw.Latency["invalidation_lag"] = l
	}
	switch {
	case redials > 0 && repointed >= redials:
		rw.Warnings = append(rw.Warnings, fmt.Sprintf("near cache: an invalidation subscriber was redialled %d time(s); each time its instance flushed, kept nothing until the tracking was re-pointed to the new connection, and went on", redials))
	case redials > 0:
		rw.Warnings = append(rw.Warnings, fmt.Sprintf("near cache: an invalidation subscriber was redialled %d time(s) and the tracking re-pointed after %d: its instance flushed and kept nothing fetched since", redials, repointed))
	}
	if n.InvalidationsLost > 0 {
		rw.Warnings = append(rw.Warnings, fmt.Sprintf("near cache: %d of %d invalidations owed to instances did not arrive within %s", n.InvalidationsLost, n.InvalidationsExpected, nearGrace))
	}
}
