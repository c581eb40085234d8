package bench

import (
	"fmt"
	"time"
)

// MaxRateShortfall is the largest fraction by which an open-loop run's
// AchievedRate may fall short of its scheduled rate and still be valid.
const MaxRateShortfall = 0.01

// finishOpen fills res's open-loop fields from the dispatcher's schedule
// and returns the Elapsed to report: the measured wall time, extended to
// the latest intended start handed out (a worker stopped by cancellation
// may hold one not yet due), so that no time-series point lies after
// Elapsed.
func (e *engine) finishOpen(res *Result, recs []*Recorder, elapsed time.Duration) time.Duration {
	cfg, sch := e.cfg, e.disp.schedule()
	if sch.issued > 0 {
		elapsed = max(elapsed, sch.lastAt-cfg.Warmup)
	}
	res.TargetRate = cfg.Rate
	if cfg.Schedule != nil {
		res.TargetRate = 0 // set below to the schedule's own pace
	}
	res.Backlog = sch.backlog
	var lastStart time.Duration
	for _, r := range recs {
		lastStart = max(lastStart, r.lastStart)
	}

	// W: the measured span of the schedule.
	var window time.Duration
	switch {
	case res.Interrupted:
		window = elapsed
	case sch.ended && sch.nextAt > cfg.Warmup && (cfg.Duration == 0 || sch.nextAt-cfg.Warmup < cfg.Duration):
		window = sch.nextAt - cfg.Warmup // the Ops quota ended the schedule
	case cfg.Duration > 0:
		window = cfg.Duration
	default:
		window = elapsed
	}
	if span := max(window, lastStart); span > 0 {
		res.AchievedRate = float64(res.Ops) / span.Seconds()
	}
	if res.Interrupted || window <= 0 {
		return elapsed
	}
	scheduled := float64(res.Ops+res.Backlog) / window.Seconds()
	if cfg.Schedule != nil {
		res.TargetRate = scheduled
	}
	if scheduled > 0 && res.AchievedRate < (1-MaxRateShortfall)*scheduled {
		arrivals := fmt.Sprintf("target %g, %s arrivals", cfg.Rate, cfg.Arrival)
		if cfg.Schedule != nil {
			arrivals = "the caller's schedule"
		}
		reason := fmt.Sprintf("rate: achieved %.1f ops/s is %.1f%% short of the scheduled %.1f ops/s (%s)",
			res.AchievedRate, 100*(1-res.AchievedRate/scheduled), scheduled, arrivals)
		if res.Backlog > 0 {
			reason += fmt.Sprintf("; %d operations due were never started", res.Backlog)
		}
		res.Invalid = append(res.Invalid, reason)
		res.ShortOfRate = true
	}
	return elapsed
}

// bottleneckLag is the lag p99 up to which the generator-bottleneck rule
// never fires: a millisecond, the precision of the timers the open loop
// had before it spun (SpinWindow), so the rule judges as it always did.
const bottleneckLag = time.Millisecond

// judge adds the generator-bottleneck rule to res.Invalid (see
// Result.Invalid) and the client-bound warning to res.Warnings.
func (res *Result) judge() {
	if res.TargetRate > 0 && res.Client.Bound {
		lag := time.Duration(res.Lag.ValueAtQuantile(99))
		service := time.Duration(res.Service.ValueAtQuantile(99))
		if lag > bottleneckLag && lag > service {
			res.GeneratorBottleneck = true
			res.Invalid = append(res.Invalid, fmt.Sprintf(
				"generator bottleneck: lag p99 %v exceeds service p99 %v while the client used %.0f%% of its %d cores%s",
				lag.Round(time.Microsecond), service.Round(time.Microsecond), 100*res.Client.CPUUtil, res.Client.GOMAXPROCS,
				res.Client.cpuWaitClause(res.Elapsed)))
		}
	}
	if w := res.Client.Warning(); w != "" {
		res.Warnings = append(res.Warnings, w)
	}
}
