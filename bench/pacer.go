package bench

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// Pacer is the open loop's schedule: the intended start time of every
// operation, computed in advance from the start of the run and the
// operation's index, whatever the workers do. It is separate from the
// workers (as vegeta's pacer is), so that when they fall behind the
// schedule does not: the backlog grows and the latencies, measured from the
// intended start times, show it.
//
// With constant arrivals operation i is due at i/rate, computed from i
// alone, so no rounding error accumulates however long the run. With
// Poisson arrivals the gaps are independent exponentials of mean 1/rate
// from a seeded generator, summed in float64 seconds (relative error about
// 1e-16 per step). Operation 0 is due at once in both.
//
// A Pacer is not safe for concurrent use; the engine serialises its calls.
type Pacer struct {
	rate    float64
	poisson bool
	rng     *rand.Rand // poisson only
	next    int64      // index of the operation Next returns next
	sum     float64    // poisson: intended start of operation next, in seconds
}

// NewPacer returns the schedule of rate operations per second (> 0, at
// most MaxRate) with the given arrival process (ArrivalConstant, "" for
// the same, or ArrivalPoisson); seed seeds the Poisson gaps.
func NewPacer(rate float64, arrival string, seed int64) (*Pacer, error) {
	if !(rate > 0 && rate <= MaxRate) {
		return nil, fmt.Errorf("bench: pacer rate must be in (0, %g] ops/s, got %v", MaxRate, rate)
	}
	p := &Pacer{rate: rate}
	switch arrival {
	case ArrivalConstant, "":
	case ArrivalPoisson:
		p.poisson = true
		p.rng = rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))
	default:
		return nil, fmt.Errorf("bench: pacer arrival must be %s or %s, got %q", ArrivalConstant, ArrivalPoisson, arrival)
	}
	return p, nil
}

// Next returns the intended start of the next operation (0, 1, 2, … in
// turn) as an offset from the start of the schedule.
func (p *Pacer) Next() time.Duration {
	i := p.next
	p.next++
	if !p.poisson {
		return ConstantAt(p.rate, i)
	}
	at := p.sum
	p.sum += p.rng.ExpFloat64() / p.rate
	return seconds2Duration(at)
}

// Rate returns the pacer's rate in operations per second.
func (p *Pacer) Rate() float64 { return p.rate }

// ConstantAt returns when operation i (0-based) of a constant-rate schedule
// of rate operations per second is due: i/rate after the start, rounded to
// the nanosecond and saturating at the largest Duration.
func ConstantAt(rate float64, i int64) time.Duration {
	return nanos2Duration(float64(i) * float64(time.Second) / rate)
}

func seconds2Duration(s float64) time.Duration {
	return nanos2Duration(s * float64(time.Second))
}

func nanos2Duration(ns float64) time.Duration {
	if ns >= math.MaxInt64 {
		return math.MaxInt64
	}
	return time.Duration(math.Round(ns))
}
