package bench

import "github.com/HdrHistogram/hdrhistogram-go"

// extraNames are the Workload's names of its extra measurements.
type extraNames struct{ hists, values, counters []string }

// merge adds up the workers' recorders once, at the end of the run. A
// worker's histogram that was never recorded into (nil) adds nothing.
func merge(cfg Config, recs []*Recorder, names extraNames) *Result {
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
		Extra:    make(map[string]*hdrhistogram.Histogram, len(names.hists)),
		Values:   make(map[string]*hdrhistogram.Histogram, len(names.values)),
		Counters: make(map[string]int64, len(names.counters)),
	}
	for _, name := range names.values {
		res.Values[name] = NewValueHistogram()
	}
	for _, name := range names.hists {
		res.Extra[name] = NewHistogram()
	}
	for _, name := range names.counters {
		res.Counters[name] = 0
	}
	for _, r := range recs {
		res.Ops += r.ops
		res.Hits += r.hits
		res.Misses += r.misses
		res.Writes += r.writes
		for kind, n := range r.errs {
			res.Errors[kind] += n
		}
		r.hit.mergeInto(res.Hit)
		r.miss.mergeInto(res.Miss)
		r.hit.mergeInto(res.Read)
		r.miss.mergeInto(res.Read)
		r.errRead.mergeInto(res.Read)
		r.write.mergeInto(res.WriteLat)
		if cfg.open() {
			r.service.mergeInto(res.Service)
			r.lag.mergeInto(res.Lag)
		} else { // closed loop: a read's service time is its latency
			r.hit.mergeInto(res.Service)
			r.miss.mergeInto(res.Service)
			r.errRead.mergeInto(res.Service)
		}
		for i, name := range names.hists {
			r.extra[i].mergeInto(res.Extra[name])
		}
		for i, name := range names.values {
			r.values[i].mergeInto(res.Values[name])
		}
		for i, name := range names.counters {
			res.Counters[name] += r.counters[i]
		}
	}
	return res
}
