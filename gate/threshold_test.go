package gate

import (
	"strings"
	"testing"
)

func TestParseThreshold(t *testing.T) {
	for _, tc := range []struct {
		in     string
		metric string
		op     string
		limit  float64
		canon  string
	}{
		{"read.p99<2ms", "read.p99", "<", 2, "read.p99<2ms"},
		{"p99 <= 500us", "read.p99", "<=", 0.5, "read.p99<=0.5ms"},
		{"miss.p50<20", "miss.p50", "<", 20, "miss.p50<20ms"},
		{"HIT.P999<1.5ms", "hit.p999", "<", 1.5, "hit.p999<1.5ms"},
		{"hit_ratio>0.9", "hit_ratio", ">", 0.9, "hit_ratio>0.9"},
		{"stale_read_ratio<1%", "stale_read_ratio", "<", 0.01, "stale_read_ratio<0.01"},
		{"throughput>=1000", "throughput", ">=", 1000, "throughput>=1000 ops/s"},
		{"errors<10", "errors", "<", 10, "errors<10"},
		{"speedup.p50>10", "speedup.p50", ">", 10, "speedup.p50>10x"},
		{"herd.max<=3", "herd.max", "<=", 3, "herd.max<=3"},
		{"stale_age.p99<1s", "stale_age.p99", "<", 1000, "stale_age.p99<1000ms"},
		{"hit.p95<1ms", "hit.p95", "<", 1, "hit.p95<1ms"},
		{"p99.9<10ms", "read.p999", "<", 10, "read.p999<10ms"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			th, err := ParseThreshold(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if th.Metric != tc.metric || th.Op != tc.op || th.Limit != tc.limit || th.String() != tc.canon {
				t.Errorf("got %s %s %v (%s), want %s %s %v (%s)", th.Metric, th.Op, th.Limit, th, tc.metric, tc.op, tc.limit, tc.canon)
			}
		})
	}
}

func TestParseThresholdErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"reads.p99<2ms", `unknown metric "reads.p99"; accepted: throughput, hit_ratio`},
		{"latency<2ms", `unknown metric "latency"`},
		{"foo.p99<2ms", `unknown metric "foo.p99"`},
		{"read.p99", "want METRIC<LIMIT"},
		{"<2ms", "want METRIC<LIMIT"},
		{"read.p99<fast", "not a duration"},
		{"read.p99<-2ms", "not a duration"},
		{"hit_ratio>lots", "not a percentage"},
		{"errors<ten", "not a number"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			_, err := ParseThreshold(tc.in)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

// Thresholds both ways on the two-target fixture: targets a (fast) and b
// (slower); each workload is checked.
func TestCheckThresholds(t *testing.T) {
	r := mixedReport(t)
	for _, tc := range []struct {
		threshold string
		breaches  []string // "target workload" of each breach, in order
	}{
		{"read.p99<1s", nil},
		{"read.p99<1us", []string{"a mixed/naive", "a mixed/lease", "b mixed/naive", "b mixed/lease"}},
		{"hit_ratio>0.5", nil},
		{"hit_ratio>=0.95", []string{"a mixed/naive", "a mixed/lease", "b mixed/naive", "b mixed/lease"}},
		{"errors<3", []string{"b mixed/naive"}}, // naive has 2 errors on a, 4 on b
		{"errors<=4", nil},
		{"throughput>0", nil},
		{"lag.p99<1s", nil},                 // measured by lease only; naive skipped
		{"redis_del.p99<1s", []string{" "}}, // measured by no workload
		{"stale_read_ratio<0.001", []string{"a mixed/naive", "b mixed/naive"}},
	} {
		t.Run(tc.threshold, func(t *testing.T) {
			th, err := ParseThreshold(tc.threshold)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, b := range CheckThresholds(r, []Threshold{th}) {
				got = append(got, b.Target+" "+b.Workload)
				if !strings.Contains(b.String(), th.Metric) {
					t.Errorf("breach %q does not name the metric", b)
				}
			}
			if strings.Join(got, ",") != strings.Join(tc.breaches, ",") {
				t.Errorf("breaches %q, want %q", got, tc.breaches)
			}
		})
	}
}

func TestBreachString(t *testing.T) {
	th, err := ParseThreshold("read.p99<2ms")
	if err != nil {
		t.Fatal(err)
	}
	b := Breach{Threshold: th, Target: "a", Workload: "w", Value: 3.25}
	if got, want := b.String(), "threshold read.p99<2ms breached on a w: read.p99 = 3.25ms (limit < 2ms)"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
	if got := (Breach{Threshold: th}).String(); !strings.Contains(got, "no workload measured read.p99") {
		t.Errorf("unmeasured: %q", got)
	}
}
