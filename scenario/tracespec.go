package scenario

import (
	"math"
	"strings"

	"github.com/cacheaside/bench/scenario/trace"
)

// maxSpeed bounds Speed: a week of trace in about a second.
const maxSpeed = 1e6

// traceSpec is a workload's trace as validated: the file opens, its format
// is known, and the speed it replays at.
type traceSpec struct {
	format string  // as detected or named
	speed  float64 // 0: in order (closed loop, or spread over Rate)
}

// compileTrace checks a workload's Trace, TraceFormat and Speed, opening
// the file to detect its format and whether it has timestamps; add
// reports a problem with a field.
func compileTrace(w Workload, add func(field, format string, args ...any)) traceSpec {
	if w.Trace == "" {
		if w.TraceFormat != "" {
			add("trace_format", "needs a trace (--trace FILE)")
		}
		if w.Speed != nil {
			add("speed", "needs a trace (--trace FILE)")
		}
		return traceSpec{}
	}
	if err := trace.CheckFormat(w.TraceFormat); err != nil {
		add("trace_format", "%s", strings.TrimPrefix(err.Error(), "trace: "))
		return traceSpec{}
	}
	r, err := trace.Open(w.Trace, w.TraceFormat)
	if err != nil {
		add("trace", "%s; --trace-format names the format when it cannot be detected", strings.TrimPrefix(err.Error(), "trace: "))
		return traceSpec{}
	}
	defer r.Close()
	var first trace.Request
	hasTime := r.Next(&first) && first.HasTime
	ts := traceSpec{format: r.Format()}
	switch {
	case w.Speed == nil && w.Rate > 0:
	case w.Speed == nil && hasTime:
		ts.speed = 1
	case w.Speed == nil:
	case w.Rate > 0:
		add("speed", "and rate both set: --speed keeps the trace's times, --rate spreads its order over a fixed rate; choose one")
	case math.IsNaN(*w.Speed) || *w.Speed < 0 || *w.Speed > maxSpeed:
		add("speed", "must be from 0 (in order, closed loop) to %g, got %v", float64(maxSpeed), *w.Speed)
	case *w.Speed > 0 && !hasTime:
		add("speed", "%v needs timestamps, and the trace's first request has none: use --speed 0 (in order) or --rate", *w.Speed)
	default:
		ts.speed = *w.Speed
	}
	if w.Prewarm {
		add("prewarm", "does not apply to a trace replay: the trace's own requests fill the cache")
	}
	return ts
}
