package report

import (
	"math"
	"slices"
	"sort"
)

// capacityChart draws the steps of every target's capacity search as a
// latency–throughput curve: the SLO metric's p50 (dashed) and p99 (solid)
// against the achieved rate, one colour per target, and the SLO's limit.
// Steps that decided nothing (generator-limited, too few samples) are left
// out: their latency is not the server's. Repeated rates are drawn once,
// at the median of their runs. It returns nil when no step can be drawn.
func capacityChart(r *Report) *lineChart {
	c := &lineChart{title: "latency–throughput: capacity steps", xLabel: "achieved rate (ops/s)", yLog: true}
	var xMax, yMin, yMax float64
	yMin = math.Inf(1)
	metric, limit, slo := "", 0.0, ""
	for ti := range r.Targets {
		t := &r.Targets[ti]
		cp := t.Capacity
		if cp == nil {
			continue
		}
		pts := capacityPoints(cp.Steps)
		if len(pts) == 0 {
			continue
		}
		metric, limit, slo = cp.Metric, math.Max(limit, cp.LimitMs), cp.SLO
		color := palette[len(c.series)/2%len(palette)]
		p50 := series{name: t.Name + " " + cp.Metric + " p50", color: color, dash: true}
		p99 := series{name: t.Name + " " + cp.Metric + " p99", color: color}
		for _, p := range pts {
			p50.pts = append(p50.pts, point{p.rate, p.p50})
			p99.pts = append(p99.pts, point{p.rate, p.p99})
			xMax = math.Max(xMax, p.rate)
			for _, y := range []float64{p.p50, p.p99} {
				if y > 0 {
					yMin, yMax = math.Min(yMin, y), math.Max(yMax, y)
				}
			}
		}
		c.series = append(c.series, p50, p99)
	}
	if len(c.series) == 0 {
		return nil
	}
	c.xMax, c.xTicks = linearAxis(xMax)
	if limit > 0 {
		c.series = append(c.series, series{name: "SLO " + slo, color: "#333333", dash: true,
			pts: []point{{0, limit}, {c.xMax, limit}}})
		yMin, yMax = math.Min(yMin, limit), math.Max(yMax, limit)
	}
	if math.IsInf(yMin, 1) {
		yMin, yMax = 0.01, 1
	}
	c.yMin, c.yMax, c.yTicks = logAxis(yMin, yMax)
	c.yLabel = metric + " latency (ms, log)"
	return c
}

// capacityPoint is one rate of a capacity search on the curve.
type capacityPoint struct{ rate, p50, p99 float64 }

// capacityPoints returns the decisive steps grouped by target rate, each at
// the median of its runs' achieved rate, p50 and p99, by achieved rate.
func capacityPoints(steps []CapacityStep) []capacityPoint {
	by := map[float64][]CapacityStep{}
	var rates []float64
	for _, s := range steps {
		if s.Verdict != "met" && s.Verdict != "missed" {
			continue
		}
		if by[s.RateOpsS] == nil {
			rates = append(rates, s.RateOpsS)
		}
		by[s.RateOpsS] = append(by[s.RateOpsS], s)
	}
	out := make([]capacityPoint, 0, len(rates))
	for _, rate := range rates {
		ss := by[rate]
		field := func(f func(CapacityStep) float64) float64 {
			v := make([]float64, len(ss))
			for i, s := range ss {
				v[i] = f(s)
			}
			slices.Sort(v)
			if n := len(v); n%2 == 0 {
				return (v[n/2-1] + v[n/2]) / 2
			}
			return v[len(v)/2]
		}
		out = append(out, capacityPoint{
			rate: field(func(s CapacityStep) float64 { return s.AchievedOpsS }),
			p50:  field(func(s CapacityStep) float64 { return s.P50Ms }),
			p99:  field(func(s CapacityStep) float64 { return s.P99Ms }),
		})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].rate < out[j].rate })
	return out
}
