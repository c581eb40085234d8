package bench

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
)

// Defaults of CapacityOptions.
const (
	// DefaultStartRate is the first rate tried, in ops/s.
	DefaultStartRate = 1000
	// DefaultFactor multiplies the rate while steps meet the objective.
	DefaultFactor = 2
	// DefaultPrecision is the half-width of the final bracket relative to
	// its middle: ±2%.
	DefaultPrecision = 0.02
	// DefaultMargin is the noise margin: a step whose value lies within
	// 10% of the limit is run again before its rate is decided.
	DefaultMargin = 0.10
	// DefaultMaxSteps bounds the steps (engine runs) of a search.
	DefaultMaxSteps = 20
	// floorHeadroom raises the floor rate above the bare N/yield, so that a
	// step at the floor has its samples despite chance.
	floorHeadroom = 1.1
)

// Why a capacity search stopped (CapacityResult.Stop).
const (
	// StopConverged: the bracket reached the precision and was confirmed
	// (or could not be within the runs a rate is allowed).
	StopConverged = "converged"
	// StopMaxSteps: the search ran out of steps first.
	StopMaxSteps = "max steps"
	// StopMaxRate: every rate up to CapacityOptions.MaxRate met.
	StopMaxRate = "max rate"
	// StopFloor: the lowest rate a step may run at (the floor: below it a
	// step of its duration has too few samples for the percentile) did not
	// meet the objective.
	StopFloor = "floor"
	// StopError: a probe failed or the context was cancelled.
	StopError = "error"
)

// What bounds the answer (CapacityResult.LimitedBy).
const (
	// LimitedSLO: the rate above the answer missed the objective.
	LimitedSLO = "slo"
	// LimitedGenerator: the rate above the answer was generator-limited:
	// the answer is a lower bound of the server's capacity.
	LimitedGenerator = "generator"
	// LimitedMaxRate: every rate up to the highest allowed met.
	LimitedMaxRate = "max rate"
)

// CapacityOptions configure SearchCapacity. Zero means default where stated.
type CapacityOptions struct {
	// Judge holds each step to the objective; required.
	Judge Judge
	// StartRate is the first rate tried, in ops/s (raised to the floor);
	// 0 = DefaultStartRate.
	StartRate float64
	// Factor (> 1) multiplies the rate after each good step until a step
	// fails, and divides it after each bad step until one is good, before
	// bisecting; 0 = DefaultFactor.
	Factor float64
	// Precision (in (0, 1)): the search stops when the bracket's half-width
	// over its middle, (upper − good)/(upper + good), is at most this;
	// 0 = DefaultPrecision (±2%).
	Precision float64
	// Margin (in [0, 1)): a step whose value lies within Margin × limit of
	// the limit is marginal and its rate is run again; 0 = DefaultMargin;
	// negative = none.
	Margin float64
	// MaxSteps bounds the number of steps; 0 = DefaultMaxSteps.
	MaxSteps int
	// MaxRate is the highest rate tried, in ops/s; 0 = MaxRate (1e9).
	MaxRate float64
	// Duration is each step's measured duration; with it the floor is known
	// before the first step (as if every operation gave a sample). 0 = the
	// floor is learnt from the steps alone.
	Duration time.Duration
	// MinSamples is the samples of the metric a step needs; 0 =
	// MinSamples(Judge.Quantile()).
	MinSamples int64
	// OnStep, when set, is called with each step once it is decided (for
	// the console).
	OnStep func(st CapacityStep)
}

// CapacityResult is the outcome of a capacity search.
type CapacityResult struct {
	// Judge is the objective searched for.
	Judge Judge
	// MaxRate is the answer: the highest rate that met below the lowest
	// rate that did not, in ops/s; 0 when none met.
	MaxRate float64
	// Upper is the lowest rate that missed or was generator-limited, in
	// ops/s; 0 when none.
	Upper float64
	// Precision is (Upper − MaxRate)/(Upper + MaxRate) when both are set,
	// else 0.
	Precision float64
	// LimitedBy is LimitedSLO, LimitedGenerator, LimitedMaxRate, or "" when
	// the search found no bracket.
	LimitedBy string
	// Confirmed is true when the answer met in two runs and Upper missed
	// (or was generator-limited) in two; with no answer, when Upper missed
	// twice. Unconfirmed says why not.
	Confirmed   bool
	Unconfirmed string
	// Floor is the lowest rate a step may run at, in ops/s: below it a
	// step of its duration gives fewer than MinSamples samples.
	Floor      float64
	MinSamples int64
	// Steps are the steps in the order they ran.
	Steps []CapacityStep
	// Stop says why the search ended: StopConverged, StopMaxSteps,
	// StopMaxRate, StopFloor or StopError.
	Stop string
}

