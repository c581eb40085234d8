package report

import (
	"math"
	"sort"
)

// Fault is one fault done during a workload's measured window (--fault),
// or a change of master seen there that the run did not cause, with what
// it cost. Times are in seconds; every duration but AtS counts from AtS.
type Fault struct {
	// AtS is when the fault was done (or the change seen), since the start
	// of measurement.
	AtS float64 `json:"at_s"`
	// Kind is failover, pause, kill-clients, debug-sleep or
	// external-failover.
	Kind string `json:"kind"`
	// Arg is the fault's argument as given (pause=500ms: "500ms"); absent
	// for none.
	Arg string `json:"arg,omitempty"`
	// Node is the server it acted on: the master failed over, paused or
	// put to sleep, the nodes whose connections were killed; for a change
	// of master, the old master.
	Node string `json:"node,omitempty"`
	// Detail says more: the new master, the connections killed.
	Detail string `json:"detail,omitempty"`
	// Error is why the fault could not be done; absent when it was.
	Error string `json:"error,omitempty"`
	// SwitchS is when the new master was seen (+switch-master), for a
	// failover; absent for other kinds or when none was seen.
	SwitchS *float64 `json:"switch_s,omitempty"`
	// FirstErrorS is when the first operation failed, at or after AtS;
	// absent when none failed. For an external failover, seen only when
	// the new master is announced, the failures just before it count too
	// (an episode running into AtS), and FirstErrorS is then negative.
	FirstErrorS *float64 `json:"first_error_s,omitempty"`
	// ErrorWindowS is from the first failure to the last of its episode
	// (failures no more than a second apart); 0 when none failed.
	ErrorWindowS float64 `json:"error_window_s"`
	// RecoveryS is until the end of the first second, after the error
	// window, in which throughput was back to 90% of its mean before the
	// fault and read p99 within 2× of its mean before; absent when that
	// did not happen in the window, or there was no full second before the
	// fault to compare with.
	RecoveryS *float64 `json:"recovery_s,omitempty"`
	// Errors counts the failures of the error window by kind.
	Errors map[string]int64 `json:"errors,omitempty"`
	// ReadsLost and WritesLost are the reads and the writes (source update
	// and invalidation) that failed in the error window.
	ReadsLost  int64 `json:"reads_lost"`
	WritesLost int64 `json:"writes_lost"`
	// StaleReads are the stale reads from AtS (or the first error, when
	// earlier) to the end of the error window or of the recovery,
	// whichever is later.
	StaleReads int64 `json:"stale_reads"`
	// StaleAfterFailover are, for a failover, the stale reads from AtS
	// until the next fault or the end of the window: a write acknowledged
	// by the old master and lost with it shows as a stale read later.
	StaleAfterFailover *int64 `json:"stale_after_failover,omitempty"`
}

// FaultError is one failed operation, for FaultCosts.
type FaultError struct {
	// AtS is when it failed, since the start of measurement.
	AtS   float64
	Kind  string
	Write bool
}

// episodeGap is the longest pause between two failures of one error
// window, in seconds.
const episodeGap = 1.0

// Recovery thresholds: throughput back to this fraction of its mean before
// the fault, and read p99 within this factor of its mean before.
const (
	recoveryThroughput = 0.9
	recoveryP99        = 2.0
)

// FaultCosts fills in what each fault of w.Faults cost, from failures
// errs and stale reads at moments stale (both since the start of
// measurement, in order) and w's time series. Each fault's failures are
// those from its AtS to the next fault's.
func FaultCosts(w *Workload, errs []FaultError, stale []float64) {
	sort.SliceStable(w.Faults, func(i, j int) bool { return w.Faults[i].AtS < w.Faults[j].AtS })
	for i := range w.Faults {
		f := &w.Faults[i]
		end, prev := math.Inf(1), 0.0
		if i+1 < len(w.Faults) {
			end = w.Faults[i+1].AtS
		}
		if i > 0 {
			prev = w.Faults[i-1].AtS
		}
		from := f.AtS
		if f.Kind == "external-failover" {
			from = episodeStart(errs, prev, f.AtS)
		}
		first, last := -1.0, -1.0
		f.Errors, f.ReadsLost, f.WritesLost = nil, 0, 0
		for _, e := range errs {
			if e.AtS < from {
				continue
			}
			if e.AtS >= end || (last >= 0 && e.AtS-last > episodeGap) {
				break
			}
			if first < 0 {
				first = e.AtS
			}
			last = e.AtS
			if f.Errors == nil {
				f.Errors = map[string]int64{}
			}
			f.Errors[e.Kind]++
			if e.Write {
				f.WritesLost++
			} else {
				f.ReadsLost++
			}
		}
		calm, before := f.AtS, f.AtS // when the errors stopped; the end of the time before the fault
		if first >= 0 {
			f.FirstErrorS = pointerTo(round3(first - f.AtS))
			f.ErrorWindowS = round3(last - first)
			calm, before = max(last, f.AtS), min(first, f.AtS)
		}
		if r, ok := recovery(w.Timeseries, before, calm); ok {
			f.RecoveryS = pointerTo(round3(r - f.AtS))
		}
		until := calm
		if f.RecoveryS != nil {
			until = max(until, f.AtS+*f.RecoveryS)
		}
		f.StaleReads = countIn(stale, from, until)
		if f.Kind == "failover" || f.Kind == "external-failover" {
			n := countIn(stale, from, end)
			f.StaleAfterFailover = &n
		}
	}
}

// episodeStart returns the start of the episode of failures (no more than
// episodeGap apart) that runs into moment at, not before moment floor; at
// itself when no failure came within episodeGap before it. A failover
// someone else caused is seen when the new master is announced, after
// the failures it caused began.
func episodeStart(errs []FaultError, floor, at float64) float64 {
	i := sort.Search(len(errs), func(i int) bool { return errs[i].AtS >= at })
	start := at
	for j := i - 1; j >= 0 && errs[j].AtS >= floor && start-errs[j].AtS <= episodeGap; j-- {
		start = errs[j].AtS
	}
	return start
}

// recovery returns the end of the first interval of pts that ends after
// moment calm and starts at or after moment at, whose throughput is at
// least 90% of the mean of the intervals that ended by at and whose p99 is
// within 2× of theirs.
func recovery(pts []Point, at, calm float64) (float64, bool) {
	var rateSum, p99Sum float64
	n := 0
	prev := 0.0
	for _, p := range pts {
		if p.TS > at {
			break
		}
		if d := p.TS - prev; d > 0 {
			rateSum += float64(p.Ops) / d
			p99Sum += p.P99Ms
			n++
		}
		prev = p.TS
	}
	if n == 0 {
		return 0, false
	}
	rate, p99 := rateSum/float64(n), p99Sum/float64(n)
	prev = 0
	for _, p := range pts {
		d := p.TS - prev
		start := prev
		prev = p.TS
		if p.TS <= calm || d <= 0 || start < at {
			continue
		}
		if float64(p.Ops)/d >= recoveryThroughput*rate && p.P99Ms <= recoveryP99*p99 {
			return p.TS, true
		}
	}
	return 0, false
}

// countIn counts the moments of sorted xs in [from, to].
func countIn(xs []float64, from, to float64) int64 {
	lo := sort.SearchFloat64s(xs, from)
	hi := sort.Search(len(xs), func(i int) bool { return xs[i] > to })
	return int64(max(hi-lo, 0))
}

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

func pointerTo[T any](v T) *T { return &v }
