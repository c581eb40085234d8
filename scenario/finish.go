package scenario

import (
	"context"
	"errors"
	"math"

	"github.com/cacheaside/bench/bench"
	"github.com/cacheaside/bench/report"
)

// Finish completes the report of a run of this workload: it fills in what
// the engine cannot know into rw, which report.FromBench made from res:
// strategy, source counters and herd sizes, the strategy's counters, stale
// reads and their details, the quiescence audit (which reads Redis, bounded
// by ctx) and, where a closed form applies, the expected hit ratio and
// source calls per expiry, with a warning when measurement and theory
// disagree. It waits for pending second deletes first.
func (c *CacheAside) Finish(ctx context.Context, res *bench.Result, rw *report.Workload) error {
	if res == nil || rw == nil {
		return errors.New("scenario: Finish needs a result and a report workload")
	}
	c.pending.Wait()
	rw.Strategy = c.workload.Strategy
	st := c.source.Stats()
	rw.Source.Calls, rw.Source.Writes, rw.Source.PeakInFlight = st.Calls, st.Writes, st.PeakInFlight
	rw.Source.Herd = report.NewValues(res.Values[cacheAsideValues[valHerd]])
	c.fillCounters(res, rw)
	rw.Evictions = nil
	if c.residency != nil {
		rw.Evictions = &report.Evictions{EvictionMisses: res.Counters[cacheAsideCounters[cntEvictionMisses]], MissesTracked: true}
	} else {
		rw.Evictions = &report.Evictions{} // keys evicted only (CompleteEvictions)
	}
	c.fillStaleness(res, rw)
	c.fillNear(ctx, res, rw)
	if c.replay != nil {
		// The audit reads keys by index and the closed forms assume drawn
		// keys: neither applies to a trace's keys.
		c.fillTrace(res, rw)
		return nil
	}
	cached, stale, err := c.audit(ctx)
	rw.Staleness.AuditKeys, rw.Staleness.AuditStale = cached, stale
	c.fillTheory(res, rw)
	return err
}

// fillCounters reports the counters of the workload's strategy only
// (report.FromBench copied all of them, most zero for other strategies),
// and the second deletes of "delete-twice".
func (c *CacheAside) fillCounters(res *bench.Result, rw *report.Workload) {
	rw.Counters = nil
	names := c.strategy.counters()
	if len(names) == 0 && c.workload.InvalidateMode != "delete-twice" {
		return
	}
	rw.Counters = map[string]int64{}
	for _, n := range names {
		rw.Counters[n] = res.Counters[n]
	}
	if c.workload.InvalidateMode == "delete-twice" {
		rw.Counters["second_deletes"] = c.secondDeletes.Load()
		rw.Counters["second_delete_failures"] = c.secondDeleteFailures.Load()
	}
}

// fillStaleness reports stale reads (one version_lag sample each), their
// ratio to successful reads with its 95% Wilson interval, the version lags
// and the staleness ages (moved out of the latency map).
func (c *CacheAside) fillStaleness(res *bench.Result, rw *report.Workload) {
	lag := res.Values[cacheAsideValues[valVersionLag]]
	var n int64
	if lag != nil {
		n = lag.TotalCount()
	}
	rw.StaleReads = n
	if rw.Reads > 0 {
		rw.StaleReadRatio = math.Round(float64(n)/float64(rw.Reads)*1e6) / 1e6
	}
	lo, hi := report.Wilson(n, rw.Reads)
	rw.Staleness = &report.Staleness{RatioCILow: lo, RatioCIHigh: hi, VersionLag: report.NewValues(lag)}
	ageName := cacheAsideHistograms[histStaleAge]
	if h := res.Extra[ageName]; h != nil && h.TotalCount() > 0 {
		age := report.NewLatency(h)
		rw.Staleness.Age = &age
	}
	delete(rw.Latency, ageName)
}