// SearchCapacity finds the highest arrival rate whose steps meet
// opts.Judge's objective, calling probe once per step to run the load at a
// rate.
//
// It starts at StartRate, multiplies the rate by Factor while steps meet
// (divides it while they miss, never below the floor), then bisects
// between the highest rate that met and the lowest that did not until the
// bracket is within Precision, and confirms it: the answer must meet in a
// second run and the rate above it miss in a second run. A step the
// generator could not keep is inconclusive: it bounds the search from above
// as "generator-limited", never as a miss; one short of its rate because
// the server slowed under it is a miss (CapacityStep.saturated). A step with too few samples
// for the percentile is inconclusive and raises the floor.
//
// Noise: a rate is decided by the majority of its runs. A run whose value
// lies within Margin of the limit, or runs that disagree, make the rate
// run again, at most three times; a tie after three counts as missed. When
// a confirming run disagrees, the majority decides and the search goes on
// from the new bracket.
//
// On a probe error or a cancelled ctx it returns the steps so far, with
// Stop = StopError, and the error.
func SearchCapacity(ctx context.Context, opts CapacityOptions, probe func(ctx context.Context, rate float64) (CapacityStep, error)) (CapacityResult, error) {
	res := CapacityResult{Judge: opts.Judge}
	o, err := opts.withDefaults()
	if err != nil {
		res.Stop = StopError
		return res, err
	}
	if probe == nil {
		res.Stop = StopError
		return res, errors.New("bench: capacity search: probe is nil")
	}
	s := &search{o: o, res: &res}
	res.MinSamples = o.MinSamples
	if o.Duration > 0 {
		res.Floor = floorHeadroom * float64(o.MinSamples) / o.Duration.Seconds()
	}
	for {
		rate, role, stop := s.next()
		if stop != "" {
			res.Stop = stop
			break
		}
		if len(res.Steps) >= o.MaxSteps {
			res.Stop = StopMaxSteps
			break
		}
		if err := ctx.Err(); err != nil {
			res.Stop = StopError
			s.finish()
			return res, fmt.Errorf("bench: capacity search: %w", err)
		}
		st, err := probe(ctx, rate)
		if err != nil {
			res.Stop = StopError
			s.finish()
			return res, fmt.Errorf("bench: capacity step at %g ops/s: %w", rate, err)
		}
		st.Rate, st.Role = rate, role
		st.decide(o.Judge, o.MinSamples, o.Margin, s.baseService)
		res.Steps = append(res.Steps, st)
		if o.OnStep != nil {
			o.OnStep(st)
		}
		if st.Verdict == VerdictInterrupted {
			res.Stop = StopError
			s.finish()
			return res, fmt.Errorf("bench: capacity step at %g ops/s: %w", rate, context.Canceled)
		}
		s.book.get(rate).add(&st)
		s.learnFloor(&st)
		if st.OK && st.ServiceMean > 0 && (s.baseService == 0 || st.ServiceMean < s.baseService) {
			s.baseService = st.ServiceMean
		}
	}
	s.finish()
	return res, nil
}

// search is the state of one SearchCapacity.
type search struct {
	o          CapacityOptions
	res        *CapacityResult
	book       rateBook
	confirming bool
	// probes counts the rates tried above the first miss while nothing
	// met (probeUp); probeValue is the objective's value at the last of
	// them (or at the first miss).
	probes     int
	probeValue time.Duration
	// probedAbove is set once the search has tried the rate above a mild
	// first miss that followed rates that met (probeAboveMiss).
	probedAbove bool
	// baseService is the least mean service time of the steps that met:
	// the service of an unloaded server (CapacityStep.saturated).
	baseService time.Duration
}

// learnFloor lowers the estimate of samples per ops/s from a step and
// raises the floor to match: floor = headroom × MinSamples / yield, with
// yield the fewest samples per ops/s any step gave.
func (s *search) learnFloor(st *CapacityStep) {
	if st.Rate <= 0 || st.Verdict == VerdictGenerator {
		return // a generator-limited step started fewer operations than its rate
	}
	yield := max(float64(st.Samples), 0.5) / st.Rate
	if f := floorHeadroom * float64(s.o.MinSamples) / yield; f > s.res.Floor {
		s.res.Floor = f
	}
}

