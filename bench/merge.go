package bench

import "github.com/HdrHistogram/hdrhistogram-go"

// merge adds up the workers' recorders once, at the end of the run.
func merge(cfg Config, recs []*Recorder, histNames, counterNames []string) *Result {
	res := &Result{
		Name:     cfg.Name,
		Workers:  cfg.Workers,
		Errors:   make(map[string]int64),
		Read:     NewHistogram(),
		Hit:      NewHistogram(),
		Miss:     NewHistogram(),
		WriteLat: NewHistogram(),
		Extra:    make(map[string]*hdrhistogram.Histogram, len(histNames)),
		Counters: make(map[string]int64, len(counterNames)),
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
		for i, n := range histNames {
			mergeHistogram(res.Extra[n], r.extra[i])
		}
		for i, n := range counterNames {
			res.Counters[n] += r.counters[i]
		}
	}
	return res
}
