package report

import (
	"math"

	"github.com/HdrHistogram/hdrhistogram-go"

	"github.com/cacheaside/bench/bench"
)

// NewLatency summarises a histogram of nanosecond values. A nil or empty
// histogram gives a zero Latency with an empty hdr.
func NewLatency(h *hdrhistogram.Histogram) Latency {
	if h == nil || h.TotalCount() == 0 {
		return Latency{}
	}
	enc, err := h.Encode(hdrhistogram.V2CompressedEncodingCookieBase)
	if err != nil {
		enc = nil // an unencodable histogram keeps its summary
	}
	q := func(p float64) float64 { return nsToMs(float64(h.ValueAtQuantile(p))) } // 0–100, not 0–1
	return Latency{
		Count:  h.TotalCount(),
		MeanMs: nsToMs(h.Mean()),
		P50Ms:  q(50),
		P90Ms:  q(90),
		P99Ms:  q(99),
		P999Ms: q(99.9),
		MaxMs:  nsToMs(float64(h.Max())),
		HDR:    string(enc),
	}
}

// FromBench turns an engine result into a report workload: counts, rates,
// validity, the client's self-measurement, counters, every non-empty latency
// histogram (read, hit, miss, write, service, lag and the workload's own),
// the time series and its steady-state check. The caller adds what the engine cannot know:
// strategy, source counters, stale reads, value histograms.
func FromBench(r *bench.Result) Workload {
	w := Workload{
		Name:           r.Name,
		DurationS:      round(r.Elapsed.Seconds(), 3),
		Workers:        r.Workers,
		Ops:            r.Ops,
		Reads:          r.Reads(),
		Hits:           r.Hits,
		Misses:         r.Misses,
		Writes:         r.Writes,
		ThroughputOpsS: round(r.Throughput(), 1),
		HitRatio:       round(r.HitRatio(), 4),
		Errors:         map[string]int64{},
		Latency:        map[string]Latency{},
		Timeseries:     []Point{},
		Interrupted:    r.Interrupted,
		Invalid:        append([]string(nil), r.Invalid...),
		Warnings:       append([]string(nil), r.Warnings...),
	}
	if r.Client.Bound { // the engine warned of it (ClientStats.Warning)
		w.addReasonKind(ReasonClientBound)
	}
	if r.TargetRate > 0 {
		w.TargetRateOpsS = round(r.TargetRate, 1)
		w.AchievedRateOpsS = round(r.AchievedRate, 1)
	}
	for k, v := range r.Errors {
		w.Errors[k] = v
	}
	if len(r.Counters) > 0 {
		w.Counters = make(map[string]int64, len(r.Counters))
		for k, v := range r.Counters {
			w.Counters[k] = v
		}
	}
	if c := r.Client; c.GOMAXPROCS > 0 {
		w.Client = &Client{
			CPUUtil:      round(c.CPUUtil, 4),
			GOMAXPROCS:   c.GOMAXPROCS,
			GCPauses:     c.GCPauses,
			GCPauseP99Ms: nsToMs(float64(c.GCPauseP99)),
			GCPauseMaxMs: nsToMs(float64(c.GCPauseMax)),
			Preemptions:  c.Preemptions,
			Bound:        c.Bound,
		}
		if c.CPUWaitOK {
			ms := nsToMs(float64(c.CPUWait))
			w.Client.CPUWaitMs = &ms
		}
	}
	add := func(name string, h *hdrhistogram.Histogram) {
		if l := NewLatency(h); l.Count > 0 {
			w.Latency[name] = l
		}
	}
	add("read", r.Read)
	add("hit", r.Hit)
	add("miss", r.Miss)
	add("write", r.WriteLat)
	add("service", r.Service)
	add("lag", r.Lag)
	for name, h := range r.Extra {
		add(name, h)
	}
	if r.TargetRate > 0 {
		w.generatorDominated()
	}
	hit, miss := w.Latency["hit"], w.Latency["miss"]
	w.Speedup = Speedup{
		Mean: ratio(miss.MeanMs, hit.MeanMs),
		P50:  ratio(miss.P50Ms, hit.P50Ms),
		P99:  ratio(miss.P99Ms, hit.P99Ms),
	}
	for _, p := range r.Timeseries {
		pt := Point{
			TS:     round(p.T.Seconds(), 3),
			Ops:    p.Ops,
			P50Ms:  nsToMs(float64(p.P50)),
			P99Ms:  nsToMs(float64(p.P99)),
			Errors: p.Errors,
		}
		if p.Reads > 0 {
			pt.HitRatio = round(float64(p.Hits)/float64(p.Reads), 4)
		}
		w.Timeseries = append(w.Timeseries, pt)
	}
	w.CheckSteady(SteadyHints{})
	return w
}

// ratio returns a/b rounded to 0.01, or 0 when either is missing.
func ratio(a, b float64) float64 {
	if a <= 0 || b <= 0 {
		return 0
	}
	return round(a/b, 2)
}

func nsToMs(ns float64) float64 { return round(ns/1e6, 4) }

func round(f float64, places int) float64 {
	p := math.Pow10(places)
	return math.Round(f*p) / p
}
