package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/bench"
	"github.com/cacheaside/bench/gate"
	"github.com/cacheaside/bench/report"
	"github.com/cacheaside/bench/target"
)

// capacityOptions are the flags of `bench capacity`.
type capacityOptions struct {
	slo       gate.SLO
	startRate float64
	maxSteps  int
	precision float64 // half-width of the final bracket, 0.02 = ±2%
}

// errNoCapacity: no rate tried met the capacity SLO; the console and the
// report say why.
var errNoCapacity = errors.New("capacity: no rate met the SLO")

// singleRequestMax bounds the closed-loop single-worker run that diagnoses
// a search in which no rate met the SLO.
const singleRequestMax = 2 * time.Second

// runCapacity searches, on one target, the highest open-loop arrival rate
// whose latency meets the SLO, with the scenario's first workload (see
// bench.SearchCapacity for the search and its noise rule). Each step runs
// the workload for --duration from a fresh modelled source; the cache stays
// as the previous step left it. When no rate meets the SLO it measures the
// latency of one request at a time and names the cause.
func runCapacity(ctx context.Context, o *runOptions, t target.Target, c redis.UniversalClient, keyPrefix string, stdout io.Writer) (*report.Capacity, error) {
	defer openLoopCPUs(o, t, stdout)()
	w := o.plan.Workloads()[0]
	slo := o.capacity.slo
	judge := sloJudge{slo}
	cfg0 := o.plan.BenchConfig(0)
	minSamples := bench.MinSamples(slo.Quantile)
	fmt.Fprintf(stdout, "capacity of %s: %s with workload %s (%d workers), steps of %s, starting at %s ops/s, to ±%s in at most %d steps; %s needs %d samples a step\n",
		t.Name, slo, w.Name, w.Workers, cfg0.Duration, bench.FormatRate(o.capacity.startRate), report.Pct(o.capacity.precision, 1),
		o.capacity.maxSteps, slo.PercentileName(), minSamples)
	var runs []report.Workload // per step, for the report and the diagnosis
	probe := func(ctx context.Context, rate float64) (bench.CapacityStep, error) {
		res, err := runStep(ctx, o, t, c, keyPrefix, cfg0, rate)
		if err != nil {
			return bench.CapacityStep{}, err
		}
		runs = append(runs, report.FromBench(res))
		return bench.NewCapacityStep(judge, rate, res), nil
	}
	onStep := func(st bench.CapacityStep) {
		printCapacityStep(stdout, slo, len(runs), st, &runs[len(runs)-1], minSamples)
	}
	res, err := bench.SearchCapacity(ctx, bench.CapacityOptions{
		Judge: judge, StartRate: o.capacity.startRate, MaxSteps: o.capacity.maxSteps,
		Precision: o.capacity.precision, Duration: cfg0.Duration, OnStep: onStep,
	}, probe)
	out := capacityReport(slo, o.capacity.precision, cfg0.Duration, &res, runs)
	if res.MaxRate == 0 && err == nil {
		single, serr := singleRequest(ctx, o, t, c, keyPrefix, cfg0)
		if serr == nil {
			bst := bench.NewCapacityStep(judge, 0, single)
			st := capacityStep(slo, bst, report.FromBench(single))
			st.OK = bst.Samples > 0 && slo.Met(bst.Value)
			st.Verdict, st.Role = map[bool]string{true: bench.VerdictMet, false: bench.VerdictMissed}[st.OK], "single request"
			out.SingleRequest = &st
		}
		out.Diagnosis = diagnoseNoCapacity(slo, out, runs)
	}
	out.Answer = capacityAnswer(slo, out)
	fmt.Fprintf(stdout, "  capacity: %s\n", out.Answer)
	if out.Diagnosis != "" {
		fmt.Fprintf(stdout, "  why: %s\n", out.Diagnosis)
	}
	if ctx.Err() != nil {
		return out, nil // interrupted: the steps so far are the partial result
	}
	return out, err
}

// runStep runs the workload once at rate.
func runStep(ctx context.Context, o *runOptions, t target.Target, c redis.UniversalClient, keyPrefix string, cfg bench.Config, rate float64) (*bench.Result, error) {
	ca := o.plan.NewCacheAside(0, t, c, keyPrefix)
	defer ca.Close()
	ca.OpenLoop(rate > 0)
	cfg.Rate = rate
	return bench.Run(ctx, cfg, ca)
}

