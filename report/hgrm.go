package report

import (
	"bytes"
	"fmt"

	"github.com/HdrHistogram/hdrhistogram-go"
)

// hgrmTicks is the number of reporting ticks per half distance, as in
// HdrHistogram's own tools (HistogramLogProcessor uses 5).
const hgrmTicks = 5

// HGRM renders h as HdrHistogram's percentile distribution text (the .hgrm
// format that HdrHistogram's plotter, plotFiles.html, and tools such as
// hdr-plot read): a header, one line per reporting tick with the value
// divided by scale, the percentile, the total count up to it and
// 1/(1-percentile), then the mean, standard deviation, maximum and count.
// Latency histograms hold nanoseconds: a scale of 1e6 prints milliseconds.
func HGRM(h *hdrhistogram.Histogram, scale float64) ([]byte, error) {
	var b bytes.Buffer
	if _, err := h.PercentilesPrint(&b, hgrmTicks, scale); err != nil {
		return nil, fmt.Errorf("report: hgrm: %w", err)
	}
	return b.Bytes(), nil
}
