package report

import (
	"fmt"
	"math"
	"time"

	"github.com/cacheaside/bench/internal/evidence"
)

// The steady-state rule (docs/report.md#steady-state): a series trends when
// the Mann-Kendall test finds a monotonic trend at SteadyAlpha, and both the
// Theil-Sen slope across the window and the step from the first third's
// median to the last third's are, in the same direction, at least the
// series' floor. The test asks whether the trend stands out of the noise
// of the seconds; the floor whether it is large enough to matter.
const (
	// SteadyAlpha is the significance level of the Mann-Kendall test.
	SteadyAlpha = 0.05
	// SteadyMinSeconds is the fewest per-second points the check needs:
	// with fewer, the test cannot reach SteadyAlpha even for a strictly
	// monotonic series.
	SteadyMinSeconds = 5
	// ThroughputFloor is the relative change of throughput (to the
	// window's median) that counts as a trend.
	ThroughputFloor = 0.10
	// HitRatioFloor is the change of hit ratio (absolute) that counts.
	HitRatioFloor = 0.01
)

// SteadyState is the figures that decided Workload.Steady.
type SteadyState struct {
	// Seconds is how many per-second points were checked (a short last
	// interval left out).
	Seconds int `json:"seconds"`
	// Throughput and HitRatio are the trends of ops/s and hit ratio;
	// absent when not checked (too few seconds; no reads).
	Throughput *Trend `json:"throughput,omitempty"`
	HitRatio   *Trend `json:"hit_ratio,omitempty"`
	// Repeat is, for a workload run --repeat N times, which repeat (from
	// 1) these figures are of: the first that was not steady, else 1.
	Repeat int `json:"repeat,omitempty"`
	// Advice says what would make the workload steady; absent when it is.
	Advice string `json:"advice,omitempty"`
	// Note says why nothing was decided (too few seconds); absent when
	// something was.
	Note string `json:"note,omitempty"`
}

// Trend is one series' steady-state figures.
type Trend struct {
	// FirstThird and LastThird are the medians of the first and last
	// third of the seconds.
	FirstThird float64 `json:"first_third"`
	LastThird  float64 `json:"last_third"`
	// SlopePerS is the Theil-Sen slope, per second.
	SlopePerS float64 `json:"slope_per_s"`
	// Change is SlopePerS times the span of the seconds: how far the
	// trend moved the series across the window.
	Change float64 `json:"change"`
	// Floor is the smallest change that counts, in the series' unit.
	Floor float64 `json:"floor"`
	// P is the two-sided Mann-Kendall p-value.
	P float64 `json:"p"`
	// Trending is the verdict: a significant trend beyond the floor.
	Trending bool `json:"trending"`
}

// SteadyHints is what the caller knows of how the workload started, for
// the advice; the zero value knows nothing.
type SteadyHints struct {
	// Known says Prewarm and Warmup are set.
	Known   bool
	Prewarm bool
	Warmup  time.Duration
}

// CheckSteady sets w.Steady and w.SteadyState from w's time series. With
// fewer than SteadyMinSeconds seconds, for a trace replay (whose rate and
// popularity are the trace's own, not a state to settle in) and when a
// fault or a failover disturbed the window on purpose or not, Steady is
// left nil (not decided) and the note says why.
func (w *Workload) CheckSteady(h SteadyHints) {
	ts, ops, hr := steadySeries(w.Timeseries)
	st := &SteadyState{Seconds: len(ts)}
	w.SteadyState, w.Steady = st, nil
	switch {
	case w.Trace != nil:
		st.Note = "not checked: a trace replay follows the trace's own rate and key popularity"
		return
	case len(w.Faults) > 0:
		st.Note = "not checked: a fault or a change of master disturbed the window"
		return
	}
	if len(ts) < SteadyMinSeconds {
		st.Note = fmt.Sprintf("not checked: %d seconds measured, the check needs %d", len(ts), SteadyMinSeconds)
		return
	}
	st.Throughput = trendOf(ts, ops, ThroughputFloor*math.Abs(evidence.Median(ops)))
	if w.Reads > 0 {
		st.HitRatio = trendOf(ts, hr, HitRatioFloor)
	}
	steady := !st.Throughput.Trending && (st.HitRatio == nil || !st.HitRatio.Trending)
	w.Steady = &steady
	if !steady {
		st.Advice = steadyAdvice(st, h)
	}
}

// steadySeries returns the interval ends, throughput (ops/s) and hit ratio
// of every interval that lasted at least half the usual one (the last
// interval of a run is often a sliver, whose rate is noise).
func steadySeries(pts []Point) (ts, ops, hr []float64) {
	spans := make([]float64, len(pts))
	prev := 0.0
	for i, p := range pts {
		spans[i], prev = p.TS-prev, p.TS
	}
	usual := evidence.Median(spans)
	for i, p := range pts {
		if spans[i] <= 0 || spans[i] < usual/2 {
			continue
		}
		ts = append(ts, p.TS)
		ops = append(ops, float64(p.Ops)/spans[i])
		hr = append(hr, p.HitRatio)
	}
	return ts, ops, hr
}