// singleRequest runs the workload with one worker in the closed loop (one
// request at a time) for at most singleRequestMax: the lowest latency the
// target gives, whatever the arrival rate.
func singleRequest(ctx context.Context, o *runOptions, t target.Target, c redis.UniversalClient, keyPrefix string, cfg bench.Config) (*bench.Result, error) {
	cfg.Workers, cfg.Rate = 1, 0
	cfg.Duration = min(cfg.Duration, singleRequestMax)
	cfg.Warmup = min(cfg.Warmup, singleRequestMax/4)
	return runStep(ctx, o, t, c, keyPrefix, cfg, 0)
}

// printCapacityStep prints one decided step, durations to the microsecond.
func printCapacityStep(w io.Writer, slo gate.SLO, n int, st bench.CapacityStep, run *report.Workload, minSamples int64) {
	l := run.Latency[slo.Metric]
	note := ""
	if why := st.Reason(sloJudge{slo}, minSamples); why != "" {
		note = ": " + why
	}
	if st.Marginal {
		note += " (within " + report.Pct(bench.DefaultMargin, 0) + " of the limit)"
	}
	role := ""
	if st.Role != bench.RoleSearch {
		role = " [" + st.Role + "]"
	}
	fmt.Fprintf(w, "  %2d %10s ops/s: achieved %10s, %s.%s %s (p50 %s, %d samples; lag p99 %s): %s%s%s\n",
		n, bench.FormatRate(st.Rate), bench.FormatRate(st.Achieved), slo.Metric, slo.PercentileName(), msText(st.Value),
		msText(time.Duration(l.P50Ms*1e6)), st.Samples, msText(st.LagP99), st.Verdict, note, role)
}

// capacityReport turns a search into report.json's capacity.
func capacityReport(slo gate.SLO, precision float64, stepDur time.Duration, res *bench.CapacityResult, runs []report.Workload) *report.Capacity {
	out := &report.Capacity{
		SLO: slo.String(), Metric: slo.Metric, LimitMs: float64(slo.Limit) / 1e6,
		MaxRateOpsS: res.MaxRate, UpperOpsS: res.Upper, LimitedBy: res.LimitedBy,
		Confirmed: res.Confirmed, Unconfirmed: res.Unconfirmed,
		Precision: res.Precision, PrecisionTarget: precision,
		FloorOpsS: res.Floor, MinSamples: res.MinSamples, StepDurationS: stepDur.Seconds(),
		Stop: res.Stop, Steps: []report.CapacityStep{},
	}
	for i, st := range res.Steps {
		if i < len(runs) {
			out.Steps = append(out.Steps, capacityStep(slo, st, runs[i]))
		}
	}
	return out
}

// capacityStep is report.json's form of one step.
func capacityStep(slo gate.SLO, st bench.CapacityStep, run report.Workload) report.CapacityStep {
	l := run.Latency[slo.Metric]
	return report.CapacityStep{
		RateOpsS: st.Rate, AchievedOpsS: st.Achieved, ValueMs: float64(st.Value) / 1e6,
		P50Ms: l.P50Ms, P99Ms: l.P99Ms, LagP99Ms: float64(st.LagP99) / 1e6, Samples: st.Samples, OK: st.OK,
		Verdict: st.Verdict, Reason: st.Reason(sloJudge{slo}, bench.MinSamples(slo.Quantile)),
		Role: st.Role, Invalid: st.Invalid,
	}
}

// msText formats a duration in milliseconds to the microsecond, as the
// rest of the console: "15.393 ms".
func msText(d time.Duration) string {
	return fmt.Sprintf("%.3f ms", float64(d)/1e6)
}

// sloJudge holds the capacity steps to an SLO, reading each engine result
// as report.json holds it.
type sloJudge struct{ slo gate.SLO }

func (j sloJudge) Metric() string           { return j.slo.Metric }
func (j sloJudge) Quantile() float64        { return j.slo.Quantile }
func (j sloJudge) Limit() time.Duration     { return j.slo.Limit }
func (j sloJudge) Met(v time.Duration) bool { return j.slo.Met(v) }

func (j sloJudge) Value(r *bench.Result) (time.Duration, int64) {
	w := report.FromBench(r)
	v, ok := j.slo.Value(&w)
	if !ok {
		return 0, 0
	}
	return v, w.Latency[j.slo.Metric].Count
}
