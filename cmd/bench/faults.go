package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/cacheaside/bench/report"
	"github.com/cacheaside/bench/scenario"
	"github.com/cacheaside/bench/target"
)

// addFaults puts into rw the faults done (done), the changes of master
// seen (switches; each one after a failover of the run is that failover's
// switch, any other one an external failover), and what each cost (from
// the workload's incidents and rw's time series). start is when the
// measured window started.
func addFaults(rw *report.Workload, done []target.FaultRecord, switches []target.TopologyEvent, start time.Time, in scenario.Incidents) {
	if len(done) == 0 && len(switches) == 0 {
		return
	}
	for _, d := range done {
		f := report.Fault{AtS: secs(d.Start), Kind: d.Kind, Node: d.Node, Detail: d.Detail, Error: d.Err}
		if d.Arg > 0 {
			f.Arg = d.Arg.String()
		}
		rw.Faults = append(rw.Faults, f)
	}
	for _, ev := range switches {
		at := secs(ev.At.Sub(start))
		if at < 0 || start.IsZero() {
			continue // during the warm-up
		}
		if f := ownFailover(rw.Faults, at); f != nil {
			s := round3(at - f.AtS)
			f.SwitchS = &s
			f.Detail = joinDetail(f.Detail, "new master "+ev.To)
			continue
		}
		rw.Faults = append(rw.Faults, report.Fault{AtS: at, Kind: target.FaultExternalFailover, Node: ev.From, Detail: "new master " + ev.To})
	}
	errs := make([]report.FaultError, len(in.Errors))
	for i, e := range in.Errors {
		errs[i] = report.FaultError{AtS: secs(e.At), Kind: e.Kind, Write: e.Write}
	}
	stale := make([]float64, len(in.Stale))
	for i, s := range in.Stale {
		stale[i] = secs(s)
	}
	report.FaultCosts(rw, errs, stale)
}

// ownFailover returns the latest failover of the run done by at whose
// switch is not yet known, or nil.
func ownFailover(faults []report.Fault, at float64) *report.Fault {
	var own *report.Fault
	for i := range faults {
		f := &faults[i]
		if f.Kind == target.FaultFailover && f.Error == "" && f.AtS <= at && (own == nil || f.AtS > own.AtS) {
			own = f
		}
	}
	if own == nil || own.SwitchS != nil {
		return nil
	}
	return own
}

func joinDetail(a, b string) string {
	if a == "" {
		return b
	}
	return a + ", " + b
}

func secs(d time.Duration) float64 { return round3(d.Seconds()) }

func round3(v float64) float64 { return float64(int64(v*1000+0.5*sign(v))) / 1000 }

func sign(v float64) float64 {
	if v < 0 {
		return -1
	}
	return 1
}

// printFaults prints one line per fault of a workload.
func printFaults(w io.Writer, r report.Workload) {
	for _, f := range r.Faults {
		fmt.Fprintf(w, "  %s\n", faultLine(f))
	}
}

// faultLine is one fault in a sentence.
func faultLine(f report.Fault) string {
	var b strings.Builder
	kind := f.Kind
	if f.Arg != "" {
		kind += "=" + f.Arg
	}
	fmt.Fprintf(&b, "fault %s at %.2fs", kind, f.AtS)
	if f.Node != "" {
		fmt.Fprintf(&b, " on %s", f.Node)
	}
	if f.Error != "" {
		fmt.Fprintf(&b, ": not done: %s", f.Error)
		return b.String()
	}
	if f.Detail != "" {
		fmt.Fprintf(&b, " (%s)", f.Detail)
	}
	b.WriteString(":")
	if f.SwitchS != nil {
		fmt.Fprintf(&b, " switch +%.2fs,", *f.SwitchS)
	}
	if f.FirstErrorS == nil {
		b.WriteString(" no errors,")
	} else {
		kinds := slices.Sorted(maps.Keys(f.Errors))
		parts := make([]string, len(kinds))
		for i, k := range kinds {
			parts[i] = fmt.Sprintf("%s %d", k, f.Errors[k])
		}
		fmt.Fprintf(&b, " first error %+.2fs, errors for %.2fs (%s),", *f.FirstErrorS, f.ErrorWindowS, strings.Join(parts, ", "))
	}
	if f.RecoveryS != nil {
		fmt.Fprintf(&b, " recovered after %.2fs;", *f.RecoveryS)
	} else {
		b.WriteString(" not recovered in the window;")
	}
	fmt.Fprintf(&b, " %d reads and %d writes lost, %d stale reads", f.ReadsLost, f.WritesLost, f.StaleReads)
	if f.StaleAfterFailover != nil {
		fmt.Fprintf(&b, ", %d stale after the failover", *f.StaleAfterFailover)
	}
	return b.String()
}
