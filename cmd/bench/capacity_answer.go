package main

import (
	"fmt"
	"strings"

	"github.com/cacheaside/bench/bench"
	"github.com/cacheaside/bench/gate"
	"github.com/cacheaside/bench/report"
)

// capacityAnswer is the verdict of a capacity search in one sentence, as
// the console prints it and report.json keeps it.
func capacityAnswer(slo gate.SLO, c *report.Capacity) string {
	var b strings.Builder
	switch {
	case c.MaxRateOpsS == 0 && c.LimitedBy == bench.LimitedGenerator:
		fmt.Fprintf(&b, "no rate could be held to %s: every step down to %s ops/s was generator-limited", slo, bench.FormatRate(c.UpperOpsS))
	case c.MaxRateOpsS == 0 && c.Stop == bench.StopFloor:
		fmt.Fprintf(&b, "no rate met %s down to the floor of %s ops/s (below it a %gs step has fewer than %d samples of %s for its %s)",
			slo, bench.FormatRate(c.FloorOpsS), c.StepDurationS, c.MinSamples, slo.Metric, slo.PercentileName())
	case c.MaxRateOpsS == 0:
		fmt.Fprintf(&b, "no rate tried met %s (search stopped: %s)", slo, c.Stop)
	case c.LimitedBy == bench.LimitedGenerator:
		fmt.Fprintf(&b, "at least %s ops/s: generator-limited (%s ops/s met %s; the generator could not keep %s ops/s, so the server's capacity may be higher: more --workers or --client-cpus, or a bigger client machine)",
			bench.FormatRate(c.MaxRateOpsS), bench.FormatRate(c.MaxRateOpsS), slo, bench.FormatRate(c.UpperOpsS))
	case c.LimitedBy == bench.LimitedSLO:
		fmt.Fprintf(&b, "%s ops/s meets %s; %s ops/s does not", bench.FormatRate(c.MaxRateOpsS), slo, bench.FormatRate(c.UpperOpsS))
		if c.Precision <= c.PrecisionTarget {
			fmt.Fprintf(&b, " (±%s)", report.Pct(c.Precision, 1))
		}
	case c.LimitedBy == bench.LimitedMaxRate:
		fmt.Fprintf(&b, "%s ops/s, the highest rate allowed, meets %s", bench.FormatRate(c.MaxRateOpsS), slo)
	default:
		fmt.Fprintf(&b, "at least %s ops/s meets %s (no higher rate was tried)", bench.FormatRate(c.MaxRateOpsS), slo)
	}
	if c.MaxRateOpsS > 0 && c.UpperOpsS > 0 && c.Precision > c.PrecisionTarget {
		fmt.Fprintf(&b, "; the bracket %s–%s ops/s is ±%s, not the ±%s asked for (search stopped: %s)",
			bench.FormatRate(c.MaxRateOpsS), bench.FormatRate(c.UpperOpsS), report.Pct(c.Precision, 1), report.Pct(c.PrecisionTarget, 1), c.Stop)
	}
	if c.Confirmed {
		b.WriteString("; confirmed")
	} else {
		fmt.Fprintf(&b, "; not confirmed: %s", c.Unconfirmed)
	}
	return b.String()
}

