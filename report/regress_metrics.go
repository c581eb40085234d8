package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// RegressMetric is one figure that `bench compare` tests for regression.
type RegressMetric struct {
	// Key names the metric in --max-regression, e.g. "read.p99".
	Key string
	// Label is the metric's name with its unit, for tables.
	Label string
	// Better says which way the metric improves.
	Better Direction
	// Places is the number of decimals shown.
	Places int
	// MaxRegression is the default relative threshold: a change for the
	// worse by more than this fraction of the baseline can be a regression.
	MaxRegression float64
	// Floor is the absolute noise floor, in the metric's unit: a smaller
	// change is never a regression, whatever its relative size.
	Floor float64
	// value extracts the metric from one sample; ok is false when the
	// sample lacks it.
	value func(s *RepeatSummary) (v float64, ok bool)
	// events, for a metric that is a rate of counted events, returns the
	// events and what they are counted per (reads or operations), so that
	// the noise floor can include the counts' Poisson noise.
	events func(s *RepeatSummary) (n, per int64)
}

// perK is the scale of the rate metrics: events per 1000 reads or ops.
const perK = 1000

// RegressMetrics are the metrics `bench compare` tests, in table order.
// Counted events (source calls, stale reads, errors) are compared per 1000
// reads or operations, so that a faster closed loop, which does more of
// everything, does not look like a regression.
var RegressMetrics = []RegressMetric{
	{Key: "throughput", Label: "throughput (ops/s)", Better: HigherIsBetter, Places: 0, MaxRegression: 0.05, Floor: 10,
		value: func(s *RepeatSummary) (float64, bool) { return s.ThroughputOpsS, s.DurationS > 0 }},
	{Key: "hit_ratio", Label: "hit ratio", Better: HigherIsBetter, Places: 4, MaxRegression: 0.02, Floor: 0.005,
		value: func(s *RepeatSummary) (float64, bool) { return s.HitRatio, s.Reads > 0 }},
	latencyRegress("read.p50", "read p50 (ms)", 0.10, 0.05, func(s *RepeatSummary) float64 { return s.ReadP50Ms }),
	latencyRegress("read.p99", "read p99 (ms)", 0.15, 0.10, func(s *RepeatSummary) float64 { return s.ReadP99Ms }),
	latencyRegress("hit.p50", "hit p50 (ms)", 0.10, 0.05, func(s *RepeatSummary) float64 { return s.HitP50Ms }),
	latencyRegress("hit.p99", "hit p99 (ms)", 0.15, 0.10, func(s *RepeatSummary) float64 { return s.HitP99Ms }),
	latencyRegress("miss.p50", "miss p50 (ms)", 0.10, 0.10, func(s *RepeatSummary) float64 { return s.MissP50Ms }),
	latencyRegress("miss.p99", "miss p99 (ms)", 0.15, 0.20, func(s *RepeatSummary) float64 { return s.MissP99Ms }),
	rateRegress("source_calls", "source calls per 1k reads", 0.10, 1, func(s *RepeatSummary) (int64, int64) { return s.SourceCalls, s.Reads }),
	rateRegress("stale_reads", "stale reads per 1k reads", 0.50, 0.1, func(s *RepeatSummary) (int64, int64) { return s.StaleReads, s.Reads }),
	rateRegress("errors", "errors per 1k ops", 0.50, 0.1, func(s *RepeatSummary) (int64, int64) { return s.Errors, s.Ops }),
}

// latencyRegress is a latency metric in ms; 0 means no samples.
func latencyRegress(key, label string, maxRegression, floor float64, f func(s *RepeatSummary) float64) RegressMetric {
	return RegressMetric{Key: key, Label: label, Better: LowerIsBetter, Places: 3, MaxRegression: maxRegression, Floor: floor,
		value: func(s *RepeatSummary) (float64, bool) { v := f(s); return v, v > 0 }}
}

// rateRegress is a metric of counted events per 1000 reads or operations.
func rateRegress(key, label string, maxRegression, floor float64, f func(s *RepeatSummary) (n, per int64)) RegressMetric {
	return RegressMetric{Key: key, Label: label, Better: LowerIsBetter, Places: 3, MaxRegression: maxRegression, Floor: floor,
		value: func(s *RepeatSummary) (float64, bool) {
			n, per := f(s)
			if per <= 0 {
				return 0, false
			}
			return perK * float64(n) / float64(per), true
		},
		events: f}
}

// RegressMetricKeys lists the keys --max-regression accepts.
func RegressMetricKeys() []string {
	out := make([]string, len(RegressMetrics))
	for i, m := range RegressMetrics {
		out[i] = m.Key
	}
	return out
}

// ParseMaxRegression parses --max-regression: comma-separated KEY=LIMIT
// pairs such as "read.p99=15%,throughput=5%", where LIMIT is a percentage
// ("15%") or a fraction ("0.15"). Keys are those of RegressMetrics; an
// unknown key or a limit that is not a non-negative number is an error
// naming what is accepted. An empty string gives an empty map.
func ParseMaxRegression(s string) (map[string]float64, error) {
	out := map[string]float64{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		key, limit, ok := strings.Cut(part, "=")
		key, limit = strings.ToLower(strings.TrimSpace(key)), strings.TrimSpace(limit)
		if !ok {
			return nil, fmt.Errorf("report: max regression %q: want KEY=LIMIT such as read.p99=15%%", part)
		}
		if findRegressMetric(key) == nil {
			return nil, fmt.Errorf("report: max regression %q: unknown metric %q; accepted: %s", part, key, strings.Join(RegressMetricKeys(), ", "))
		}
		f, err := parseFraction(limit)
		if err != nil {
			return nil, fmt.Errorf("report: max regression %q: %w", part, err)
		}
		out[key] = f
	}
	return out, nil
}

// parseFraction parses "15%" as 0.15 and "0.15" as 0.15; negative numbers
// and non-numbers are errors.
func parseFraction(s string) (float64, error) {
	num, percent := strings.CutSuffix(s, "%")
	f, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
	if err != nil || f < 0 || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("limit %q is not a percentage such as 15%% or a fraction such as 0.15", s)
	}
	if percent {
		f /= 100
	}
	return f, nil
}

// findRegressMetric returns the metric with key, nil when there is none.
func findRegressMetric(key string) *RegressMetric {
	for i := range RegressMetrics {
		if RegressMetrics[i].Key == key {
			return &RegressMetrics[i]
		}
	}
	return nil
}
