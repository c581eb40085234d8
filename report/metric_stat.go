package report

// latencyOf returns w's latency called name (stale_age: the staleness
// age); ok is false when it has no samples.
func latencyOf(w *Workload, name string) (Latency, bool) {
	if name == "stale_age" {
		if w.Staleness == nil || w.Staleness.Age == nil {
			return Latency{}, false
		}
		l := *w.Staleness.Age
		return l, l.Count > 0
	}
	l, ok := w.Latency[name]
	return l, ok && l.Count > 0
}

// stat returns the mean (q = 0) or the q-th percentile (100: the maximum)
// of l in ms: the stored figure where there is one, else computed from the
// stored histogram; ok is false when neither is there.
func (l Latency) stat(q float64) (float64, bool) {
	if v, ok := map[float64]float64{0: l.MeanMs, 50: l.P50Ms, 90: l.P90Ms, 99: l.P99Ms, 99.9: l.P999Ms, 100: l.MaxMs}[q]; ok {
		return v, true
	}
	h, err := decodeHDR(l.HDR)
	if err != nil || h == nil {
		return 0, false
	}
	return nsToMs(float64(h.ValueAtQuantile(q))), true
}

// stat is Latency.stat for a value histogram; ok is false when v has no
// samples.
func (v *Values) stat(q float64) (float64, bool) {
	if v == nil || v.Count == 0 {
		return 0, false
	}
	if x, ok := map[float64]float64{0: v.Mean, 50: v.P50, 99: v.P99, 100: v.Max}[q]; ok {
		return x, true
	}
	h, err := decodeHDR(v.HDR)
	if err != nil || h == nil {
		return 0, false
	}
	return float64(h.ValueAtQuantile(q)), true
}

// speedup is miss over hit latency at the mean (q = 0) or a percentile:
// the stored figure where there is one, 0 when unknown.
func speedup(w *Workload, q float64) float64 {
	if v, ok := map[float64]float64{0: w.Speedup.Mean, 50: w.Speedup.P50, 99: w.Speedup.P99}[q]; ok {
		return v
	}
	hit, okHit := latencyOf(w, "hit")
	miss, okMiss := latencyOf(w, "miss")
	if !okHit || !okMiss {
		return 0
	}
	h, _ := hit.stat(q)
	m, _ := miss.stat(q)
	return ratio(m, h)
}
