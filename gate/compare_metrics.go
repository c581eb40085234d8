package gate

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/cacheaside/bench/internal/evidence"
	"github.com/cacheaside/bench/report"
)

// RegressMetric is one metric that `bench compare` tests for regression,
// with the thresholds it is tested against.
type RegressMetric struct {
	// Key names the metric (LookupMetric) in --max-regression, e.g. "read.p99".
	Key string
	// Label is the metric's name with its unit, for tables.
	Label string
	// Better says which way the metric improves.
	Better report.Direction
	// Places is the number of decimals shown.
	Places int
	// MaxRegression is the default relative threshold: a change for the
	// worse by more than this fraction of the baseline can be a regression.
	MaxRegression float64
	// Floor is the absolute noise floor, in the metric's unit: a smaller
	// change is never a regression, whatever its relative size.
	Floor float64
	// Gross is the factor from which a change is decided without the
	// significance test when the repeats are too few for it; 0 for counted
	// events, which a count test decides.
	Gross float64

	metric report.Metric
}

// RegressMetrics are the metrics `bench compare` tests, in table order:
// those a repeat's summary holds (RepeatSummary). Counted events (source
// calls, stale reads, errors) are compared per 1000 reads or operations, so
// that a faster closed loop, which does more of everything, does not look
// like a regression.
var RegressMetrics = []RegressMetric{
	regressMetric("throughput"),
	regressMetric("hit_ratio"),
	regressMetric("read.p50"),
	regressMetric("read.p99"),
	regressMetric("hit.p50"),
	regressMetric("hit.p99"),
	regressMetric("miss.p50"),
	regressMetric("miss.p99"),
	regressMetric("source_calls"),
	regressMetric("stale_reads"),
	regressMetric("errors"),
}

// regressMetric is the metric key of the table with its relative
// threshold, noise floor and gross factor from evidence.RuleFor (the rules
// the side-by-side section applies too).
func regressMetric(key string) RegressMetric {
	m, _ := report.LookupMetric(key) // every key is the table's (TestRegressMetricKeys)
	r, _ := evidence.RuleFor(key)
	rm := RegressMetric{Key: key, Label: m.Label(), Better: m.Better, Places: m.Places(),
		MaxRegression: r.MaxChange, Floor: r.Floor, Gross: r.Gross, metric: m}
	if per := m.CountedPer(); per != "" {
		rm.Places = 3
		rm.Label += " per 1k " + per
	}
	return rm
}

// value extracts the metric from one sample as comparisons judge it
// (report.Metric.Compared); ok is false when the sample lacks it.
func (m *RegressMetric) value(s *report.RepeatSummary) (float64, bool) {
	w := s.Workload()
	return m.metric.Compared(&w)
}

// events returns, for a metric of counted events, the events of one sample
// and what they are counted per; 0, 0 for other metrics.
func (m *RegressMetric) events(s *report.RepeatSummary) (n, per int64) {
	if m.metric.CountedPer() == "" {
		return 0, 0
	}
	w := s.Workload()
	v, _ := m.metric.Value(&w)
	return int64(v), m.metric.Trials(&w)
}

// rule is the metric's evidence.Rule with the relative threshold
// maxRegression.
func (m *RegressMetric) rule(maxRegression float64) evidence.Rule {
	r := evidence.Rule{MaxChange: maxRegression, Floor: m.Floor, Gross: m.Gross, Higher: m.Better == report.HigherIsBetter}
	if m.metric.CountedPer() != "" {
		r.Per = report.PerK
	}
	return r
}

// sample is one side's values of the metric with, for counted events, the
// totals of events and of what they are counted per over the repeats.
func (m *RegressMetric) sample(values []float64, repeats []report.RepeatSummary) evidence.Sample {
	s := evidence.Sample{Values: values}
	for i := range repeats {
		if _, ok := m.value(&repeats[i]); !ok {
			continue
		}
		n, per := m.events(&repeats[i])
		s.Events, s.Trials = s.Events+n, s.Trials+per
	}
	return s
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
			return nil, fmt.Errorf("gate: max regression %q: want KEY=LIMIT such as read.p99=15%%", part)
		}
		m := findRegressMetric(key)
		if m == nil {
			return nil, fmt.Errorf("gate: max regression %q: unknown metric %q; accepted: %s", part, key, strings.Join(RegressMetricKeys(), ", "))
		}
		key = m.Key
		f, err := parseFraction(limit)
		if err != nil {
			return nil, fmt.Errorf("gate: max regression %q: %w", part, err)
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

// findRegressMetric returns the metric named key (any name LookupMetric
// resolves to it, such as "p99" for read.p99), nil when there is none.
func findRegressMetric(key string) *RegressMetric {
	m, err := report.LookupMetric(key)
	if err != nil {
		return nil
	}
	for i := range RegressMetrics {
		if RegressMetrics[i].Key == m.Name {
			return &RegressMetrics[i]
		}
	}
	return nil
}
