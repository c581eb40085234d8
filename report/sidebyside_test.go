package report

import (
	"slices"
	"strings"
	"testing"
)

func TestBest(t *testing.T) {
	for _, tc := range []struct {
		name   string
		values []float64
		ok     []bool
		d      Direction
		want   []bool
	}{
		{"higher", []float64{1, 3, 2}, []bool{true, true, true}, HigherIsBetter, []bool{false, true, false}},
		{"lower", []float64{1, 3, 2}, []bool{true, true, true}, LowerIsBetter, []bool{true, false, false}},
		{"tie for best", []float64{1, 1, 2}, []bool{true, true, true}, LowerIsBetter, []bool{true, true, false}},
		{"all equal: none", []float64{5, 5}, []bool{true, true}, HigherIsBetter, []bool{false, false}},
		{"missing values take no part", []float64{0, 3, 2}, []bool{false, true, true}, LowerIsBetter, []bool{false, false, true}},
		{"one present: none", []float64{0, 3}, []bool{false, true}, LowerIsBetter, []bool{false, false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Best(tc.values, tc.ok, tc.d); !slices.Equal(got, tc.want) {
				t.Errorf("Best(%v, %v) = %v, want %v", tc.values, tc.ok, got, tc.want)
			}
		})
	}
}

func TestCompareCell(t *testing.T) {
	values, ok := []float64{2, 3, 0}, []bool{true, true, true}
	for i, want := range []string{"**2.00** ✅", "3.00 (1.50x)", "0.00 (0.00x)"} {
		if got := compareCell(values, ok, i, 0, 2); got != want {
			t.Errorf("cell %d = %q, want %q", i, got, want)
		}
	}
	if got := compareCell([]float64{0, 1}, []bool{true, true}, 1, -1, 0); got != "1 (–)" {
		t.Errorf("ratio to a zero: %q", got)
	}
	if got := compareCell([]float64{1, 0}, []bool{true, false}, 1, -1, 0); got != "–" {
		t.Errorf("missing value: %q", got)
	}
}

// Every metric says which way is better in the Markdown, and the direction
// matches what the metric means.
func TestCompareMetricDirections(t *testing.T) {
	higher := map[string]bool{"throughput (ops/s)": true, "hit ratio": true, "speedup p50 (miss/hit)": true}
	for _, m := range sideBySideMetrics {
		if want := higher[m.Label()]; (m.Better == HigherIsBetter) != want {
			t.Errorf("%s: higher is better = %v, want %v", m.Label(), m.Better == HigherIsBetter, want)
		}
	}
}

func TestCompareSectionMissingWorkload(t *testing.T) {
	r := fixtureReport(t, "a", "b")
	r.Targets[1].Workloads = r.Targets[1].Workloads[:1] // b did not run mixed/lease
	md := string(markdown(r, newLayout(r)))
	i := strings.Index(md, "### Workload `mixed/lease`")
	if i < 0 {
		t.Fatal("no comparison of mixed/lease")
	}
	row := md[i:]
	row = row[strings.Index(row, "| throughput"):]
	row = row[:strings.Index(row, "\n")]
	if !strings.HasSuffix(row, "| – | ≈ |") || strings.Contains(row, "✅") {
		t.Errorf("throughput row with b absent: %q", row)
	}
}
