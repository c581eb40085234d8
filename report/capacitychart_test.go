package report

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// capacityReport has two targets' capacity searches: a with a repeated
// rate and a generator-limited step, b without steps that can be drawn.
func capacityReport() *Report {
	step := func(rate, achieved, p50, p99 float64, verdict string) CapacityStep {
		return CapacityStep{RateOpsS: rate, AchievedOpsS: achieved, P50Ms: p50, P99Ms: p99, ValueMs: p99, Samples: 5000, Verdict: verdict, Role: "search"}
	}
	a := &Capacity{SLO: "hit.p99<1ms", Metric: "hit", LimitMs: 1, MaxRateOpsS: 2000, UpperOpsS: 4000, LimitedBy: "slo",
		Answer: "2000 ops/s meets hit.p99<1ms; 4000 ops/s does not", Steps: []CapacityStep{
			step(1000, 1000, 0.2, 0.5, "met"),
			step(2000, 2000, 0.25, 0.7, "met"),
			step(4000, 4000, 0.5, 3, "missed"),
			step(4000, 4000, 0.7, 5, "missed"),
			step(8000, 5000, 90, 400, "generator-limited"),
		}}
	b := &Capacity{SLO: "hit.p99<1ms", Metric: "hit", LimitMs: 1, Steps: []CapacityStep{step(1000, 1000, 0.1, 0.2, "met"), step(3000, 3000, 0.3, 2, "missed")}}
	return &Report{SchemaVersion: SchemaVersion, Command: "capacity", Targets: []Target{
		{Name: "a", Capacity: a, Workloads: []Workload{}},
		{Name: "b", Capacity: b, Workloads: []Workload{}},
	}}
}

// svgDoc is the part of an SVG document the test reads.
type svgDoc struct {
	Lines []struct {
		Points string `xml:"points,attr"`
		Stroke string `xml:"stroke,attr"`
		Dash   string `xml:"stroke-dasharray,attr"`
		Title  string `xml:"title"`
	} `xml:"g>polyline"`
}

// TestCapacityChart renders the curve and reads it back: one p50 (dashed)
// and one p99 line per target in the target's colour, the SLO's limit, a
// point per decided rate (repeats merged at their median, the
// generator-limited step left out) in increasing rate; report.md links it.
func TestCapacityChart(t *testing.T) {
	dir := t.TempDir()
	if _, err := Render(dir, capacityReport()); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "capacity.svg"))
	if err != nil {
		t.Fatal(err)
	}
	var doc svgDoc
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	want := []struct {
		title  string
		points int
		dash   bool
	}{{"a hit p50", 3, true}, {"a hit p99", 3, false}, {"b hit p50", 2, true}, {"b hit p99", 2, false}, {"SLO hit.p99<1ms", 2, true}}
	if len(doc.Lines) != len(want) {
		t.Fatalf("%d lines, want %d:\n%s", len(doc.Lines), len(want), data)
	}
	for i, w := range want {
		l := doc.Lines[i]
		pts := strings.Fields(l.Points)
		if l.Title != w.title || len(pts) != w.points || (l.Dash != "") != w.dash {
			t.Errorf("line %d: %q with %d points, dashed %v; want %q, %d, %v", i, l.Title, len(pts), l.Dash != "", w.title, w.points, w.dash)
		}
		prev := -1.0
		for _, p := range pts {
			x, err := strconv.ParseFloat(strings.Split(p, ",")[0], 64)
			if err != nil || x <= prev {
				t.Errorf("line %q: x %q not increasing", l.Title, p)
			}
			prev = x
		}
	}
	if doc.Lines[0].Stroke != doc.Lines[1].Stroke || doc.Lines[0].Stroke == doc.Lines[2].Stroke {
		t.Errorf("colours %q %q %q: want one per target", doc.Lines[0].Stroke, doc.Lines[1].Stroke, doc.Lines[2].Stroke)
	}
	// a's p99 at 4000 ops/s is the median of 3 and 5 ms, 4 ms: above the
	// 1 ms limit line, so higher on the page (smaller y).
	y := func(line, i int) float64 {
		v, _ := strconv.ParseFloat(strings.Split(strings.Fields(doc.Lines[line].Points)[i], ",")[1], 64)
		return v
	}
	if !(y(1, 2) < y(4, 0)) || !(y(1, 1) > y(4, 0)) {
		t.Errorf("a's p99 points at y %v, %v; limit at %v: want 2000 ops/s below the limit, 4000 above", y(1, 1), y(1, 2), y(4, 0))
	}
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(md), "](capacity.svg)"); n != 2 {
		t.Errorf("report.md links capacity.svg %d times, want once per target:\n%s", n, md)
	}
	if !strings.Contains(string(md), "| 5 | 8000 | 5000 | 90.000 | 400.000 | 400.000 | 0.000 | 5000 | generator-limited | search |") {
		t.Errorf("report.md lacks the generator-limited step:\n%s", md)
	}
}

// TestCapacityChartNone: no decided step, no curve and no link.
func TestCapacityChartNone(t *testing.T) {
	r := capacityReport()
	r.Targets[0].Capacity.Steps = r.Targets[0].Capacity.Steps[4:] // generator-limited
	r.Targets[1].Capacity.Steps = nil
	files, err := renderFiles(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.name == "capacity.svg" || (f.name == "report.md" && strings.Contains(string(f.data), "capacity.svg")) {
			t.Errorf("%s: a curve without points", f.name)
		}
	}
}