// next returns the next rate to run and its role, or why the search stops.
func (s *search) next() (rate float64, role string, stop string) {
	good, upper := s.book.bracket()
	// A rate of the bracket that is not yet decided runs again first.
	for _, r := range []float64{good, upper} {
		if rr := s.book.by[r]; r > 0 && !rr.settled() {
			return r, s.againRole(), ""
		}
	}
	floor := s.res.Floor
	switch {
	case upper == 0 && good == 0: // nothing decisive yet
		rate = min(max(s.o.StartRate, floor), s.o.MaxRate)
		for rr := s.book.by[rate]; rr != nil && rate < s.o.MaxRate; rr = s.book.by[rate] {
			rate = min(max(rate*s.o.Factor, floor), s.o.MaxRate) // tried: too few samples
		}
		if s.book.by[rate] != nil {
			return 0, "", StopMaxRate
		}
		return rate, RoleSearch, ""
	case upper == 0: // every decisive rate met: step up
		if good >= s.o.MaxRate {
			return s.confirm(StopMaxRate, good)
		}
		return min(max(good*s.o.Factor, floor), s.o.MaxRate), RoleSearch, ""
	case good == 0: // every decisive rate missed: step down, not below the floor
		if r, ok := s.probeUp(); ok {
			return r, RoleSearch, ""
		}
		if upper <= floor*(1+1e-9) {
			return s.confirm(StopFloor, upper)
		}
		return max(upper/s.o.Factor, floor), RoleSearch, ""
	}
	if r, ok := s.probeAboveMiss(good, upper); ok {
		return r, RoleSearch, ""
	}
	if (upper-good)/(upper+good) <= s.o.Precision {
		return s.confirm(StopConverged, good, upper)
	}
	mid := (good + upper) / 2
	if s.book.by[mid] != nil { // a tie at three runs: nowhere left between
		return s.confirm(StopConverged, good, upper)
	}
	return mid, RoleSearch, ""
}

// maxProbesUp bounds the rates probeUp tries above a first miss: from the
// default start of 1,000 ops/s, up to 16,000.
const maxProbesUp = 4

// probeUp returns a rate above every rate tried, while nothing met, the
// last step missed and the misses got no worse as the rate rose: a miss
// at a low rate may be an idle server's slow wake-ups (on a virtual
// machine 1% of GETs wait ~1 ms for an idle CPU, docs/ci-gate.md), which
// a busier rate does not have, so the search looks above before it steps
// down. A miss that grows with the rate is the load's: it stops, as do a
// step the generator could not keep, a quarter of the step budget spent,
// and maxProbesUp probes.
func (s *search) probeUp() (float64, bool) {
	n := len(s.res.Steps)
	if n == 0 || s.probes >= maxProbesUp || s.probes > 0 && n >= s.o.MaxSteps/4 {
		return 0, false
	}
	last := s.res.Steps[n-1]
	if last.Verdict != VerdictMissed || last.Saturated || s.probes > 0 && last.Value > s.probeValue {
		return 0, false
	}
	top := s.book.top()
	r := min(top*s.o.Factor, s.o.MaxRate)
	if r <= top || s.book.by[r] != nil {
		return 0, false
	}
	s.probes++
	s.probeValue = last.Value
	return r, true
}

// mildMiss is how far above the limit a first miss may lie for the
// search to look above it (probeAboveMiss): an idle server's wake-up tail
// misses by a fraction of the limit, a queue past the knee by multiples.
const mildMiss = 2

// probeAboveMiss returns, once per search, the rate above the first miss
// that followed rates that met, when that miss was mild (its value below
// mildMiss × the limit, the server not saturated) and nothing above it was
// tried: the same idle-server tail probeUp looks past can sit between two
// rates that meet (on a virtual machine, hit p99 1.0–1.5 ms at 4,000
// ops/s, 0.6 ms at 8,000). If the probe meets, the bracket moves up (a miss
// below the answer does not bound it); if not, the search bisects as
// before, one step later.
func (s *search) probeAboveMiss(good, upper float64) (float64, bool) {
	rr := s.book.by[upper]
	if s.probedAbove || rr.verdict() != VerdictMissed || upper > good*s.o.Factor*(1+1e-9) || s.book.top() > upper {
		return 0, false
	}
	for _, st := range s.res.Steps {
		if st.Rate == upper && st.Verdict == VerdictMissed &&
			(st.Saturated || st.Value >= mildMiss*s.o.Judge.Limit()) {
			return 0, false
		}
	}
	r := min(upper*s.o.Factor, s.o.MaxRate)
	if r <= upper {
		return 0, false
	}
	s.probedAbove = true
	return r, true
}

