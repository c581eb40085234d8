package report

import (
	"fmt"
	"slices"
)

// mergeWorkloads merges one workload of several shards (labels name them,
// for the Invalid reasons): counts add, histograms merge losslessly,
// summaries are recomputed from the merged histograms, rates from the
// merged counts. See Merge for what cannot be exact.
func mergeWorkloads(parts []*Workload, labels []string) (Workload, error) {
	first := parts[0]
	w := Workload{
		Name:       first.Name,
		Strategy:   first.Strategy,
		Errors:     map[string]int64{},
		Latency:    map[string]Latency{},
		Timeseries: []Point{},
	}
	var series [][]Point
	var herd, lag []*Values
	var ages []Latency
	latencyNames := []string{}
	for i, p := range parts {
		w.DurationS = max(w.DurationS, p.DurationS)
		w.Workers += p.Workers
		w.Ops += p.Ops
		w.Reads += p.Reads
		w.Hits += p.Hits
		w.Misses += p.Misses
		w.Writes += p.Writes
		w.TargetRateOpsS += p.TargetRateOpsS
		w.AchievedRateOpsS += p.AchievedRateOpsS
		if w.HitRatioExpected == nil && p.HitRatioExpected != nil {
			w.HitRatioExpected = ptrTo(*p.HitRatioExpected)
		}
		for _, s := range p.Invalid {
			w.Invalid = append(w.Invalid, labels[i]+": "+s)
		}
		for _, k := range p.ReasonKinds {
			w.addReasonKind(k)
		}
		for _, s := range p.Warnings {
			if !slices.Contains(w.Warnings, s) {
				w.Warnings = append(w.Warnings, s)
			}
		}
		w.StaleReads += p.StaleReads
		if s := p.Staleness; s != nil {
			if w.Staleness == nil {
				w.Staleness = &Staleness{}
			}
			w.Staleness.AuditKeys += s.AuditKeys
			w.Staleness.AuditStale += s.AuditStale
			lag = append(lag, s.VersionLag)
			if s.Age != nil {
				ages = append(ages, *s.Age)
			}
		}
		for k, v := range p.Counters {
			if w.Counters == nil {
				w.Counters = map[string]int64{}
			}
			w.Counters[k] += v
		}
		w.Client = mergeClient(w.Client, p.Client)
		for k, v := range p.Errors {
			w.Errors[k] += v
		}
		w.Source.Calls += p.Source.Calls
		w.Source.Writes += p.Source.Writes
		w.Source.PeakInFlight = max(w.Source.PeakInFlight, p.Source.PeakInFlight)
		herd = append(herd, p.Source.Herd)
		if w.Source.CallsPerExpiryExpected == nil && p.Source.CallsPerExpiryExpected != nil {
			w.Source.CallsPerExpiryExpected = ptrTo(*p.Source.CallsPerExpiryExpected)
		}
		for name := range p.Latency {
			if !slices.Contains(latencyNames, name) {
				latencyNames = append(latencyNames, name)
			}
		}
		series = append(series, p.Timeseries)
		w.Interrupted = w.Interrupted || p.Interrupted
	}
	w.TargetRateOpsS, w.AchievedRateOpsS = round(w.TargetRateOpsS, 1), round(w.AchievedRateOpsS, 1)
	if w.DurationS > 0 {
		w.ThroughputOpsS = round(float64(w.Ops)/w.DurationS, 1)
	}
	if w.Reads > 0 {
		w.HitRatio = round(float64(w.Hits)/float64(w.Reads), 4)
		w.StaleReadRatio = round(float64(w.StaleReads)/float64(w.Reads), 6)
	}
	slices.Sort(latencyNames)
	for _, name := range latencyNames {
		ls := make([]Latency, 0, len(parts))
		for _, p := range parts {
			ls = append(ls, p.Latency[name])
		}
		l, ok, err := mergeLatencies(name, ls)
		if err != nil {
			return Workload{}, fmt.Errorf("%w (workload %s)", err, w.Name)
		}
		if ok {
			w.Latency[name] = l
		}
	}
	hit, miss := w.Latency["hit"], w.Latency["miss"]
	w.Speedup = Speedup{Mean: ratio(miss.MeanMs, hit.MeanMs), P50: ratio(miss.P50Ms, hit.P50Ms), P99: ratio(miss.P99Ms, hit.P99Ms)}
	var err error
	if w.Source.Herd, err = mergeValues("herd", herd); err != nil {
		return Workload{}, fmt.Errorf("%w (workload %s)", err, w.Name)
	}
	if s := w.Staleness; s != nil {
		s.RatioCILow, s.RatioCIHigh = Wilson(w.StaleReads, w.Reads)
		if s.VersionLag, err = mergeValues("version_lag", lag); err != nil {
			return Workload{}, fmt.Errorf("%w (workload %s)", err, w.Name)
		}
		if age, ok, err := mergeLatencies("stale_age", ages); err != nil {
			return Workload{}, fmt.Errorf("%w (workload %s)", err, w.Name)
		} else if ok {
			s.Age = &age
		}
	}
	w.Near = mergeNear(parts, w.Reads)
	w.Timeseries = mergeTimeseries(series)
	if first.SteadyState != nil { // not for reports written before the check
		w.CheckSteady(SteadyHints{})
	}
	w.Repeats, err = mergeRepeats(parts)
	if err != nil {
		w.Warnings = append(w.Warnings, err.Error())
	}
	return w, nil
}

