package report

import (
	"fmt"
	"strconv"
)

// CombineRepeats merges the repeats of one workload, run one after the
// other (bench run --repeat N), into one workload: counts add, histograms
// merge losslessly, the duration is the sum and throughput and rates are
// recomputed over it, the time series follow one another, the workload is
// steady when every repeat was (the first unsteady repeat's figures kept),
// and Repeats keeps
// each repeat's summary figures so that comparisons have samples. Invalid
// reasons are labelled with their repeat ("repeat 2: …").
func CombineRepeats(parts []*Workload) (Workload, error) {
	if len(parts) == 0 {
		return Workload{}, fmt.Errorf("report: no repeats to combine")
	}
	if len(parts) == 1 {
		w := *parts[0]
		w.Repeats = []RepeatSummary{NewRepeatSummary(parts[0])}
		return w, nil
	}
	labels := make([]string, len(parts))
	for i := range parts {
		labels[i] = "repeat " + strconv.Itoa(i+1)
	}
	w, err := mergeWorkloads(parts, labels)
	if err != nil {
		return Workload{}, err
	}
	// mergeWorkloads combines parallel shards; repeats ran in sequence.
	var dur, offset float64
	w.Timeseries = []Point{}
	w.Faults = nil
	for _, p := range parts {
		dur += p.DurationS
		for _, pt := range p.Timeseries {
			pt.TS = round(pt.TS+offset, 3)
			w.Timeseries = append(w.Timeseries, pt)
		}
		for _, f := range p.Faults { // on the combined time line
			f.AtS = round(f.AtS+offset, 3)
			w.Faults = append(w.Faults, f)
		}
		offset += p.DurationS
	}
	w.DurationS = round(dur, 3)
	w.ServerTimeseries, w.ServerWindow = combineServerViews(parts)
	w.ServerLatency, w.ServerLatencyNote = combineServerLatency(parts)
	w.Workers = parts[0].Workers
	w.TargetRateOpsS = parts[0].TargetRateOpsS
	w.AchievedRateOpsS = 0
	if dur > 0 {
		w.ThroughputOpsS = round(float64(w.Ops)/dur, 1)
		if w.TargetRateOpsS > 0 {
			w.AchievedRateOpsS = w.ThroughputOpsS
		}
	}
	w.Repeats = make([]RepeatSummary, len(parts))
	for i, p := range parts {
		w.Repeats[i] = NewRepeatSummary(p)
	}
	w.Evictions = combineEvictions(parts, w.Reads)
	w.Slowlog = combineSlowlogs(parts)
	if parts[0].Attribution != nil {
		w.Attribute() // over the combined figures
	}
	w.Steady, w.SteadyState = combineSteady(parts)
	return w, nil
}