// againRole is the role of a run at a rate already tried.
func (s *search) againRole() string {
	if s.confirming {
		return RoleConfirm
	}
	return RoleRepeat
}

// confirm returns a run that confirms one of rates, or stop when each is
// confirmed or has had its runs.
func (s *search) confirm(stop string, rates ...float64) (float64, string, string) {
	s.confirming = true
	for _, r := range rates {
		if rr := s.book.by[r]; !rr.confirmed() && rr.runs() < maxRunsPerRate {
			return r, RoleConfirm, ""
		}
	}
	return 0, "", stop
}

// finish fills the answer from the rates tried.
func (s *search) finish() {
	res := s.res
	good, upper := s.book.bracket()
	res.MaxRate, res.Upper = good, upper
	if good > 0 && upper > 0 {
		res.Precision = (upper - good) / (upper + good)
	}
	switch {
	case upper > 0 && s.book.by[upper].verdict() == VerdictGenerator:
		res.LimitedBy = LimitedGenerator
	case upper > 0:
		res.LimitedBy = LimitedSLO
	case good >= s.o.MaxRate:
		res.LimitedBy = LimitedMaxRate
	}
	var why []string
	for _, r := range []float64{good, upper} {
		if rr := s.book.by[r]; r > 0 && !rr.confirmed() {
			why = append(why, rr.summary())
		}
	}
	switch {
	case good == 0 && upper == 0:
		why = append(why, "no rate was decided")
	case res.Stop == StopMaxSteps && len(why) > 0:
		why = append(why, "the step budget (max steps) ran out")
	case res.Stop == StopError:
		why = append(why, "the search stopped early")
	}
	res.Confirmed = len(why) == 0
	res.Unconfirmed = strings.Join(why, "; ")
}

// withDefaults returns o with defaults set, or an error naming the first
// invalid field.
func (o CapacityOptions) withDefaults() (CapacityOptions, error) {
	if o.StartRate == 0 {
		o.StartRate = DefaultStartRate
	}
	if o.Factor == 0 {
		o.Factor = DefaultFactor
	}
	if o.Precision == 0 {
		o.Precision = DefaultPrecision
	}
	switch {
	case o.Margin == 0:
		o.Margin = DefaultMargin
	case o.Margin < 0:
		o.Margin = 0
	}
	if o.MaxSteps == 0 {
		o.MaxSteps = DefaultMaxSteps
	}
	if o.MaxRate == 0 {
		o.MaxRate = MaxRate
	}
	invalid := func(field, format string, args ...any) error {
		return &ConfigError{Field: field, Reason: fmt.Sprintf(format, args...)}
	}
	if o.Judge == nil {
		return o, invalid("judge", "must be set, e.g. from an SLO such as p99<5ms")
	}
	if o.MinSamples == 0 {
		o.MinSamples = MinSamples(o.Judge.Quantile())
	}
	switch {
	case !(o.StartRate > 0) || math.IsInf(o.StartRate, 0):
		return o, invalid("start rate", "must be > 0 ops/s, got %v", o.StartRate)
	case !(o.Factor > 1) || math.IsInf(o.Factor, 0):
		return o, invalid("factor", "must be > 1, got %v", o.Factor)
	case !(o.Precision > 0 && o.Precision < 1):
		return o, invalid("precision", "must be in (0, 1), got %v", o.Precision)
	case !(o.Margin < 1):
		return o, invalid("margin", "must be below 1, got %v", o.Margin)
	case o.MaxSteps < 1:
		return o, invalid("max steps", "must be >= 1, got %d", o.MaxSteps)
	case !(o.MaxRate > 0 && o.MaxRate <= MaxRate):
		return o, invalid("max rate", "must be in (0, %g] ops/s, got %v", MaxRate, o.MaxRate)
	case o.Duration < 0:
		return o, invalid("duration", "must be >= 0, got %v", o.Duration)
	case o.MinSamples < 1:
		return o, invalid("min samples", "must be >= 1, got %d", o.MinSamples)
	}
	return o, nil
}
