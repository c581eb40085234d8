package main

import (
	"context"
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
}

// runCapacity searches, on one target, the highest open-loop arrival rate
// whose latency meets the SLO, with the scenario's first workload: it steps
// the rate up by a factor while steps meet the SLO, then bisects. Each step
// runs the workload for its duration (--duration) from a fresh modelled
// source; the cache stays as the previous step left it.
func runCapacity(ctx context.Context, o *runOptions, t target.Target, c redis.UniversalClient, keyPrefix string, stdout io.Writer) (*report.Capacity, error) {
	w := o.plan.Workloads()[0]
	fmt.Fprintf(stdout, "capacity of %s: %s with workload %s (%d workers), starting at %.0f ops/s, at most %d steps\n",
		t.Name, o.capacity.slo, w.Name, w.Workers, o.capacity.startRate, o.capacity.maxSteps)
	out := &report.Capacity{SLO: o.capacity.slo.String(), Metric: o.capacity.slo.Metric, Steps: []report.CapacityStep{}}
	judge := sloJudge{o.capacity.slo}
	probe := func(ctx context.Context, rate float64) (bench.CapacityStep, error) {
		ca := o.plan.NewCacheAside(0, t, c, keyPrefix)
		defer ca.Close()
		cfg := o.plan.BenchConfig(0)
		cfg.Rate = rate
		res, err := bench.Run(ctx, cfg, ca)
		if err != nil {
			return bench.CapacityStep{}, err
		}
		st := bench.NewCapacityStep(judge, rate, res)
		verdict := "meets the SLO"
		switch {
		case len(st.Invalid) > 0:
			verdict = "invalid: " + st.Invalid[0]
		case !st.OK:
			verdict = "misses the SLO"
		}
		fmt.Fprintf(stdout, "  %10.0f ops/s: achieved %10.0f, %s %s: %s\n", rate, st.Achieved,
			o.capacity.slo.Metric, st.Value, verdict)
		return st, nil
	}
	res, err := bench.SearchCapacity(ctx, bench.CapacityOptions{
		Judge: judge, StartRate: o.capacity.startRate, MaxSteps: o.capacity.maxSteps,
	}, probe)
	for _, st := range res.Steps {
		out.Steps = append(out.Steps, report.CapacityStep{
			RateOpsS: st.Rate, AchievedOpsS: st.Achieved, ValueMs: float64(st.Value) / 1e6, OK: st.OK, Invalid: st.Invalid,
		})
	}
	out.MaxRateOpsS = res.MaxRate
	if res.MaxRate > 0 {
		fmt.Fprintf(stdout, "  capacity: %.0f ops/s within %s (search stopped: %s)\n", res.MaxRate, o.capacity.slo, res.Stop)
	} else {
		fmt.Fprintf(stdout, "  capacity: no rate tried met %s (search stopped: %s); try a lower --start-rate or more --workers\n", o.capacity.slo, res.Stop)
	}
	if ctx.Err() != nil {
		return out, nil // interrupted: the steps so far are the partial result
	}
	return out, err
}

// sloJudge holds the capacity steps to an SLO, reading each engine result
// as report.json holds it.
type sloJudge struct{ slo gate.SLO }

func (j sloJudge) Metric() string { return j.slo.Metric }

func (j sloJudge) Value(r *bench.Result) (time.Duration, bool) {
	w := report.FromBench(r)
	return j.slo.Value(&w)
}

func (j sloJudge) Met(v time.Duration) bool { return j.slo.Met(v) }
