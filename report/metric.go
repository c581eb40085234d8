package report

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Direction says which way a metric improves.
type Direction int

// Directions of metrics.
const (
	HigherIsBetter Direction = 1
	LowerIsBetter  Direction = -1
)

// Unit says what a metric's values are.
type Unit int

// Units of metrics.
const (
	UnitMs    Unit = iota // a latency, in milliseconds
	UnitRatio             // a fraction, 0–1
	UnitCount             // a number of events
	UnitOpsS              // operations per second
	UnitTimes             // a ratio of two latencies (the speedup)
	UnitValue             // a plain value (a herd size)
)

// Metric is one figure of a workload, read off a Workload by name. It is
// the one table of figures that thresholds, SLOs, comparisons and the
// side-by-side section share (LookupMetric).
type Metric struct {
	// Name is the canonical name: "throughput", "read.p99", "hit.p97.5".
	Name   string
	Unit   Unit
	Better Direction
	// Histogram is the histogram the metric is a statistic of ("read",
	// "stale_age", "herd"); "" for other metrics.
	Histogram string
	// Quantile is the percentile read, in (0, 100] with 100 the maximum;
	// 0 for a mean and for metrics that are not a percentile.
	Quantile float64

	value func(w *Workload) (float64, bool)
}

// Value returns the metric of w in its unit; ok is false when w did not
// measure it (no misses, no lag in a closed loop, …).
func (m Metric) Value(w *Workload) (v float64, ok bool) {
	if m.value == nil {
		return 0, false
	}
	return m.value(w)
}

// Duration returns a latency metric of w exactly, from its stored
// histogram (the summary, to 0.1 µs, when there is none); ok is false for
// other metrics and when w did not measure it.
func (m Metric) Duration(w *Workload) (time.Duration, bool) {
	l, ok := latencyOf(w, m.Histogram)
	if m.Unit != UnitMs || !ok {
		return 0, false
	}
	if h, err := decodeHDR(l.HDR); err == nil && h != nil {
		switch m.Quantile {
		case 0:
			return time.Duration(h.Mean()), true
		case 100:
			return time.Duration(h.Max()), true
		}
		return time.Duration(h.ValueAtQuantile(m.Quantile)), true
	}
	v, ok := m.Value(w)
	return time.Duration(v * float64(time.Millisecond)), ok
}

// Label is the metric's name for tables, with its unit: "read p99 (ms)".
func (m Metric) Label() string {
	base, stat, _ := strings.Cut(m.Name, ".")
	s := strings.TrimSpace(strings.ReplaceAll(base, "_", " ") + " " + stat)
	switch m.Unit {
	case UnitMs:
		s += " (ms)"
	case UnitOpsS:
		s += " (ops/s)"
	case UnitTimes:
		s += " (miss/hit)"
	}
	return s
}

// Places is the number of decimals tables show of the metric.
func (m Metric) Places() int {
	return map[Unit]int{UnitMs: 3, UnitRatio: 4, UnitTimes: 1, UnitValue: 2}[m.Unit]
}

// scalarMetrics are the metrics of a workload that are one number.
var scalarMetrics = []Metric{
	scalar("throughput", UnitOpsS, HigherIsBetter, func(w *Workload) (float64, bool) { return w.ThroughputOpsS, w.DurationS > 0 }),
	scalar("hit_ratio", UnitRatio, HigherIsBetter, func(w *Workload) (float64, bool) { return w.HitRatio, w.Reads > 0 }),
	scalar("stale_read_ratio", UnitRatio, LowerIsBetter, func(w *Workload) (float64, bool) { return w.StaleReadRatio, w.Reads > 0 }),
	scalar("error_ratio", UnitRatio, LowerIsBetter, func(w *Workload) (float64, bool) {
		return float64(w.ErrorTotal()) / float64(max(w.Ops, 1)), w.Ops > 0
	}),
	scalar("errors", UnitCount, LowerIsBetter, func(w *Workload) (float64, bool) { return float64(w.ErrorTotal()), true }),
	scalar("stale_reads", UnitCount, LowerIsBetter, func(w *Workload) (float64, bool) { return float64(w.StaleReads), true }),
	scalar("source_calls", UnitCount, LowerIsBetter, func(w *Workload) (float64, bool) { return float64(w.Source.Calls), true }),
	scalar("source_peak_in_flight", UnitCount, LowerIsBetter, func(w *Workload) (float64, bool) { return float64(w.Source.PeakInFlight), true }),
}

func scalar(name string, u Unit, d Direction, value func(w *Workload) (float64, bool)) Metric {
	return Metric{Name: name, Unit: u, Better: d, value: value}
}

// latencyMetrics are the latencies whose statistics a metric may name;
// stale_age is the staleness age.
var latencyMetrics = append(slices.Clone(latencyOrder), "stale_age")

// MetricNames describes the names LookupMetric accepts, for error messages
// and help.
func MetricNames() string {
	var scalars []string
	for _, m := range scalarMetrics {
		scalars = append(scalars, m.Name)
	}
	return strings.Join(scalars, ", ") +
		"; LATENCY.STAT (ms or a duration) with LATENCY one of " + strings.Join(latencyMetrics, ", ") +
		" and STAT mean, max or a percentile pN (p50, p90, p99, p999 = 99.9, p97.5: N in (0, 100])" +
		" (a bare STAT means read.STAT); speedup.STAT (miss over hit latency); herd.STAT (source calls per fill)"
}

// SplitMetric splits a statistic's name into histogram and statistic:
// "hit.p99" is hit's p99; a name without a histogram ("p99", "p99.9") is
// read's.
func SplitMetric(name string) (hist, stat string) {
	if h, s, ok := strings.Cut(name, "."); ok && !startsWithDigit(s) {
		return h, s
	}
	return "read", name
}

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

// LookupMetric resolves a metric name, case-insensitive (MetricNames): a
// scalar such as throughput or hit_ratio, or HIST.STAT where STAT is mean,
// max or a percentile (ParsePercentile) of a latency, of the speedup or of
// the herd size. An unknown name is an error, saying why when the
// histogram is known.
func LookupMetric(name string) (Metric, error) {
	name = strings.ToLower(name)
	for _, m := range scalarMetrics {
		if m.Name == name {
			return m, nil
		}
	}
	hist, stat := SplitMetric(name)
	known := hist == "speedup" || hist == "herd" || slices.Contains(latencyMetrics, hist)
	q, err := 0.0, error(nil)
	if stat != "mean" {
		q, err = ParsePercentile(stat)
	}
	switch {
	case !known || (err != nil && hist+"."+stat != name): // a bare name that is no statistic
		return Metric{}, fmt.Errorf("unknown metric %q", name)
	case err != nil:
		return Metric{}, fmt.Errorf("unknown metric %q: %w", name, err)
	}
	if stat != "mean" {
		stat = PercentileName(q)
	}
	m := Metric{Name: hist + "." + stat, Quantile: q}
	switch hist {
	case "speedup":
		m.Unit, m.Better, m.value = UnitTimes, HigherIsBetter, func(w *Workload) (float64, bool) { v := speedup(w, q); return v, v > 0 }
	case "herd":
		m.Histogram, m.Unit, m.Better, m.value = hist, UnitValue, LowerIsBetter, func(w *Workload) (float64, bool) { return w.Source.Herd.stat(q) }
	default:
		m.Histogram, m.Unit, m.Better, m.value = hist, UnitMs, LowerIsBetter, func(w *Workload) (float64, bool) {
			l, ok := latencyOf(w, hist)
			if !ok {
				return 0, false
			}
			return l.stat(q)
		}
	}
	return m, nil
}
