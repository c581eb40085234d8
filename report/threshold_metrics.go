package report

import (
	"slices"
	"strings"
)

// thresholdUnit says how a threshold metric's limit is written and shown.
type thresholdUnit int

const (
	unitMs    thresholdUnit = iota // a latency: a duration (2ms) or a number of ms
	unitRatio                      // a fraction: 0.9 or 90%
	unitCount                      // a number of events
	unitOpsS                       // operations per second
	unitTimes                      // a ratio such as a speedup
	unitValue                      // a plain value (herd size)
)

// thresholdScalars are the metrics of a workload that are one number.
var thresholdScalars = []struct {
	name  string
	unit  thresholdUnit
	value func(w *Workload) (float64, bool)
}{
	{"throughput", unitOpsS, func(w *Workload) (float64, bool) { return w.ThroughputOpsS, w.DurationS > 0 }},
	{"hit_ratio", unitRatio, func(w *Workload) (float64, bool) { return w.HitRatio, w.Reads > 0 }},
	{"stale_read_ratio", unitRatio, func(w *Workload) (float64, bool) { return w.StaleReadRatio, w.Reads > 0 }},
	{"error_ratio", unitRatio, func(w *Workload) (float64, bool) {
		return float64(errorTotal(w.Errors)) / float64(max(w.Ops, 1)), w.Ops > 0
	}},
	{"errors", unitCount, func(w *Workload) (float64, bool) { return float64(errorTotal(w.Errors)), true }},
	{"stale_reads", unitCount, func(w *Workload) (float64, bool) { return float64(w.StaleReads), true }},
	{"source_calls", unitCount, func(w *Workload) (float64, bool) { return float64(w.Source.Calls), true }},
	{"source_peak_in_flight", unitCount, func(w *Workload) (float64, bool) { return float64(w.Source.PeakInFlight), true }},
}

// thresholdLatencies are the latencies a threshold may name; stale_age is
// the staleness age.
var thresholdLatencies = append(append([]string{}, latencyOrder...), "stale_age")

// latencyStats are the statistics of a latency a threshold may name.
var latencyStats = []string{"mean", "p50", "p90", "p99", "p999", "max"}

// speedupStats are the statistics of the speedup.
var speedupStats = []string{"mean", "p50", "p99"}

// herdStats are the statistics of the herd size.
var herdStats = []string{"mean", "p50", "p99", "max"}

// ThresholdMetrics describes the metrics a threshold may name, for error
// messages and help.
func ThresholdMetrics() string {
	var scalars []string
	for _, s := range thresholdScalars {
		scalars = append(scalars, s.name)
	}
	return strings.Join(scalars, ", ") +
		"; LATENCY.STAT (ms or a duration) with LATENCY one of " + strings.Join(thresholdLatencies, ", ") +
		" and STAT one of " + strings.Join(latencyStats, ", ") + " (a bare STAT means read.STAT)" +
		"; speedup." + strings.Join(speedupStats, "|") + "; herd." + strings.Join(herdStats, "|")
}

// thresholdMetric resolves a metric name to its unit and extractor; ok is
// false for an unknown name. A bare latency statistic ("p99") means read.
func thresholdMetric(name string) (canonical string, unit thresholdUnit, value func(w *Workload) (float64, bool), ok bool) {
	for _, s := range thresholdScalars {
		if s.name == name {
			return s.name, s.unit, s.value, true
		}
	}
	base, stat, dotted := strings.Cut(name, ".")
	if !dotted {
		base, stat = "read", name
	}
	switch {
	case base == "speedup" && slices.Contains(speedupStats, stat):
		return name, unitTimes, func(w *Workload) (float64, bool) {
			v := map[string]float64{"mean": w.Speedup.Mean, "p50": w.Speedup.P50, "p99": w.Speedup.P99}[stat]
			return v, v > 0
		}, true
	case base == "herd" && slices.Contains(herdStats, stat):
		return name, unitValue, func(w *Workload) (float64, bool) {
			h := w.Source.Herd
			if h == nil || h.Count == 0 {
				return 0, false
			}
			return map[string]float64{"mean": h.Mean, "p50": h.P50, "p99": h.P99, "max": h.Max}[stat], true
		}, true
	case slices.Contains(thresholdLatencies, base) && slices.Contains(latencyStats, stat):
		return base + "." + stat, unitMs, func(w *Workload) (float64, bool) {
			l, ok := w.Latency[base]
			if base == "stale_age" {
				ok = w.Staleness != nil && w.Staleness.Age != nil
				if ok {
					l = *w.Staleness.Age
				}
			}
			if !ok || l.Count == 0 {
				return 0, false
			}
			return map[string]float64{"mean": l.MeanMs, "p50": l.P50Ms, "p90": l.P90Ms, "p99": l.P99Ms, "p999": l.P999Ms, "max": l.MaxMs}[stat], true
		}, true
	}
	return "", 0, nil, false
}
