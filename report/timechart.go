package report

import "math"

// namedSeries is one workload's time series with the name of its line.
type namedSeries struct {
	name string
	pts  []Point
}

// timeseriesPanels draws throughput and read p99 over time, one line per
// series with a dot on every second, in two stacked panels whose time axis
// spans the data (the first point ends the first second).
func timeseriesPanels(title string, ss []namedSeries) []*lineChart {
	thr := &lineChart{title: title + ": throughput", xLabel: "time (s)", yLabel: "ops/s"}
	p99 := &lineChart{title: title + ": read p99", xLabel: "time (s)", yLabel: "latency (ms)"}
	var tMax, opsMax, latMax float64
	tMin := math.Inf(1)
	for _, s := range ss {
		rates := throughputPoints(s.pts)
		lat := make([]point, len(s.pts))
		for i, p := range s.pts {
			lat[i] = point{p.TS, p.P99Ms}
			tMax = math.Max(tMax, p.TS)
			tMin = math.Min(tMin, p.TS)
			latMax = math.Max(latMax, p.P99Ms)
		}
		for _, p := range rates {
			opsMax = math.Max(opsMax, p.y)
		}
		thr.series = append(thr.series, series{name: s.name, pts: rates, markers: true})
		p99.series = append(p99.series, series{name: s.name, pts: lat, markers: true})
	}
	if math.IsInf(tMin, 0) {
		tMin = 0
	}
	xMin, xMax, xTicks := dataAxis(tMin, tMax)
	for _, c := range []*lineChart{thr, p99} {
		c.xMin, c.xMax, c.xTicks = xMin, xMax, xTicks
	}
	thr.yMax, thr.yTicks = linearAxis(opsMax)
	p99.yMax, p99.yTicks = linearAxis(latMax)
	thr.markOverlaps()
	p99.markOverlaps()
	return []*lineChart{thr, p99}
}

// throughputPoints returns each interval's operations per second at its
// end time; an interval starts where the previous one ended (the first at 0).
func throughputPoints(pts []Point) []point {
	out := make([]point, 0, len(pts))
	prev := 0.0
	for _, p := range pts {
		d := p.TS - prev
		r := 0.0
		if d > 0 {
			r = float64(p.Ops) / d
		}
		out = append(out, point{p.TS, r})
		prev = p.TS
	}
	return out
}
