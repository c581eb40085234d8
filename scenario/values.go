package scenario

import (
	"math"

	"github.com/HdrHistogram/hdrhistogram-go"

	"github.com/cacheaside/bench/report"
)

// newValues summarises a histogram of plain values (herd sizes, version
// lags) for the report, with the whole histogram in HdrHistogram's
// compressed base64 form; nil for a nil or empty histogram.
func newValues(h *hdrhistogram.Histogram) *report.Values {
	if h == nil || h.TotalCount() == 0 {
		return nil
	}
	enc, err := h.Encode(hdrhistogram.V2CompressedEncodingCookieBase)
	if err != nil {
		enc = nil // an unencodable histogram keeps its summary
	}
	return &report.Values{
		Count: h.TotalCount(),
		Mean:  math.Round(h.Mean()*1000) / 1000,
		P50:   float64(h.ValueAtQuantile(50)), // 0–100, not 0–1
		P99:   float64(h.ValueAtQuantile(99)),
		Max:   float64(h.Max()),
		HDR:   string(enc),
	}
}

// wilson returns the 95% Wilson score interval of a proportion of k
// successes in n trials; (0, 0) when n is 0.
func wilson(k, n int64) (low, high float64) {
	if n <= 0 {
		return 0, 0
	}
	const z = 1.959963984540054
	nn := float64(n)
	p := float64(k) / nn
	d := 1 + z*z/nn
	c := (p + z*z/(2*nn)) / d
	h := z * math.Sqrt(p*(1-p)/nn+z*z/(4*nn*nn)) / d
	return max(c-h, 0), min(c+h, 1)
}
