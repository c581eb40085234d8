package report

import (
	"fmt"
	"math"
	"sort"

	"github.com/HdrHistogram/hdrhistogram-go"
)

// mergeHDR decodes every non-empty encoded histogram and merges them into
// one, losslessly: a value that does not fit the first histogram's range
// is an error, never dropped. nil when every input is empty.
func mergeHDR(encoded []string) (*hdrhistogram.Histogram, error) {
	var out *hdrhistogram.Histogram
	for _, s := range encoded {
		h, err := decodeHDR(s)
		if err != nil {
			return nil, err
		}
		if h == nil {
			continue
		}
		if out == nil {
			out = h
			continue
		}
		if dropped := out.Merge(h); dropped > 0 {
			return nil, fmt.Errorf("report: merge: %d values outside the histogram's range", dropped)
		}
	}
	return out, nil
}

// mergeLatencies merges one latency of several workloads from their hdr;
// ok is false when none had samples. A latency with samples but no hdr
// cannot be merged exactly and is an error.
func mergeLatencies(name string, ls []Latency) (l Latency, ok bool, err error) {
	var enc []string
	for _, x := range ls {
		if x.Count == 0 {
			continue
		}
		if x.HDR == "" {
			return Latency{}, false, fmt.Errorf("report: merge: latency %s has %d samples but no hdr: it cannot be merged exactly", name, x.Count)
		}
		enc = append(enc, x.HDR)
	}
	h, err := mergeHDR(enc)
	if err != nil {
		return Latency{}, false, fmt.Errorf("report: merge: latency %s: %w", name, err)
	}
	if h == nil {
		return Latency{}, false, nil
	}
	return NewLatency(h), true, nil
}

// mergeValues merges value histograms (herd sizes, version lags) from
// their hdr; nil when none had samples.
func mergeValues(name string, vs []*Values) (*Values, error) {
	var enc []string
	for _, v := range vs {
		if v == nil || v.Count == 0 {
			continue
		}
		if v.HDR == "" {
			return nil, fmt.Errorf("report: merge: %s has %d samples but no hdr: it cannot be merged exactly", name, v.Count)
		}
		enc = append(enc, v.HDR)
	}
	h, err := mergeHDR(enc)
	if err != nil {
		return nil, fmt.Errorf("report: merge: %s: %w", name, err)
	}
	if h == nil {
		return nil, nil
	}
	return NewValues(h), nil
}

// NewValues summarises a histogram of plain values (herd sizes, version
// lags) with the whole histogram in HdrHistogram's compressed base64 form;
// nil for a nil or empty histogram.
func NewValues(h *hdrhistogram.Histogram) *Values {
	if h == nil || h.TotalCount() == 0 {
		return nil
	}
	enc, err := h.Encode(hdrhistogram.V2CompressedEncodingCookieBase)
	if err != nil {
		enc = nil // an unencodable histogram keeps its summary
	}
	return &Values{
		Count: h.TotalCount(),
		Mean:  round(h.Mean(), 3),
		P50:   float64(h.ValueAtQuantile(50)), // 0–100, not 0–1
		P99:   float64(h.ValueAtQuantile(99)),
		Max:   float64(h.Max()),
		HDR:   string(enc),
	}
}

// mergeTimeseries aligns time series by t_s (to the millisecond): ops and
// errors add, the hit ratio is the ops-weighted mean of the parts' (the
// points do not keep their reads), and p50 and p99 are the largest of the
// parts' (a percentile of a merged interval cannot be recovered from
// percentiles: the largest is an upper bound of the p50 and the p99 of the
// whole).
func mergeTimeseries(series [][]Point) []Point {
	type acc struct {
		p   Point
		hit float64
	}
	byT := map[int64]*acc{}
	for _, s := range series {
		for _, p := range s {
			k := int64(math.Round(p.TS * 1000))
			a := byT[k]
			if a == nil {
				a = &acc{p: Point{TS: p.TS}}
				byT[k] = a
			}
			a.p.Ops += p.Ops
			a.p.Errors += p.Errors
			a.hit += p.HitRatio * float64(p.Ops)
			a.p.P50Ms = max(a.p.P50Ms, p.P50Ms)
			a.p.P99Ms = max(a.p.P99Ms, p.P99Ms)
		}
	}
	keys := make([]int64, 0, len(byT))
	for k := range byT {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	out := make([]Point, 0, len(keys))
	for _, k := range keys {
		a := byT[k]
		if a.p.Ops > 0 {
			a.p.HitRatio = round(a.hit/float64(a.p.Ops), 4)
		}
		out = append(out, a.p)
	}
	return out
}

// Wilson returns the 95% Wilson score interval of a proportion of k
// successes in n trials, rounded to 1e-6; (0, 0) when n is 0.
func Wilson(k, n int64) (low, high float64) {
	if n <= 0 {
		return 0, 0
	}
	const z = 1.959963984540054
	nn := float64(n)
	p := float64(k) / nn
	d := 1 + z*z/nn
	c := (p + z*z/(2*nn)) / d
	h := z * math.Sqrt(p*(1-p)/nn+z*z/(4*nn*nn)) / d
	return round(max(c-h, 0), 6), round(min(c+h, 1), 6)
}
