package scenario

import (
	"time"

	"github.com/cacheaside/bench/bench"
	"github.com/cacheaside/bench/report"
)

// fillTrace reports a trace replay: what was read and replayed, the lines
// skipped, the trace time covered and, at a speed, how the replay kept the
// trace's clock.
func (c *CacheAside) fillTrace(res *bench.Result, rw *report.Workload) {
	a := c.replay.account()
	t := &report.Trace{
		File: c.replay.file, Format: a.format, Compression: a.compressn, Speed: c.replay.speed,
		Reads:   res.Counters[cacheAsideCounters[cntTraceReads]],
		Writes:  res.Counters[cacheAsideCounters[cntTraceWrites]],
		Deletes: res.Counters[cacheAsideCounters[cntTraceDeletes]],
		Read:    a.read, Ended: a.ended, Skipped: a.skipped, SkipReasons: a.reasons,
		CoveredS: round3(a.covered.Seconds()),
	}
	t.Requests = t.Reads + t.Writes + t.Deletes
	if c.replay.speed > 0 {
		if a.wall > 0 {
			t.AchievedSpeed = round3(a.covered.Seconds() / a.wall.Seconds())
		}
		if res.Lag != nil && res.Lag.TotalCount() > 0 {
			t.LagP50Ms = round3(ms(time.Duration(res.Lag.ValueAtQuantile(50))))
			t.LagP99Ms = round3(ms(time.Duration(res.Lag.ValueAtQuantile(99))))
			t.LagMaxMs = round3(ms(time.Duration(res.Lag.Max())))
		}
	}
	rw.Trace = t
}
