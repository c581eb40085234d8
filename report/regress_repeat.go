package report

// NewRepeatSummary returns w's summary figures as one repeat's sample. A
// latency with no samples is 0.
func NewRepeatSummary(w *Workload) RepeatSummary {
	rd, hit, miss := w.Latency["read"], w.Latency["hit"], w.Latency["miss"]
	return RepeatSummary{
		DurationS:      w.DurationS,
		Ops:            w.Ops,
		Reads:          w.Reads,
		ThroughputOpsS: w.ThroughputOpsS,
		HitRatio:       w.HitRatio,
		ReadP50Ms:      rd.P50Ms,
		ReadP99Ms:      rd.P99Ms,
		HitP50Ms:       hit.P50Ms,
		HitP99Ms:       hit.P99Ms,
		MissP50Ms:      miss.P50Ms,
		MissP99Ms:      miss.P99Ms,
		SourceCalls:    w.Source.Calls,
		StaleReads:     w.StaleReads,
		Errors:         errorTotal(w.Errors),
	}
}

// Samples returns w's repeats, or, for a workload that ran once, its own
// figures as the one sample.
func Samples(w *Workload) []RepeatSummary {
	if len(w.Repeats) > 0 {
		return w.Repeats
	}
	return []RepeatSummary{NewRepeatSummary(w)}
}