// trendOf applies the rule to one series.
func trendOf(ts, y []float64, floor float64) *Trend {
	k := (len(y) + 1) / 3
	_, p := evidence.MannKendall(y)
	slope := evidence.TheilSen(ts, y)
	tr := &Trend{
		FirstThird: evidence.Median(y[:k]),
		LastThird:  evidence.Median(y[len(y)-k:]),
		SlopePerS:  slope,
		Change:     slope * (ts[len(ts)-1] - ts[0]),
		Floor:      floor,
		P:          p,
	}
	step := tr.LastThird - tr.FirstThird
	tr.Trending = p < SteadyAlpha && math.Abs(tr.Change) >= floor && math.Abs(step) >= floor && step*tr.Change > 0
	tr.FirstThird, tr.LastThird = round(tr.FirstThird, 4), round(tr.LastThird, 4)
	tr.SlopePerS, tr.Change, tr.Floor = round(tr.SlopePerS, 4), round(tr.Change, 4), round(tr.Floor, 4)
	tr.P = round(p, 4)
	return tr
}

// steadyAdvice says what would make a trending workload steady, by which
// series moved which way.
func steadyAdvice(st *SteadyState, h SteadyHints) string {
	warmup := "a longer --warmup"
	if h.Known {
		warmup = fmt.Sprintf("a longer --warmup (this run: %s)", h.Warmup)
	}
	switch hr := st.HitRatio; {
	case hr != nil && hr.Trending && hr.Change > 0 && h.Known && h.Prewarm:
		return "the cache was still filling though prewarmed (hit ratio rising): " + warmup + " lets it fill before measuring"
	case hr != nil && hr.Trending && hr.Change > 0:
		return "the cache was still filling (hit ratio rising): --prewarm fills it before measuring, or " + warmup + " lets it fill"
	case hr != nil && hr.Trending:
		return "the hit ratio fell: keys expired, were evicted or invalidated faster than they were refilled (a prewarmed cache settling, a TTL or maxmemory within the run): " +
			warmup + " starts measuring where it has settled, a longer --duration shows where it settles"
	}
	dir := "rose"
	if st.Throughput.Change < 0 {
		dir = "fell"
	}
	return "throughput " + dir + " while the hit ratio held: the client, the server or the machine changed pace (other work on the machine, connections or the server warming up, a background save): " +
		warmup + ", and --repeat N shows how much runs vary"
}

// SteadySentence says in one line what the steady-state check found: ""
// when it was not run (reports written before it existed).
func (w *Workload) SteadySentence() string {
	st := w.SteadyState
	switch {
	case st == nil:
		return ""
	case w.Steady == nil:
		return "steady state " + st.Note
	}
	figures := trendFigures("throughput", st.Throughput, 0, " ops/s", false)
	if st.HitRatio != nil {
		figures += "; " + trendFigures("hit ratio", st.HitRatio, 4, "", false)
	}
	rep := ""
	if st.Repeat > 0 {
		rep = fmt.Sprintf(", repeat %d", st.Repeat)
	}
	if *w.Steady {
		return fmt.Sprintf("steady over %d s%s (first → last third): %s", st.Seconds, rep, figures)
	}
	var moved []string
	for _, x := range []struct {
		name   string
		t      *Trend
		places int
		unit   string
	}{{"hit ratio", st.HitRatio, 4, ""}, {"throughput", st.Throughput, 0, " ops/s"}} {
		if x.t != nil && x.t.Trending {
			moved = append(moved, trendFigures(x.name, x.t, x.places, x.unit, true))
		}
	}
	s := fmt.Sprintf("not steady over %d s%s: ", st.Seconds, rep)
	for i, m := range moved {
		if i > 0 {
			s += "; "
		}
		s += m
	}
	return s
}

// trendFigures writes one series' figures: "hit ratio rose 0.8287 →
// 0.9682 (Mann-Kendall p 0.0008)".
func trendFigures(name string, t *Trend, places int, unit string, verb bool) string {
	move := " "
	if verb {
		move = " rose "
		if t.Change < 0 {
			move = " fell "
		}
	}
	return fmt.Sprintf("%s%s%s → %s%s (Mann-Kendall p %s)", name, move, Num(t.FirstThird, places), Num(t.LastThird, places), unit, pValue(t.P))
}

// pValue formats a p-value to 4 places, "<0.0001" below them.
func pValue(p float64) string {
	if p < 0.0001 {
		return "<0.0001"
	}
	return Num(p, 4)
}

// combineSteady is the steady state of repeats run one after the other:
// each was checked on its own window (their series joined would show the
// steps between repeats as trends). Steady when every decided repeat was;
// the figures are the first unsteady repeat's, else the first decided
// one's. Not decided when no repeat was.
func combineSteady(parts []*Workload) (*bool, *SteadyState) {
	pick := -1
	for i, p := range parts {
		if p.Steady == nil {
			continue
		}
		if pick < 0 || (!*p.Steady && *parts[pick].Steady) {
			pick = i
		}
	}
	if pick < 0 {
		if parts[0].SteadyState == nil {
			return nil, nil
		}
		st := *parts[0].SteadyState
		return nil, &st
	}
	st := *parts[pick].SteadyState
	st.Repeat = pick + 1
	steady := *parts[pick].Steady
	return &steady, &st
}
