package report

import (
	"strings"
	"testing"
)

// A line that lies on an earlier one is drawn dashed over it, the earlier
// wide beneath, and the legend says which it covers; lines apart are left
// alone.
func TestMarkOverlaps(t *testing.T) {
	line := func(ys ...float64) []point {
		pts := make([]point, len(ys))
		for i, y := range ys {
			pts[i] = point{float64(i + 1), y}
		}
		return pts
	}
	c := &lineChart{series: []series{
		{name: "redis_get", pts: line(0.10, 0.12, 0.20, 0.50, 2.0)},
		{name: "hit", pts: line(0.102, 0.121, 0.205, 0.51, 9.0)}, // its maximum differs
		{name: "miss", pts: line(5, 6, 8, 12, 20)},
	}}
	c.markOverlaps()
	get, hit, miss := c.series[0], c.series[1], c.series[2]
	if hit.name != "hit (≈ redis_get)" || !hit.dash || hit.width >= get.width {
		t.Errorf("hit: %+v, redis_get: %+v", hit, get)
	}
	if miss.dash || miss.name != "miss" {
		t.Errorf("miss: %+v", miss)
	}
}

// Time runs from the first point to the last: the first second ends at 1.
func TestDataAxis(t *testing.T) {
	lo, hi, ticks := dataAxis(1, 8)
	var labels []string
	for _, tk := range ticks {
		labels = append(labels, tk.label)
	}
	if lo != 1 || hi != 8 || strings.Join(labels, ",") != "1,2,4,6,8" {
		t.Errorf("axis %v–%v ticks %v", lo, hi, labels)
	}
	panels := timeseriesPanels("target t · workload w", []namedSeries{{"t", []Point{{TS: 1, Ops: 10}, {TS: 2, Ops: 12}, {TS: 3, Ops: 11}}}})
	if panels[0].xMin != 1 || !panels[0].series[0].markers {
		t.Errorf("time axis from %v, markers %v", panels[0].xMin, panels[0].series[0].markers)
	}
	svg := string(svgDocument("x", panels...))
	if strings.Count(svg, "<circle") != 6 {
		t.Errorf("%d markers, want one per point of both panels (6)", strings.Count(svg, "<circle"))
	}
}
