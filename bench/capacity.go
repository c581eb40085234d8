package bench

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"
)

// Defaults of CapacityOptions.
const (
	// DefaultStartRate is the first rate tried, in ops/s.
	DefaultStartRate = 1000
	// DefaultFactor multiplies the rate while steps meet the objective.
	DefaultFactor = 2
	// DefaultTolerance is the relative gap between the highest good and the
	// lowest bad rate at which bisection stops.
	DefaultTolerance = 0.05
	// DefaultMaxSteps bounds the steps (engine runs) of a search.
	DefaultMaxSteps = 12
)

// Why a capacity search stopped (CapacityResult.Stop).
const (
	// StopConverged: the highest good and lowest bad rates are within the
	// tolerance of each other.
	StopConverged = "converged"
	// StopMaxSteps: the search ran out of steps first.
	StopMaxSteps = "max steps"
	// StopMaxRate: every rate up to CapacityOptions.MaxRate was good.
	StopMaxRate = "max rate"
	// StopError: a probe failed or the context was cancelled.
	StopError = "error"
)

// Judge holds the steps of a capacity search to an objective. The caller
// supplies it (the command builds one from an SLO such as "p99<5ms"): bench
// knows no metric grammar.
type Judge interface {
	// Metric names the figure judged ("read", "hit"), for a step's reasons.
	Metric() string
	// Value reads the figure off an engine result; ok is false when the
	// result has no samples of it.
	Value(r *Result) (v time.Duration, ok bool)
	// Met reports whether a figure meets the objective.
	Met(v time.Duration) bool
}

// CapacityOptions configure SearchCapacity. Zero means default where stated.
type CapacityOptions struct {
	// Judge holds each step to the objective; required.
	Judge Judge
	// StartRate is the first rate tried, in ops/s; 0 = DefaultStartRate.
	StartRate float64
	// Factor (> 1) multiplies the rate after each good step until a step
	// fails, and divides it after each bad step until one is good, before
	// bisecting; 0 = DefaultFactor.
	Factor float64
	// Tolerance (in (0, 1)): bisection stops when the lowest bad rate is
	// within Tolerance × the highest good rate above it; 0 = DefaultTolerance.
	Tolerance float64
	// MaxSteps bounds the number of steps; 0 = DefaultMaxSteps.
	MaxSteps int
	// MaxRate is the highest rate tried, in ops/s; 0 = MaxRate (1e9).
	MaxRate float64
}

// CapacityStep is one rate tried by the capacity search.
type CapacityStep struct {
	// Rate is the target arrival rate of the step, in ops/s.
	Rate float64
	// Achieved is the step's Result.AchievedRate, in ops/s.
	Achieved float64
	// Value is the objective's figure of the step (Judge.Value).
	Value time.Duration
	// Invalid lists why the step does not count as a measurement at its
	// rate (Result.Invalid, no samples, interrupted); a step with reasons
	// is bad whatever its Value.
	Invalid []string
	// OK is true when the step is valid and Value meets the objective;
	// set by SearchCapacity.
	OK bool
	// Result is the engine's result of the step, when the probe keeps it
	// (for the report); SearchCapacity does not read it.
	Result *Result
}

// NewCapacityStep returns the capacity step of an engine result r at rate,
// judged by j: its achieved rate, the objective's value, and r's Invalid
// reasons plus "no samples of METRIC" when the figure has none and
// "interrupted" when r is.
func NewCapacityStep(j Judge, rate float64, r *Result) CapacityStep {
	st := CapacityStep{Rate: rate, Achieved: r.AchievedRate, Result: r}
	st.Invalid = append(st.Invalid, r.Invalid...)
	v, ok := j.Value(r)
	st.Value = v
	if !ok {
		st.Invalid = append(st.Invalid, "no samples of "+j.Metric())
	}
	if r.Interrupted {
		st.Invalid = append(st.Invalid, "interrupted")
	}
	st.OK = len(st.Invalid) == 0 && j.Met(v)
	return st
}

// CapacityResult is the outcome of a capacity search.
type CapacityResult struct {
	// Judge is the objective searched for.
	Judge Judge
	// MaxRate is the highest rate whose step was OK, in ops/s; 0 when none
	// was.
	MaxRate float64
	// Steps are the steps in the order they ran.
	Steps []CapacityStep
	// Stop says why the search ended: StopConverged, StopMaxSteps,
	// StopMaxRate or StopError.
	Stop string
}

// SearchCapacity finds the highest arrival rate whose steps meet
// opts.Judge's objective, calling probe once per step to run the load at a rate. It
// starts at StartRate and multiplies the rate by Factor while steps are
// good (or divides it while they are bad), then bisects between the highest
// good and the lowest bad rate until they are within Tolerance, at most
// MaxSteps steps in all. A step is good when it has no Invalid reasons and
// its Value meets the objective (probe's OK is recomputed). It assumes latency
// grows with the rate.
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
	var good, bad float64 // highest good and lowest bad rate so far; 0 = none
	rate := min(o.StartRate, o.MaxRate)
	for len(res.Steps) < o.MaxSteps {
		if err := ctx.Err(); err != nil {
			res.Stop = StopError
			return res, fmt.Errorf("bench: capacity search: %w", err)
		}
		st, err := probe(ctx, rate)
		if err != nil {
			res.Stop = StopError
			return res, fmt.Errorf("bench: capacity step at %g ops/s: %w", rate, err)
		}
		st.Rate = rate
		st.OK = len(st.Invalid) == 0 && o.Judge.Met(st.Value)
		res.Steps = append(res.Steps, st)
		if st.OK {
			good = rate
			res.MaxRate = rate
		} else {
			bad = rate
		}
		switch {
		case bad == 0: // every step good so far: step up
			if good >= o.MaxRate {
				res.Stop = StopMaxRate
				return res, nil
			}
			rate = min(good*o.Factor, o.MaxRate)
		case good == 0: // every step bad so far: step down
			rate = bad / o.Factor
		default:
			if bad-good <= o.Tolerance*good {
				res.Stop = StopConverged
				return res, nil
			}
			rate = (good + bad) / 2
		}
	}
	res.Stop = StopMaxSteps
	return res, nil
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
	if o.Tolerance == 0 {
		o.Tolerance = DefaultTolerance
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
	switch {
	case o.Judge == nil:
		return o, invalid("judge", "must be set, e.g. from an SLO such as p99<5ms")
	case !(o.StartRate > 0) || math.IsInf(o.StartRate, 0):
		return o, invalid("start rate", "must be > 0 ops/s, got %v", o.StartRate)
	case !(o.Factor > 1) || math.IsInf(o.Factor, 0):
		return o, invalid("factor", "must be > 1, got %v", o.Factor)
	case !(o.Tolerance > 0 && o.Tolerance < 1):
		return o, invalid("tolerance", "must be in (0, 1), got %v", o.Tolerance)
	case o.MaxSteps < 1:
		return o, invalid("max steps", "must be >= 1, got %d", o.MaxSteps)
	case !(o.MaxRate > 0 && o.MaxRate <= MaxRate):
		return o, invalid("max rate", "must be in (0, %g] ops/s, got %v", MaxRate, o.MaxRate)
	}
	return o, nil
}
