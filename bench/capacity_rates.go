package bench

import (
	"fmt"
	"math"
)

// maxRunsPerRate bounds the runs at one rate: three decide by majority.
const maxRunsPerRate = 3

// rateRuns counts the runs of the capacity search at one rate by verdict.
type rateRuns struct {
	rate                     float64
	met, missed, gen, tooFew int
	marginal                 bool // a decisive run lay within the noise margin
}

func (r *rateRuns) runs() int { return r.met + r.missed + r.gen + r.tooFew }

func (r *rateRuns) add(st *CapacityStep) {
	switch st.Verdict {
	case VerdictMet:
		r.met++
	case VerdictMissed:
		r.missed++
	case VerdictGenerator:
		r.gen++
	case VerdictTooFew:
		r.tooFew++
	}
	r.marginal = r.marginal || st.Marginal
}

// verdict is the rate's verdict over its runs: met or missed by majority
// of the decisive runs, a tie counting as missed (the rate is run again
// first, see settled); generator-limited when no run was decisive but one
// was generator-limited (a run the generator could not keep says nothing
// of the server, so one decisive run outweighs any number of them); too
// few samples when no run was either.
func (r *rateRuns) verdict() string {
	decisive := r.met + r.missed
	switch {
	case decisive == 0 && r.gen > 0:
		return VerdictGenerator
	case decisive == 0:
		return VerdictTooFew
	case r.met > r.missed:
		return VerdictMet
	}
	return VerdictMissed
}

// settled reports whether the rate needs no further run to be decided: its
// decisive runs agree by a majority and a marginal rate has two of them;
// or it ran maxRunsPerRate times. A generator-limited rate runs all three:
// on a shared machine the generator stalls now and then (the kernel runs
// something else for a few milliseconds), twice in a row at a rate it
// keeps on the third run, and a stall must not stand for its limit.
func (r *rateRuns) settled() bool {
	if r.runs() >= maxRunsPerRate {
		return true
	}
	switch r.verdict() {
	case VerdictGenerator:
		return false
	case VerdictMet, VerdictMissed:
		if r.met == r.missed {
			return false
		}
		return !r.marginal || r.met+r.missed >= 2
	}
	return true
}

// confirmed reports whether two runs agree with the rate's verdict.
func (r *rateRuns) confirmed() bool {
	switch r.verdict() {
	case VerdictMet:
		return r.met >= 2
	case VerdictMissed:
		return r.missed >= 2
	case VerdictGenerator:
		return r.gen >= 2
	}
	return false
}

// summary says how the rate's runs went, e.g. "met in 1 of 2 runs".
func (r *rateRuns) summary() string {
	return fmt.Sprintf("%s ops/s: met in %d of %d runs (missed %d, generator-limited %d)",
		FormatRate(r.rate), r.met, r.runs(), r.missed, r.gen)
}

// FormatRate formats a rate for messages: whole ops/s, or three significant
// digits below 100.
func FormatRate(r float64) string {
	if r >= 100 || r == 0 {
		return fmt.Sprintf("%.0f", r)
	}
	return fmt.Sprintf("%.3g", r)
}

// rateBook holds every rate the search tried.
type rateBook struct {
	by    map[float64]*rateRuns
	order []float64 // in order of first run
}

func (b *rateBook) get(rate float64) *rateRuns {
	if b.by == nil {
		b.by = map[float64]*rateRuns{}
	}
	r := b.by[rate]
	if r == nil {
		r = &rateRuns{rate: rate}
		b.by[rate] = r
		b.order = append(b.order, rate)
	}
	return r
}

// top returns the highest rate tried, 0 when none.
func (b *rateBook) top() float64 {
	t := 0.0
	for r := range b.by {
		t = max(t, r)
	}
	return t
}

// bracket returns the highest rate that met (good, 0 when none) and the
// lowest rate above it that missed or was generator-limited (upper, 0
// when none); with no rate met, upper is the lowest that did not.
//
// A rate below good that missed does not bound the answer: latency need
// not rise with the rate. An idle server's CPU sleeps between requests
// and wakes slowly (on virtual machines, by hundreds of microseconds), so
// its tail at a few hundred ops/s can be worse than at thousands, where it
// stays awake (docs/ci-gate.md).
func (b *rateBook) bracket() (good, upper float64) {
	for _, r := range b.by {
		if r.verdict() == VerdictMet && r.rate > good {
			good = r.rate
		}
	}
	upper = math.Inf(1)
	for _, r := range b.by {
		if v := r.verdict(); (v == VerdictMissed || v == VerdictGenerator) && r.rate > good && r.rate < upper {
			upper = r.rate
		}
	}
	if math.IsInf(upper, 1) {
		upper = 0
	}
	return good, upper
}
