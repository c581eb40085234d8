package report

// NewRepeatSummary returns w's summary figures as one repeat's sample. A
// latency with no samples is 0.
func NewRepeatSummary(w *Workload) RepeatSummary {
	rd, hit, miss, write := w.Latency["read"], w.Latency["hit"], w.Latency["miss"], w.Latency["write"]
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
		WriteP99Ms:     write.P99Ms,
		SourceCalls:    w.Source.Calls,
		StaleReads:     w.StaleReads,
		Errors:         w.ErrorTotal(),
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

// Workload returns the repeat's figures as a Workload, so that the metric
// table (LookupMetric) reads a repeat as it reads a workload: counts, rates,
// the p50 and p99 of read, hit and miss, the p99 of write, the speedup at
// p50, and the errors as one kind "all".
// A latency of 0 has no samples and is left out; the Count of the others,
// which a summary does not keep, is 1.
func (s *RepeatSummary) Workload() Workload {
	w := Workload{DurationS: s.DurationS, Ops: s.Ops, Reads: s.Reads, ThroughputOpsS: s.ThroughputOpsS, HitRatio: s.HitRatio,
		StaleReads: s.StaleReads, Source: Source{Calls: s.SourceCalls}, Errors: map[string]int64{"all": s.Errors},
		Latency: map[string]Latency{}}
	for name, l := range map[string]Latency{
		"read":  {P50Ms: s.ReadP50Ms, P99Ms: s.ReadP99Ms},
		"hit":   {P50Ms: s.HitP50Ms, P99Ms: s.HitP99Ms},
		"miss":  {P50Ms: s.MissP50Ms, P99Ms: s.MissP99Ms},
		"write": {P99Ms: s.WriteP99Ms},
	} {
		if l.P50Ms > 0 || l.P99Ms > 0 {
			l.Count = 1
			w.Latency[name] = l
		}
	}
	w.Speedup.P50 = ratio(s.MissP50Ms, s.HitP50Ms)
	return w
}
