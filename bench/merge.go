package bench

import "github.com/HdrHistogram/hdrhistogram-go"

// names are the Workload's names of its extra measurements.
type names struct{ hists, values, counters []string }

// merge adds up the workers' recorders once, at the end of the run.
func merge(cfg Config, recs []*Recorder, n names) *Result {
	histNames, counterNames := n.hists, n.counters
	res := &Result{
		Name:     cfg.Name,
		Workers:  cfg.Workers,
		Errors:   make(map[string]int64),
		Read:     NewHistogram(),
		Hit:      NewHistogram(),
		Miss:     NewHistogram(),
		WriteLat: NewHistogram(),
		Service:  NewHistogram(),
		Lag:      NewHistogram(),
		Extra:    make(map[string]*hdrhistogram.Histogram, len(histNames)),
		Values:   make(map[string]*hdrhistogram.Histogram, len(n.values)),
		Counters: make(map[string]int64, len(counterNames)),
	}
	for _, name := range n.values {
		res.Values[name] = NewValueHistogram()
	}
	for _, n := range histNames {
		res.Extra[n] = NewHistogram()
	}
	for _, n := range counterNames {
		res.Counters[n] = 0
	}
	for _, r := range recs {
		res.Ops += r.ops
		res.Hits += r.hits
		res.Misses += r.misses
		res.Writes += r.writes
		for kind, n := range r.errs {
			res.Errors[kind] += n
		}
		mergeHistogram(res.Hit, r.hit)
		mergeHistogram(res.Miss, r.miss)
		mergeHistogram(res.Read, r.hit)
		mergeHistogram(res.Read, r.miss)
		mergeHistogram(res.Read, r.errRead)
		mergeHistogram(res.WriteLat, r.write)
		if cfg.Rate > 0 {
			mergeHistogram(res.Service, r.service)
			mergeHistogram(res.Lag, r.lag)
		} else { // closed loop: a read's service time is its latency
			mergeHistogram(res.Service, r.hit)
			mergeHistogram(res.Service, r.miss)
			mergeHistogram(res.Service, r.errRead)
		}
		for i, n := range histNames {
			mergeHistogram(res.Extra[n], r.extra[i])
		}
		for i, name := range n.values {
			mergeHistogram(res.Values[name], r.values[i])
		}
		for i, n := range counterNames {
			res.Counters[n] += r.counters[i]
		}
	}
	return res
}
