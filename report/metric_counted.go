package report

// PerK is the scale at which comparisons (bench compare, the side-by-side
// section) judge counted events: per 1,000 reads or operations, so that a
// faster closed loop, which does more of everything, does not look worse.
const PerK = 1000

// CountedPer says, for a metric of counted events, what comparisons count
// them per: "reads" (source calls, stale reads) or "ops" (errors); "" for
// other metrics.
func (m Metric) CountedPer() string {
	switch m.Name {
	case "source_calls", "stale_reads":
		return "reads"
	case "errors":
		return "ops"
	}
	return ""
}

// Trials returns what m's events are counted per in w (its reads or
// operations); 0 for a metric that is not a count.
func (m Metric) Trials(w *Workload) int64 {
	switch m.CountedPer() {
	case "reads":
		return w.Reads
	case "ops":
		return w.Ops
	}
	return 0
}

// Compared returns m of w as comparisons judge it: counted events per PerK
// reads or operations, other metrics as they are; ok is false when w did
// not measure it (a latency of 0 means no samples).
func (m Metric) Compared(w *Workload) (float64, bool) {
	v, ok := m.Value(w)
	switch {
	case !ok:
		return 0, false
	case m.CountedPer() != "":
		n := m.Trials(w)
		if n <= 0 {
			return 0, false
		}
		return PerK * v / float64(n), true
	case m.Unit == UnitMs && v <= 0:
		return 0, false
	}
	return v, true
}
