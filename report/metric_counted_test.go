package report

import "testing"

// TestMetricCompared: counted events are compared per 1k reads or ops, a
// latency of 0 is not measured, other metrics are as they are.
func TestMetricCompared(t *testing.T) {
	w := &Workload{Ops: 2000, Reads: 1000, StaleReads: 5, ThroughputOpsS: 300, DurationS: 1}
	w.Source.Calls = 40
	w.Errors = map[string]int64{"timeout": 4}
	for _, tc := range []struct {
		metric string
		want   float64
		ok     bool
		trials int64
	}{
		{"source_calls", 40, true, 1000},
		{"stale_reads", 5, true, 1000},
		{"errors", 2, true, 2000},
		{"throughput", 300, true, 0},
		{"read.p99", 0, false, 0},
	} {
		t.Run(tc.metric, func(t *testing.T) {
			m, err := LookupMetric(tc.metric)
			if err != nil {
				t.Fatal(err)
			}
			v, ok := m.Compared(w)
			if v != tc.want || ok != tc.ok || m.Trials(w) != tc.trials {
				t.Errorf("Compared = %v, %v, Trials %d; want %v, %v, %d", v, ok, m.Trials(w), tc.want, tc.ok, tc.trials)
			}
		})
	}
	m, _ := LookupMetric("stale_reads")
	if _, ok := m.Compared(&Workload{}); ok {
		t.Error("stale reads per 1k of no reads: want not measured")
	}
}
