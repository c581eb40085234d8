package scenario

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// Kinds of source latency distribution, the values of LatencyDist.Kind.
const (
	LatencyFixed     = "fixed"
	LatencyUniform   = "uniform"
	LatencyLognormal = "lognormal"
)

// latencyCap is the largest latency accepted and sampled.
const latencyCap = time.Minute

// latencyAccepted says what ParseLatencyDist accepts; every error ends with it.
const latencyAccepted = "want a duration like 50ms (or 0), uniform:MIN:MAX (durations, 0 <= MIN <= MAX) " +
	"or lognormal:MEDIAN:SIGMA (MEDIAN a duration > 0, SIGMA a number >= 0), durations at most 1m"

// LatencyDist is a parsed --source-latency: a fixed duration like "50ms" (also "0"),
// "uniform:MIN:MAX" (durations, MIN <= MAX), or "lognormal:MEDIAN:SIGMA" (MEDIAN a duration > 0,
// SIGMA a float >= 0). The zero value is a fixed latency of 0.
// It marshals as text in its canonical form (e.g. "lognormal:5ms:0.5").
type LatencyDist struct {
	// Kind is fixed, uniform or lognormal; "" means fixed.
	Kind string
	// Fixed is the latency of kind fixed, in [0, 1m].
	Fixed time.Duration
	// Min and Max bound kind uniform: 0 <= Min <= Max <= 1m.
	Min, Max time.Duration
	// Median is the median of kind lognormal, in (0, 1m].
	Median time.Duration
	// Sigma is the standard deviation of the logarithm, kind lognormal, >= 0.
	Sigma float64
}

// ParseLatencyDist parses a --source-latency value. Errors say what is accepted.
func ParseLatencyDist(s string) (LatencyDist, error) {
	parts := strings.Split(strings.TrimSpace(s), ":")
	bad := func(reason string) (LatencyDist, error) {
		return LatencyDist{}, latencyError(s, reason)
	}
	var l LatencyDist
	var err1, err2 error
	switch parts[0] {
	case LatencyUniform:
		if len(parts) != 3 {
			return bad("uniform takes two durations")
		}
		l.Kind = LatencyUniform
		l.Min, err1 = time.ParseDuration(parts[1])
		l.Max, err2 = time.ParseDuration(parts[2])
	case LatencyLognormal:
		if len(parts) != 3 {
			return bad("lognormal takes a duration and a number")
		}
		l.Kind = LatencyLognormal
		l.Median, err1 = time.ParseDuration(parts[1])
		l.Sigma, err2 = strconv.ParseFloat(parts[2], 64)
	default:
		if len(parts) != 1 {
			return bad("")
		}
		l.Kind = LatencyFixed
		l.Fixed, err1 = time.ParseDuration(parts[0])
	}
	if err1 != nil || err2 != nil {
		return bad("not a duration or number")
	}
	if reason := l.invalid(); reason != "" {
		return bad(reason)
	}
	return l, nil
}

// Validate reports whether l is a distribution ParseLatencyDist could have
// returned (or the zero value).
func (l LatencyDist) Validate() error {
	if reason := l.invalid(); reason != "" {
		return latencyError(l.String(), reason)
	}
	return nil
}

// invalid returns why l is not valid, or "".
func (l LatencyDist) invalid() string {
	switch l.Kind {
	case "", LatencyFixed:
		if l.Min != 0 || l.Max != 0 || l.Median != 0 || l.Sigma != 0 {
			return "parameters of another kind set for fixed"
		}
		if l.Fixed < 0 || l.Fixed > latencyCap {
			return "duration out of range"
		}
	case LatencyUniform:
		if l.Fixed != 0 || l.Median != 0 || l.Sigma != 0 {
			return "parameters of another kind set for uniform"
		}
		if l.Min < 0 || l.Min > l.Max || l.Max > latencyCap {
			return "MIN and MAX out of range"
		}
	case LatencyLognormal:
		if l.Fixed != 0 || l.Min != 0 || l.Max != 0 {
			return "parameters of another kind set for lognormal"
		}
		if l.Median <= 0 || l.Median > latencyCap {
			return "MEDIAN out of range"
		}
		if !(l.Sigma >= 0) || math.IsInf(l.Sigma, 1) {
			return "SIGMA must be a finite number >= 0"
		}
	default:
		return fmt.Sprintf("unknown kind %q", l.Kind)
	}
	return ""
}

// latencyError formats a source-latency error naming the input and what is accepted.
func latencyError(s, reason string) error {
	if reason != "" {
		reason += "; "
	}
	return fmt.Errorf("scenario: source-latency %q: %s%s", s, reason, latencyAccepted)
}

// String returns the canonical form, which round-trips through ParseLatencyDist.
func (l LatencyDist) String() string {
	switch l.Kind {
	case LatencyUniform:
		return LatencyUniform + ":" + l.Min.String() + ":" + l.Max.String()
	case LatencyLognormal:
		return LatencyLognormal + ":" + l.Median.String() + ":" + strconv.FormatFloat(l.Sigma, 'g', -1, 64)
	case "", LatencyFixed:
		return l.Fixed.String()
	}
	return l.Kind
}

// MarshalText returns the canonical form (see String).
func (l LatencyDist) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// UnmarshalText parses text with ParseLatencyDist.
func (l *LatencyDist) UnmarshalText(text []byte) error {
	p, err := ParseLatencyDist(string(text))
	if err != nil {
		return err
	}
	*l = p
	return nil
}

// Sample draws one latency using rng (caller-owned *rand.Rand from math/rand/v2); no allocation;
// never negative; capped at 1 minute. A nil rng, or an invalid uniform
// range, gives the distribution's median instead of a draw.
func (l LatencyDist) Sample(rng *rand.Rand) time.Duration {
	var d time.Duration
	switch l.Kind {
	case LatencyUniform:
		if rng == nil || l.Max < l.Min {
			d = l.Min + (l.Max-l.Min)/2
			break
		}
		d = l.Min + time.Duration(rng.Int64N(int64(l.Max-l.Min)+1))
	case LatencyLognormal:
		if rng == nil {
			d = l.Median
			break
		}
		d = latencyFromFloat(float64(l.Median) * math.Exp(l.Sigma*rng.NormFloat64()))
	default:
		d = l.Fixed
	}
	return min(max(d, 0), latencyCap)
}

// Mean returns the distribution's mean (lognormal: median*exp(sigma^2/2)).
// It is the mean before the one-minute cap that Sample applies, saturating
// at the largest time.Duration.
func (l LatencyDist) Mean() time.Duration {
	switch l.Kind {
	case LatencyUniform:
		return l.Min + (l.Max-l.Min)/2
	case LatencyLognormal:
		return latencyFromFloat(float64(l.Median) * math.Exp(l.Sigma*l.Sigma/2))
	}
	return l.Fixed
}

// latencyFromFloat rounds nanoseconds to a Duration, saturating instead of
// overflowing.
func latencyFromFloat(ns float64) time.Duration {
	if ns >= math.MaxInt64 {
		return math.MaxInt64
	}
	if !(ns > 0) {
		return 0
	}
	return time.Duration(math.Round(ns))
}
