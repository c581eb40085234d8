package bench

import (
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
)

// The latency histogram geometry used everywhere in this project.
const (
	lowestLatency  = int64(time.Microsecond) // lowest discernible value, ns
	highestLatency = int64(60 * time.Second) // highest trackable value, ns
	latencyDigits  = 3                       // significant figures
)

// NewHistogram returns an empty latency histogram as used everywhere in this
// project: values in nanoseconds, lowest discernible 1µs (1000 ns), highest
// 60 s, 3 significant figures. The engine and Recorder.Record clamp values
// above the highest to the highest (and negative ones to 0): they are counted,
// never dropped.
func NewHistogram() *hdrhistogram.Histogram {
	return hdrhistogram.New(lowestLatency, highestLatency, latencyDigits)
}

// lazyLatency returns *p, making it a latency histogram on first use.
func lazyLatency(p **sparseHist) *sparseHist { return lazySparse(p, latencyGeometry) }

// The value histogram geometry: counts such as herd sizes or version lags.
const (
	highestValue = int64(1e9)
	valueDigits  = 2 // exact up to 255, within 1% above
)

// NewValueHistogram returns an empty histogram of plain values from 0 to
// 1e9 (2 significant figures; exact below 256). Values above are clamped.
func NewValueHistogram() *hdrhistogram.Histogram {
	return hdrhistogram.New(1, highestValue, valueDigits)
}