// mergeClient combines the load generators' self-measurements: the
// busiest CPU, summed pauses and pool waits, the worst pause times, bound
// when any was.
func mergeClient(a, b *Client) *Client {
	if b == nil {
		return a
	}
	if a == nil {
		c := *b
		return &c
	}
	c := *a
	if b.CPUUtil > c.CPUUtil {
		c.CPUUtil, c.GOMAXPROCS = b.CPUUtil, b.GOMAXPROCS
	}
	c.GCPauses += b.GCPauses
	c.GCPauseP99Ms = max(c.GCPauseP99Ms, b.GCPauseP99Ms)
	c.GCPauseMaxMs = max(c.GCPauseMaxMs, b.GCPauseMaxMs)
	if b.CPUWaitMs != nil {
		sum := *b.CPUWaitMs
		if c.CPUWaitMs != nil {
			sum += *c.CPUWaitMs
		}
		c.CPUWaitMs = &sum
	}
	c.Preemptions += b.Preemptions
	c.PoolWaits += b.PoolWaits
	c.PoolTimeouts += b.PoolTimeouts
	c.Bound = c.Bound || b.Bound
	return &c
}

// mergeRepeats combines repeat k of every shard into repeat k of the
// merged workload: counts add, the duration is the longest, throughput is
// recomputed, the hit ratio weighted by reads, and each latency
// percentile is the largest of the shards' (an upper bound: percentiles
// of a whole cannot be recovered from its parts' percentiles). Shards with
// different numbers of repeats give none, and an error saying so.
func mergeRepeats(parts []*Workload) ([]RepeatSummary, error) {
	n := len(parts[0].Repeats)
	for _, p := range parts {
		if len(p.Repeats) != n {
			return nil, fmt.Errorf("repeats left out: the shards ran %d and %d repeats", n, len(p.Repeats))
		}
	}
	if n == 0 {
		return nil, nil
	}
	out := make([]RepeatSummary, n)
	for k := range out {
		o := &out[k]
		var hits float64
		for _, p := range parts {
			s := p.Repeats[k]
			o.DurationS = max(o.DurationS, s.DurationS)
			o.Ops += s.Ops
			o.Reads += s.Reads
			hits += s.HitRatio * float64(s.Reads)
			o.ReadP50Ms, o.ReadP99Ms = max(o.ReadP50Ms, s.ReadP50Ms), max(o.ReadP99Ms, s.ReadP99Ms)
			o.HitP50Ms, o.HitP99Ms = max(o.HitP50Ms, s.HitP50Ms), max(o.HitP99Ms, s.HitP99Ms)
			o.MissP50Ms, o.MissP99Ms = max(o.MissP50Ms, s.MissP50Ms), max(o.MissP99Ms, s.MissP99Ms)
			o.SourceCalls += s.SourceCalls
			o.StaleReads += s.StaleReads
			o.Errors += s.Errors
		}
		if o.DurationS > 0 {
			o.ThroughputOpsS = round(float64(o.Ops)/o.DurationS, 1)
		}
		if o.Reads > 0 {
			o.HitRatio = round(hits/float64(o.Reads), 4)
		}
	}
	return out, nil
}

func ptrTo[T any](v T) *T { return &v }
