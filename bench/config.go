package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"time"
)

// Config of one engine run. Zero means default where stated.
type Config struct {
	// Name is the workload name, copied into Result.
	Name string
	// Workers is the number of concurrent workers; must be >= 1.
	Workers int
	// Duration is the measured time after the warm-up; 0 = until Ops are
	// done (then Ops must be > 0). When both are set, whichever comes first
	// ends the run.
	Duration time.Duration
	// Warmup is run but not recorded; 0 = none.
	Warmup time.Duration
	// Ops is the number of measured operations in total, split evenly over
	// the workers, the remainder to the first ones; 0 = unlimited.
	Ops int64
	// Progress, when non-nil, receives a live progress line of at most 79
	// columns (carriage return, overwritten a few times a second): the
	// label, a warm-up countdown, then elapsed/total, the last complete
	// second's ops/s, hit ratio and read p99, errors so far, time left; the
	// whole run's figures and a newline at the end. Write errors are
	// ignored. The caller decides whether to show progress.
	Progress io.Writer
	// Label names the run on the progress line (e.g. target/workload);
	// default Name.
	Label string
	// Interval is the time-series interval; 0 = 1s.
	Interval time.Duration
	// Now is the clock; nil = time.Now. It is injectable for tests; it must
	// not go backwards and must be safe for concurrent use.
	Now func() time.Time

	// Rate is the open-loop arrival rate in operations per second, in total
	// over all workers; 0 = closed loop (each worker starts its next
	// operation when the previous one ends). In the open loop a pacer
	// (pacer.go) fixes every operation's intended start time in advance and
	// the workers take operations as they fall due; see Run.
	Rate float64
	// Schedule, when non-nil, makes the run an open loop on the
	// caller's schedule instead of Rate's (which is then ignored): each
	// operation is due when Schedule.Next says, and the run ends when the
	// schedule does, or at the end of the Duration or the Ops quota.
	Schedule Schedule
	// UntilDone lets the workload end the run: a worker stops when Do
	// returns ErrDone (and the open loop when its Schedule ends), so
	// Duration and Ops may both be 0. Default false.
	UntilDone bool
	// Arrival is how open-loop arrivals are spaced: ArrivalConstant (the
	// default when "") or ArrivalPoisson. Ignored in the closed loop.
	Arrival string
	// Seed seeds the Poisson arrival process; the same seed gives the same
	// schedule. Ignored otherwise.
	Seed int64
	// Drain bounds, in the open loop with a Duration, how long after the
	// end of the Duration the workers may still start operations that fell
	// due before it (a backlog). Operations still not started then are
	// counted in Result.Backlog and make the run Invalid, never silently
	// dropped. 0 = Duration/10, at least 100ms and at most 5s.
	Drain time.Duration
	// ErrorBackoff caps the pause a worker takes after a failed operation
	// before its next one: 1ms after the first failure in a row, doubling
	// up to ErrorBackoff, none after a success. It keeps workers from
	// spinning on a server that is down while every failure is still
	// counted. 0 = DefaultErrorBackoff; negative = no pause.
	ErrorBackoff time.Duration
	// Sleep waits for d or until ctx is done (open-loop waits and error
	// backoff); nil = a timer. It is injectable for tests together with Now
	// (a fake clock's Sleep advances it) and must be safe for concurrent
	// use.
	Sleep func(ctx context.Context, d time.Duration)

	// NoRecord turns measurement off, for one purpose only: measuring what
	// measurement costs, by comparing a run's throughput with and without
	// it (make bench-self prints the ratio). Operations still run and are
	// counted (Ops, Hits, Misses, Writes, Errors, so Throughput holds), but
	// no latency is recorded: every histogram and the time series stay
	// empty, and Recorder.Record, RecordValue and Add discard what they
	// get (Recorder.Recording is false, so a Workload can skip timing what
	// it would record). Default false. Never set it for a real measurement.
	NoRecord bool
}

