package report

import (
	"strings"
	"testing"
	"time"
)

func TestLookupMetric(t *testing.T) {
	for _, tc := range []struct {
		in, name string
		unit     Unit
		better   Direction
		hist     string
		q        float64
	}{
		{"throughput", "throughput", UnitOpsS, HigherIsBetter, "", 0},
		{"Hit_Ratio", "hit_ratio", UnitRatio, HigherIsBetter, "", 0},
		{"p99", "read.p99", UnitMs, LowerIsBetter, "read", 99},
		{"p99.9", "read.p999", UnitMs, LowerIsBetter, "read", 99.9},
		{"hit.p999", "hit.p999", UnitMs, LowerIsBetter, "hit", 99.9},
		{"hit.p97.5", "hit.p97.5", UnitMs, LowerIsBetter, "hit", 97.5},
		{"service.p100", "service.max", UnitMs, LowerIsBetter, "service", 100},
		{"lag.mean", "lag.mean", UnitMs, LowerIsBetter, "lag", 0},
		{"stale_age.p95", "stale_age.p95", UnitMs, LowerIsBetter, "stale_age", 95},
		{"speedup.p90", "speedup.p90", UnitTimes, HigherIsBetter, "", 90},
		{"herd.p90", "herd.p90", UnitValue, LowerIsBetter, "herd", 90},
	} {
		t.Run(tc.in, func(t *testing.T) {
			m, err := LookupMetric(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if m.Name != tc.name || m.Unit != tc.unit || m.Better != tc.better || m.Histogram != tc.hist || m.Quantile != tc.q {
				t.Errorf("got %+v, want %s unit %d better %d hist %q q %v", m, tc.name, tc.unit, tc.better, tc.hist, tc.q)
			}
		})
	}
	for in, want := range map[string]string{
		"latency":   `unknown metric "latency"`,
		"q99":       `unknown metric "q99"`,
		"foo.p99":   `unknown metric "foo.p99"`,
		"read.q99":  `unknown metric "read.q99": percentile "q99" is not pN or max`,
		"read.p101": `percentile "p101" is not in (0, 100]`,
	} {
		if _, err := LookupMetric(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want %q", in, err, want)
		}
	}
}

// Every figure of the side-by-side section is in the table.
func TestSideBySideMetricsKnown(t *testing.T) {
	for _, m := range sideBySideMetrics {
		if m.value == nil {
			t.Errorf("%q is not in the metric table", m.Name)
		}
	}
}

// A percentile the summary lacks is computed from the stored histogram, as
// the engine's histogram gives it; the stored ones are read as stored.
func TestMetricPercentiles(t *testing.T) {
	w := fixtureReport(t, "a").Targets[0].Workloads[0]
	h, err := decodeHDR(w.Latency["hit"].HDR)
	if err != nil || h == nil {
		t.Fatal(h, err)
	}
	for name, want := range map[string]float64{
		"hit.p95":   nsToMs(float64(h.ValueAtQuantile(95))),
		"hit.p99":   w.Latency["hit"].P99Ms,
		"hit.max":   w.Latency["hit"].MaxMs,
		"hit.p9999": nsToMs(float64(h.ValueAtQuantile(99.99))),
	} {
		m, err := LookupMetric(name)
		if err != nil {
			t.Fatal(err)
		}
		if v, ok := m.Value(&w); !ok || v != want {
			t.Errorf("%s = %v, %v; want %v", name, v, ok, want)
		}
	}
	m, _ := LookupMetric("hit.p99")
	if d, ok := m.Duration(&w); !ok || d != time.Duration(h.ValueAtQuantile(99)) {
		t.Errorf("hit.p99 duration %v, %v; want %v", d, ok, time.Duration(h.ValueAtQuantile(99)))
	}
	for _, name := range []string{"herd.p90", "speedup.p90", "stale_age.p95"} {
		m, _ := LookupMetric(name)
		if v, ok := m.Value(&w); !ok || !(v > 0) {
			t.Errorf("%s = %v, %v; want measured", name, v, ok)
		}
	}
	if _, ok := m.Duration(&Workload{}); ok {
		t.Error("a workload without samples has a duration")
	}
}

func TestMetricLabel(t *testing.T) {
	for name, want := range map[string]string{
		"throughput": "throughput (ops/s)", "hit_ratio": "hit ratio", "read.p50": "read p50 (ms)",
		"hit.p97.5": "hit p97.5 (ms)", "speedup.p50": "speedup p50 (miss/hit)", "source_calls": "source calls",
		"stale_age.max": "stale age max (ms)",
	} {
		m, err := LookupMetric(name)
		if err != nil {
			t.Fatal(err)
		}
		if got := m.Label(); got != want {
			t.Errorf("%s: label %q, want %q", name, got, want)
		}
	}
}
