package bench

import (
	"fmt"
	"math"
	"time"
)

// Judge holds the steps of a capacity search to an objective. The caller
// supplies it (the command builds one from an SLO such as "hit.p99<1ms"):
// bench knows no metric grammar.
type Judge interface {
	// Metric names the latency judged ("read", "hit"), for a step's reasons.
	Metric() string
	// Quantile is the percentile judged, in (0, 100] as hdrhistogram takes
	// it (99 for p99, 100 for the maximum); it sets the samples a step
	// needs (MinSamples).
	Quantile() float64
	// Limit is the bound of the objective, for the noise margin.
	Limit() time.Duration
	// Value reads the figure off an engine result and the number of
	// samples it rests on (0 when the result has none).
	Value(r *Result) (v time.Duration, samples int64)
	// Met reports whether a figure meets the objective.
	Met(v time.Duration) bool
}

// Verdicts of a capacity step (CapacityStep.Verdict).
const (
	// VerdictMet: the step measured its rate and met the objective.
	VerdictMet = "met"
	// VerdictMissed: the step measured its rate and missed the objective.
	VerdictMissed = "missed"
	// VerdictGenerator: the generator could not keep the rate (the
	// engine's validity rules: achieved rate, backlog, generator
	// bottleneck); inconclusive, never a miss.
	VerdictGenerator = "generator-limited"
	// VerdictTooFew: the step had fewer samples of the metric than its
	// percentile needs (MinSamples); inconclusive.
	VerdictTooFew = "too few samples"
	// VerdictInterrupted: the context was cancelled during the step.
	VerdictInterrupted = "interrupted"
)

// GeneratorLag begins the Reason of a step that missed by the generator's
// lateness.
const GeneratorLag = "generator lag"

// Roles of a capacity step (CapacityStep.Role).
const (
	// RoleSearch: the first run at its rate.
	RoleSearch = "search"
	// RoleRepeat: a run again at a rate whose runs were close to the limit
	// or disagreed (the noise rule, see SearchCapacity).
	RoleRepeat = "repeat"
	// RoleConfirm: a run again at the answer or the rate just above it,
	// to confirm the bracket.
	RoleConfirm = "confirm"
)

// MinSamples returns the samples a step needs for a percentile q (0–100]:
// ten beyond it, 10/(1 − q/100), so p50 needs 20, p90 100, p99 1,000 and
// p99.9 10,000; the maximum (100) is given 1,000, like p99.
func MinSamples(q float64) int64 {
	if q >= 100 {
		return 1000
	}
	n := 10 / (1 - q/100)
	return int64(math.Ceil(n * (1 - 1e-9))) // 99.9 gives 10000.000000000009
}

// CapacityStep is one run of the capacity search.
type CapacityStep struct {
	// Rate is the target arrival rate of the step, in ops/s.
	Rate float64
	// Achieved is the step's Result.AchievedRate, in ops/s.
	Achieved float64
	// Value is the objective's figure of the step (Judge.Value) and
	// Samples the samples it rests on.
	Value   time.Duration
	Samples int64
	// LagP99 is the p99 of the step's Lag: how late the generator started
	// operations, part of every latency measured from the intended start.
	LagP99 time.Duration
	// CPUWaitClause ends a sentence saying how long a second the
	// client's threads waited for a CPU another task held, "" when unknown
	// or none: the part of LagP99 no generator on this machine could avoid.
	CPUWaitClause string
	// Busy is the mean number of workers busy with reads (Little's law:
	// achieved rate × mean service time) out of Workers.
	Busy    float64
	Workers int
	// ServiceMean is the mean service time (actual start to end).
	ServiceMean time.Duration
	// Invalid lists why the engine's run does not measure its rate
	// (Result.Invalid), and "interrupted" when it was.
	Invalid []string
	// ShortOfRate and GeneratorBottleneck are the Result's: which engine
	// rules made the step Invalid.
	ShortOfRate, GeneratorBottleneck bool
	// Saturated is true when the step fell short of its rate because the
	// server slowed down under it (see decide): a miss, not the
	// generator's limit.
	Saturated bool
	// BaseService is the mean service time of the search's unloaded steps
	// (the least of the steps that met) when the step was decided; 0 when
	// none had met.
	BaseService time.Duration
	// Interrupted is true when the step's run was cut short.
	Interrupted bool
	// Verdict is VerdictMet, VerdictMissed, VerdictGenerator, VerdictTooFew
	// or VerdictInterrupted; set by SearchCapacity.
	Verdict string
	// Marginal is true when Value lies within the noise margin of the
	// limit, so that the rate is run again before it is decided.
	Marginal bool
	// Role is RoleSearch, RoleRepeat or RoleConfirm; set by SearchCapacity.
	Role string
	// OK is Verdict == VerdictMet.
	OK bool
	// Result is the engine's result of the step, when the probe keeps it
	// (for the report); SearchCapacity does not read it.
	Result *Result
}

// NewCapacityStep returns the capacity step of an engine result r at rate,
// judged by j: its achieved rate, the objective's value and samples, and
// r's Invalid reasons plus "interrupted" when r is. SearchCapacity sets
// its verdict.
func NewCapacityStep(j Judge, rate float64, r *Result) CapacityStep {
	st := CapacityStep{Rate: rate, Achieved: r.AchievedRate, Result: r}
	st.Invalid = append(st.Invalid, r.Invalid...)
	st.ShortOfRate, st.GeneratorBottleneck = r.ShortOfRate, r.GeneratorBottleneck
	if r.Interrupted {
		st.Interrupted = true
		st.Invalid = append(st.Invalid, "interrupted")
	}
	st.Value, st.Samples = j.Value(r)
	if r.Lag != nil {
		st.LagP99 = time.Duration(r.Lag.ValueAtQuantile(99))
	}
	if r.Service != nil {
		st.ServiceMean = time.Duration(r.Service.Mean())
		st.Busy = r.AchievedRate * r.Service.Mean() / 1e9
	}
	st.Workers = r.Workers
	st.CPUWaitClause = r.Client.cpuWaitClause(r.Elapsed)
	return st
}

