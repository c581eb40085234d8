package gate

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/cacheaside/bench/report"
)

// Threshold is an absolute limit on a metric of every workload, k6-style:
// "read.p99<2ms", "hit_ratio>0.9", "throughput>=1000", "errors<10".
type Threshold struct {
	// Text is the threshold as written.
	Text string
	// Metric is the metric's canonical name, e.g. "read.p99".
	Metric string
	// Op is "<", "<=", ">" or ">=".
	Op string
	// Limit is in the metric's unit: milliseconds for latencies, a
	// fraction for ratios.
	Limit float64

	m report.Metric
}

// ParseThreshold parses METRIC OP LIMIT (splitExpr), e.g. "read.p99<2ms",
// "hit.p95<1ms", "hit_ratio>0.9", "stale_read_ratio<1%",
// "throughput>1000", "errors<10", "p99<=5ms" (read.p99). Latency limits are
// durations (500us, 2ms, 1.5s) or numbers of milliseconds; ratio limits are
// fractions or percentages. An unknown metric is an error listing those
// accepted (MetricNames).
func ParseThreshold(s string) (Threshold, error) {
	name, op, limit, ok := splitExpr(s)
	if !ok {
		return Threshold{}, fmt.Errorf("gate: threshold %q: want METRIC<LIMIT, METRIC>LIMIT, <= or >=, e.g. read.p99<2ms or hit_ratio>0.9", s)
	}
	m, err := report.LookupMetric(name)
	if err != nil {
		return Threshold{}, fmt.Errorf("gate: threshold %q: %w; accepted: %s", s, err, report.MetricNames())
	}
	v, err := parseLimit(limit, m.Unit)
	if err != nil {
		return Threshold{}, fmt.Errorf("gate: threshold %q: %w", s, err)
	}
	return Threshold{Text: s, Metric: m.Name, Op: op, Limit: v, m: m}, nil
}

// parseLimit parses a limit in unit.
func parseLimit(s string, unit report.Unit) (float64, error) {
	switch unit {
	case report.UnitMs:
		if d, err := time.ParseDuration(s); err == nil && d >= 0 {
			return float64(d) / float64(time.Millisecond), nil
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil && f >= 0 && !math.IsInf(f, 0) {
			return f, nil
		}
		return 0, fmt.Errorf("limit %q is not a duration such as 2ms or 500us, nor a number of milliseconds", s)
	case report.UnitRatio:
		f, err := parseFraction(s)
		if err != nil {
			return 0, err
		}
		return f, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("limit %q is not a number", s)
	}
	return f, nil
}

// Met reports whether v satisfies the threshold.
func (t Threshold) Met(v float64) bool {
	switch t.Op {
	case "<":
		return v < t.Limit
	case "<=":
		return v <= t.Limit
	case ">":
		return v > t.Limit
	case ">=":
		return v >= t.Limit
	}
	return false
}

// Value returns the threshold's metric of w; ok is false when w did not
// measure it (no misses, no lag in a closed loop, …).
func (t Threshold) Value(w *report.Workload) (v float64, ok bool) { return t.m.Value(w) }

// String is the threshold in canonical form, e.g. "read.p99<2ms".
func (t Threshold) String() string { return t.Metric + t.Op + t.format(t.Limit) }

// format writes v in the metric's unit.
func (t Threshold) format(v float64) string {
	switch t.m.Unit {
	case report.UnitMs:
		return strconv.FormatFloat(round(v, 4), 'f', -1, 64) + "ms"
	case report.UnitOpsS:
		return strconv.FormatFloat(round(v, 1), 'f', -1, 64) + " ops/s"
	case report.UnitTimes:
		return strconv.FormatFloat(round(v, 2), 'f', -1, 64) + "x"
	case report.UnitRatio:
		return strconv.FormatFloat(round(v, 6), 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// Breach is a threshold not met by one workload, or not measured by any.
type Breach struct {
	Threshold Threshold
	// Target and Workload say where; both "" when no workload measured
	// the metric.
	Target, Workload string
	// Value is the workload's value of the metric.
	Value float64
}

// String says which threshold, where, the value and the limit.
func (b Breach) String() string {
	if b.Target == "" && b.Workload == "" {
		return fmt.Sprintf("threshold %s: no workload measured %s, so it cannot pass", b.Threshold, b.Threshold.Metric)
	}
	return fmt.Sprintf("threshold %s breached on %s %s: %s = %s (limit %s %s)", b.Threshold, b.Target, b.Workload,
		b.Threshold.Metric, b.Threshold.format(b.Value), b.Threshold.Op, b.Threshold.format(b.Threshold.Limit))
}

// CheckThresholds evaluates every threshold on every workload of every
// target of r and returns the breaches in order (threshold, target,
// workload). A workload that did not measure a threshold's metric (a miss
// latency without misses) is skipped; a threshold that no workload
// measured is a breach: a threshold never passes silently.
func CheckThresholds(r *report.Report, th []Threshold) []Breach {
	var out []Breach
	for _, t := range th {
		measured := false
		for _, tg := range r.Targets {
			for wi := range tg.Workloads {
				w := &tg.Workloads[wi]
				v, ok := t.Value(w)
				if !ok {
					continue
				}
				measured = true
				if !t.Met(v) {
					out = append(out, Breach{Threshold: t, Target: tg.Name, Workload: w.Name, Value: v})
				}
			}
		}
		if !measured {
			out = append(out, Breach{Threshold: t})
		}
	}
	return out
}