// diagnoseNoCapacity names why no rate met the SLO, from the steps' runs
// and the single-request run (c.SingleRequest, nil when it failed), in the
// order of the first cause that applies: every step inconclusive; the
// latency includes the source's loads; the SLO is below the latency of one
// request at a time; the open loop's own lag; the floor; else the rates
// tried.
func diagnoseNoCapacity(slo gate.SLO, c *report.Capacity, runs []report.Workload) string {
	name := slo.Metric + "." + slo.PercentileName()
	lowest := -1 // the lowest decisive step
	var gen, few int
	for i, st := range c.Steps {
		switch st.Verdict {
		case bench.VerdictGenerator:
			gen++
		case bench.VerdictTooFew:
			few++
		case bench.VerdictMet, bench.VerdictMissed:
			if i < len(runs) && (lowest < 0 || st.RateOpsS < c.Steps[lowest].RateOpsS) {
				lowest = i
			}
		}
	}
	tail := 1 - slo.Quantile/100 // the share of samples above the percentile
	switch {
	case len(c.Steps) == 0:
		return "no step ran"
	case lowest < 0 && gen > 0 && strings.HasPrefix(c.Steps[len(c.Steps)-1].Reason, bench.GeneratorLag):
		last := c.Steps[len(c.Steps)-1]
		single := ""
		if s := c.SingleRequest; s != nil && s.Samples > 0 {
			single = fmt.Sprintf("; one request at a time (one worker, closed loop) %s is %s ms", name, report.Num(s.ValueMs, 3))
		}
		return fmt.Sprintf("every step was generator-limited: down to %s ops/s the load generator started operations late while its workers were mostly idle (%s): the open loop's own timing, not the server, decides at this SLO (docs/generator.md)%s",
			bench.FormatRate(last.RateOpsS), strings.TrimPrefix(last.Reason, bench.GeneratorLag+": "), single)
	case lowest < 0 && gen > 0:
		last := c.Steps[len(c.Steps)-1]
		return fmt.Sprintf("every step was generator-limited: the load generator could not keep even %s ops/s (%s); use fewer --workers, more --client-cpus or a bigger client machine",
			bench.FormatRate(last.RateOpsS), last.Reason)
	case lowest < 0:
		return fmt.Sprintf("no step had the %d samples of %s its %s needs: raise --duration", c.MinSamples, slo.Metric, slo.PercentileName())
	}
	st, run := c.Steps[lowest], runs[lowest]
	miss := run.Latency["miss"]
	missShare := 0.0
	if run.Reads > 0 {
		missShare = float64(run.Misses) / float64(run.Reads)
	}
	switch slo.Metric {
	case "read", "service":
		if missShare > tail && miss.P50Ms >= c.LimitMs {
			return fmt.Sprintf("`%s` includes source loads: %s of reads miss (more than the %s above %s) and a miss takes %s ms (miss p50), above the %s limit; no rate can meet %s: use hit.%s for the cache's own latency",
				slo.Metric, report.Pct(missShare, 1), fmt.Sprintf("%.4g%%", 100*tail), slo.PercentileName(), report.Num(miss.P50Ms, 3), slo.Limit, slo, slo.PercentileName())
		}
	case "miss":
		if miss.P50Ms >= c.LimitMs {
			return fmt.Sprintf("`miss` includes the source load (miss p50 %s ms), above the %s limit; no rate can meet %s: use hit.%s for the cache's own latency",
				report.Num(miss.P50Ms, 3), slo.Limit, slo, slo.PercentileName())
		}
	case "write":
		if w := run.Latency["write"]; w.P50Ms >= c.LimitMs {
			return fmt.Sprintf("`write` includes the write to the source (write p50 %s ms), above the %s limit; no rate can meet %s", report.Num(w.P50Ms, 3), slo.Limit, slo)
		}
	}
	if s := c.SingleRequest; s != nil && s.Samples > 0 && !s.OK {
		return fmt.Sprintf("the SLO is below the target's single-request latency: one request at a time (one worker, closed loop), %s is %s ms (p50 %s ms); no arrival rate can do better",
			name, report.Num(s.ValueMs, 3), report.Num(s.P50Ms, 3))
	}
	if lag := run.Latency["lag"]; lag.P99Ms >= 0.25*c.LimitMs {
		single := ""
		if s := c.SingleRequest; s != nil && s.Samples > 0 {
			single = fmt.Sprintf("one request at a time %s is %s ms, which meets the SLO, but ", name, report.Num(s.ValueMs, 3))
		}
		return fmt.Sprintf("%sat the lowest rate tried (%s ops/s) %s was %s ms, and the load generator's own lag (intended start to send) reached %s ms at p99: at this SLO the open loop's timing, not the server, decides (docs/generator.md)",
			single, bench.FormatRate(st.RateOpsS), name, report.Num(st.ValueMs, 3), report.Num(lag.P99Ms, 3))
	}
	if c.Stop == bench.StopFloor {
		return fmt.Sprintf("the floor of %s ops/s missed (%s %s ms); lower rates need a longer --duration to give %d samples", bench.FormatRate(c.FloorOpsS), name, report.Num(st.ValueMs, 3), c.MinSamples)
	}
	return fmt.Sprintf("every rate tried missed, the lowest (%s ops/s) with %s %s ms; try a lower --start-rate or more --max-steps", bench.FormatRate(st.RateOpsS), name, report.Num(st.ValueMs, 3))
}
