package bench

import (
	"errors"
	"fmt"
	"io"
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
	// Progress, when non-nil, receives a live progress line (carriage
	// return, overwritten each second): elapsed/total, ops/s, hit ratio, p99
	// read, errors, time left; and a final newline at the end. Write errors
	// are ignored. The caller decides whether to show progress.
	Progress io.Writer
	// Interval is the time-series interval; 0 = 1s.
	Interval time.Duration
	// Now is the clock; nil = time.Now. It is injectable for tests; it must
	// not go backwards and must be safe for concurrent use.
	Now func() time.Time
}

// Defaults.
const (
	// DefaultInterval is the time-series interval when Config.Interval is 0.
	DefaultInterval = time.Second
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
	case c.Duration == 0 && c.Ops == 0:
		return invalid("ops", "must be > 0 when duration is 0")
	}
	return nil
}

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