// Arrival processes of the open loop.
const (
	// ArrivalConstant spaces operations evenly: operation i is due at
	// i/Rate after the start.
	ArrivalConstant = "constant"
	// ArrivalPoisson spaces operations by independent exponential gaps of
	// mean 1/Rate (a Poisson process), drawn from a generator seeded with
	// Config.Seed.
	ArrivalPoisson = "poisson"
)

// MaxRate is the highest open-loop Rate accepted, in operations per second.
const MaxRate = 1e9

// Defaults.
const (
	// DefaultInterval is the time-series interval when Config.Interval is 0.
	DefaultInterval = time.Second
	// DefaultErrorBackoff is the default cap of Config.ErrorBackoff.
	DefaultErrorBackoff = 100 * time.Millisecond
	// minDrain and maxDrain bound the default Drain (Duration/10).
	minDrain = 100 * time.Millisecond
	maxDrain = 5 * time.Second
)

// ErrInvalidConfig is matched (errors.Is) by every error Run returns for an
// invalid Config.
var ErrInvalidConfig = errors.New("bench: invalid config")

// ConfigError says which Config field is invalid and what it accepts.
type ConfigError struct {
	Field  string // lower-case field name, e.g. "workers"
	Reason string // e.g. "must be >= 1, got 0"
}

// Error returns e.g. "bench: workers must be >= 1, got 0".
func (e *ConfigError) Error() string {
	return "bench: " + e.Field + " " + e.Reason
}

// Is reports whether target is ErrInvalidConfig.
func (e *ConfigError) Is(target error) bool {
	return target == ErrInvalidConfig
}

// withDefaults returns c with its zero fields set to their defaults.
func (c Config) withDefaults() Config {
	if c.Interval == 0 {
		c.Interval = DefaultInterval
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Arrival == "" {
		c.Arrival = ArrivalConstant
	}
	if c.Drain == 0 {
		c.Drain = min(max(c.Duration/10, minDrain), maxDrain)
	}
	if c.ErrorBackoff == 0 {
		c.ErrorBackoff = DefaultErrorBackoff
	}
	return c
}

// validate returns a *ConfigError naming the first invalid field.
func (c Config) validate() error {
	invalid := func(field, format string, args ...any) error {
		return &ConfigError{Field: field, Reason: fmt.Sprintf(format, args...)}
	}
	switch {
	case c.Workers < 1:
		return invalid("workers", "must be >= 1, got %d", c.Workers)
	case c.Duration < 0:
		return invalid("duration", "must be >= 0, got %v", c.Duration)
	case c.Warmup < 0:
		return invalid("warmup", "must be >= 0, got %v", c.Warmup)
	case c.Ops < 0:
		return invalid("ops", "must be >= 0, got %d", c.Ops)
	case c.Interval < 0:
		return invalid("interval", "must be >= 0, got %v", c.Interval)
	case c.Duration == 0 && c.Ops == 0 && !c.UntilDone && c.Schedule == nil:
		return invalid("ops", "must be > 0 when duration is 0")
	case math.IsNaN(c.Rate) || c.Rate < 0 || c.Rate > MaxRate:
		return invalid("rate", "must be 0 (closed loop) or an arrival rate up to %g ops/s, got %v", MaxRate, c.Rate)
	case c.Arrival != ArrivalConstant && c.Arrival != ArrivalPoisson:
		return invalid("arrival", "must be %s or %s, got %q", ArrivalConstant, ArrivalPoisson, c.Arrival)
	case c.Drain < 0:
		return invalid("drain", "must be >= 0, got %v", c.Drain)
	}
	return nil
}

// open reports whether the run is an open loop: a Rate or a Schedule.
func (c Config) open() bool { return c.Rate > 0 || c.Schedule != nil }

// quota returns worker id's share of c.Ops, or -1 for unlimited.
func (c Config) quota(id int) int64 {
	if c.Ops == 0 {
		return -1
	}
	n := int64(c.Workers)
	q := c.Ops / n
	if int64(id) < c.Ops%n {
		q++
	}
	return q
}
