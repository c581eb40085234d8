package report

import (
	"math"
	"strings"

	"github.com/HdrHistogram/hdrhistogram-go"
)

// The latency percentile spectrum, drawn the way HdrHistogram's plotter
// draws it: x is 1/(1−q) on a log scale, labelled 0%, 90%, 99%, 99.9%, …,
// so every "nine" gets the same width; y is the latency at that quantile.

// spectrumSteps is the number of points per decade of 1/(1−q).
const spectrumSteps = 20

// spectrumMaxX bounds the x axis at 99.9999%.
const spectrumMaxX = 1e6

// namedHist is a histogram with the name of its line.
type namedHist struct {
	name string
	h    *hdrhistogram.Histogram
}

// spectrumLines are the lines of a workload's spectrum chart: every latency
// histogram, except service when it equals read (the closed loop), which
// would hide the read line.
func spectrumLines(wl *workloadLayout) []namedHist {
	read := wl.hist("read")
	var hs []namedHist
	for _, h := range wl.latencyHists() {
		if h.metric == "service" && read != nil && h.h.Equals(read) {
			continue
		}
		hs = append(hs, namedHist{h.metric, h.h})
	}
	return hs
}

// spectrumChart draws one line per histogram (nanoseconds, shown in ms).
// The y axis is logarithmic when the lines span more than two decades
// (hits and misses of a slow source), else linear from 0.
func spectrumChart(title string, hs []namedHist) *lineChart {
	c := &lineChart{title: title, xLabel: "percentile", xLog: true, xMin: 1}
	var maxCount int64
	for _, nh := range hs {
		maxCount = max(maxCount, nh.h.TotalCount())
	}
	c.xMax = math.Min(spectrumMaxX, math.Max(10, math.Pow(10, math.Ceil(math.Log10(float64(maxCount))-1e-9))))
	for x := 1.0; x <= c.xMax*(1+1e-9); x *= 10 {
		c.xTicks = append(c.xTicks, tick{x, percentileLabel(x)})
	}
	lo, hi := math.Inf(1), 0.0 // smallest median, largest value
	minPos := math.Inf(1)      // smallest positive value drawn
	for _, nh := range hs {
		s := series{name: nh.name, pts: spectrumPoints(nh.h, c.xMax)}
		c.series = append(c.series, s)
		if med := nsToMsRaw(nh.h.ValueAtQuantile(50)); med > 0 {
			lo = math.Min(lo, med)
		}
		for _, p := range s.pts {
			hi = math.Max(hi, p.y)
			if p.y > 0 {
				minPos = math.Min(minPos, p.y)
			}
		}
	}
	if hi > 0 && !math.IsInf(lo, 0) && hi/lo > 100 {
		c.yLog = true
		c.yMin, c.yMax, c.yTicks = logAxis(minPos, hi)
		c.yLabel = "latency (ms, log scale)"
	} else {
		c.yMax, c.yTicks = linearAxis(hi)
		c.yLabel = "latency (ms)"
	}
	c.markOverlaps() // hit on redis_get, write on source
	return c
}

// spectrumPoints samples h at x = 1/(1−q) = 10^(i/spectrumSteps) while the
// quantile is below the last sample (x < count) and x ≤ xMax, then ends at
// the maximum.
func spectrumPoints(h *hdrhistogram.Histogram, xMax float64) []point {
	n := float64(h.TotalCount())
	end := math.Min(n, xMax)
	var pts []point
	for i := 0; ; i++ {
		x := math.Pow(10, float64(i)/spectrumSteps)
		if x >= end*(1-1e-9) && i > 0 {
			break
		}
		q := 100 * (1 - 1/x)
		pts = append(pts, point{x, nsToMsRaw(h.ValueAtQuantile(q))})
	}
	return append(pts, point{math.Max(1, end), nsToMsRaw(h.Max())})
}

// percentileLabel labels x = 1/(1−q) = 10^k: 0%, 90%, 99%, 99.9%, …
func percentileLabel(x float64) string {
	k := int(math.Round(math.Log10(x)))
	switch {
	case k <= 0:
		return "0%"
	case k == 1:
		return "90%"
	default:
		return "99" + dotNines(k-2) + "%"
	}
}

// dotNines is "" for 0, else "." followed by n nines.
func dotNines(n int) string {
	if n <= 0 {
		return ""
	}
	return "." + strings.Repeat("9", n)
}

// nsToMsRaw converts nanoseconds to milliseconds without rounding.
func nsToMsRaw(ns int64) float64 { return float64(ns) / scaleMs }
