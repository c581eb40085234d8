package report

import (
	"fmt"
	"time"

	"github.com/cacheaside/bench/bench"
)

// NewTiming returns the report form of a calibration.
func NewTiming(c bench.Calibration) *Timing {
	q := func(h interface{ ValueAtQuantile(float64) int64 }, p float64) float64 {
		return nsToMs(float64(h.ValueAtQuantile(p)))
	}
	t := &Timing{Mode: c.Mode, CPUUtil: round(c.CPUUtil, 4), CPUPerOpUs: round(float64(c.CPUPerOp)/float64(time.Microsecond), 1)}
	if c.Lag != nil {
		t.LagP50Ms, t.LagP99Ms = q(c.Lag, 50), q(c.Lag, 99)
	}
	if c.RTT != nil && c.RTT.TotalCount() > 0 {
		t.RTTP50Ms, t.RTTP99Ms = q(c.RTT, 50), q(c.RTT, 99)
	}
	return t
}

// String is the console's one line, e.g. "timing: spin, lag p50 0.001 ms
// p99 0.004 ms, round trip p50 0.041 ms p99 0.090 ms, pacing CPU 35% of 1
// cores (350.0 µs/op)".
func (t *Timing) String(gomaxprocs int) string {
	return fmt.Sprintf("timing: %s, lag p50 %.3f ms p99 %.3f ms, round trip p50 %.3f ms p99 %.3f ms, pacing CPU %s of %d cores (%.1f µs/op)",
		t.Mode, t.LagP50Ms, t.LagP99Ms, t.RTTP50Ms, t.RTTP99Ms, Pct(t.CPUUtil, 0), gomaxprocs, t.CPUPerOpUs)
}

// generatorDominated adds the generator-dominated warning to w when, in
// the open loop, its lag p99 exceeds its service p50.
func (w *Workload) generatorDominated() {
	lag, okL := w.Latency["lag"]
	svc, okS := w.Latency["service"]
	if !okL || !okS || lag.P99Ms <= svc.P50Ms {
		return
	}
	msg := fmt.Sprintf(
		"generator-dominated: lag p99 %.3f ms exceeds service p50 %.3f ms: operations waited longer for the generator to start them than the server took to serve them",
		lag.P99Ms, svc.P50Ms)
	if c := w.Client; c != nil && c.CPUWaitMs != nil && *c.CPUWaitMs > 0 {
		msg += "; " + c.cpuWaitPhrase(w.DurationS)
	}
	w.Warnings = append(w.Warnings, msg)
	w.addReasonKind(ReasonGeneratorDominated)
}

// cpuWaitPhrase says how long the client's threads waited for a CPU,
// e.g. "its threads waited 41.2 ms for a CPU other tasks held (8.2 ms a
// second), taken from them 1204 times", or "" when that is unknown.
// seconds is the measured time, 0 when unknown.
func (c *Client) cpuWaitPhrase(seconds float64) string {
	if c.CPUWaitMs == nil {
		return ""
	}
	s := fmt.Sprintf("its threads waited %s ms for a CPU other tasks held", Num(*c.CPUWaitMs, 1))
	if seconds > 0 {
		s += fmt.Sprintf(" (%s ms a second)", Num(*c.CPUWaitMs/seconds, 1))
	}
	return s + fmt.Sprintf(", taken from them %d times", c.Preemptions)
}