// decide sets st's Verdict, OK and Marginal: interrupted, then
// saturated (a miss, see saturated), then generator-limited (any other
// Invalid reason: the engine's rules are about the generator keeping its
// rate), then too few samples, then met or missed; a decisive value within
// margin × limit of the limit is Marginal. base is the mean service time
// of the search's unloaded steps (0 = none yet).
//
// A miss is generator-limited too when it is the generator's lateness
// (laggedByGenerator): the figure less the lag's p99 would meet the
// objective, while most workers were idle (Busy below half the Workers),
// so operations did not wait for a free worker, as they do when the
// server saturates, but for the generator's own timing.
func (st *CapacityStep) decide(j Judge, minSamples int64, margin float64, base time.Duration) {
	st.Marginal, st.BaseService = false, base
	st.Saturated = !st.Interrupted && st.saturated(base)
	switch {
	case st.Interrupted:
		st.Verdict = VerdictInterrupted
	case st.Saturated:
		st.Verdict = VerdictMissed
	case len(st.Invalid) > 0:
		st.Verdict = VerdictGenerator
	case st.Samples < minSamples:
		st.Verdict = VerdictTooFew
	case j.Met(st.Value):
		st.Verdict = VerdictMet
	case st.laggedByGenerator(j):
		st.Verdict = VerdictGenerator
	default:
		st.Verdict = VerdictMissed
	}
	if !st.Saturated && (st.Verdict == VerdictMet || st.Verdict == VerdictMissed) {
		limit := float64(j.Limit())
		st.Marginal = math.Abs(float64(st.Value)-limit) <= margin*limit
	}
	st.OK = st.Verdict == VerdictMet
}

// saturatedBusy is the share of the workers busy on average from which a
// step short of its rate had no worker to spare.
const saturatedBusy = 0.9

// saturatedSlowdown is how much slower than at the unloaded steps the
// service must be for a step short of its rate to be the server's doing.
const saturatedSlowdown = 2

// saturated reports whether the step fell short of its rate because the
// server could not keep it: the rate rule alone made it Invalid (the
// client had CPU to spare), every worker was busy waiting for replies,
// and the replies came at least saturatedSlowdown times slower than at the
// search's unloaded steps (base; with none yet, the slowdown is assumed).
// With the service as fast as unloaded, busy workers are too few workers
// for the rate: the generator's limit.
func (st *CapacityStep) saturated(base time.Duration) bool {
	return st.shortWithWorkersBusy() && (base == 0 || st.ServiceMean >= saturatedSlowdown*base)
}

// shortWithWorkersBusy reports whether the rate rule alone made the step
// Invalid while every worker was busy: the server saturated, or the
// workers are too few for the rate (saturated tells which).
func (st *CapacityStep) shortWithWorkersBusy() bool {
	return st.ShortOfRate && !st.GeneratorBottleneck && len(st.Invalid) == 1 &&
		st.Workers > 0 && st.Busy >= saturatedBusy*float64(st.Workers)
}

// laggedByGenerator reports whether the step's operations were late to
// start by the generator's doing (see decide).
func (st *CapacityStep) laggedByGenerator(j Judge) bool {
	return st.Workers > 0 && st.LagP99 > 0 && j.Met(st.Value-st.LagP99) && st.Busy < float64(st.Workers)/2
}

// Reason returns why the step counts as it does, for the console and the
// report: e.g. "too few samples: 312 of hit, p99 needs 1000".
func (st *CapacityStep) Reason(j Judge, minSamples int64) string {
	switch st.Verdict {
	case VerdictMissed:
		if st.Saturated {
			return st.saturationReason()
		}
	case VerdictGenerator, VerdictInterrupted:
		if st.shortWithWorkersBusy() {
			return fmt.Sprintf("%s; all %d workers were busy at the service time of the unloaded steps (%.3f ms): more --workers would keep the rate",
				st.Invalid[0], st.Workers, float64(st.ServiceMean)/1e6)
		}
		if len(st.Invalid) > 0 {
			return st.Invalid[0]
		}
		return fmt.Sprintf("%s: operations started up to %.3f ms late (lag p99); %s %s less that lag, %.3f ms, would meet the limit; %.1f of %d workers were busy on average%s",
			GeneratorLag, float64(st.LagP99)/1e6, j.Metric(), quantileName(j.Quantile()), float64(st.Value-st.LagP99)/1e6, st.Busy, st.Workers, st.CPUWaitClause)
	case VerdictTooFew:
		return fmt.Sprintf("too few samples: %d of %s, %s needs %d", st.Samples, j.Metric(), quantileName(j.Quantile()), minSamples)
	}
	return ""
}

// saturationReason says why a Saturated step missed.
func (st *CapacityStep) saturationReason() string {
	since := "with no unloaded step to compare"
	if st.BaseService > 0 {
		since = fmt.Sprintf("from %.3f ms at the unloaded steps", float64(st.BaseService)/1e6)
	}
	return fmt.Sprintf("server saturated: achieved %s of %s ops/s with %.1f of %d workers busy on average; its service time rose to %.3f ms %s",
		FormatRate(st.Achieved), FormatRate(st.Rate), st.Busy, st.Workers, float64(st.ServiceMean)/1e6, since)
}

// quantileName writes a percentile as p99, p99.9 or max.
func quantileName(q float64) string {
	if q >= 100 {
		return "max"
	}
	return "p" + fmt.Sprint(q)
}
