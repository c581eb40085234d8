package report

import (
	"bytes"
	"fmt"
	"strings"
)

// faultsSection writes the table of a workload's faults and what each
// cost.
func faultsSection(b *bytes.Buffer, w *Workload) {
	if len(w.Faults) == 0 {
		return
	}
	b.WriteString("#### Faults\n\n")
	b.WriteString("| at (s) | fault | node | switch (s) | first error (s) | error window (s) | recovery (s) | errors | reads lost | writes lost | stale reads | stale after failover |\n")
	b.WriteString("|---:|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|\n")
	for _, f := range w.Faults {
		if f.Error != "" {
			fmt.Fprintf(b, "| %s | %s | %s | not done: %s |  |  |  |  |  |  |  |  |\n", Num(f.AtS, 2), faultName(f), cell(f.Node), cell(f.Error))
			continue
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %s | %s | %d | %d | %d | %s |\n", Num(f.AtS, 2), faultName(f), cell(f.Node),
			optNum(f.SwitchS), optNum(f.FirstErrorS), Num(f.ErrorWindowS, 2), optRecovery(f.RecoveryS), orNone(errorKinds(f.Errors)),
			f.ReadsLost, f.WritesLost, f.StaleReads, optCount(f.StaleAfterFailover))
	}
	b.WriteString("\nTimes count from the fault; recovery is until the end of the first second, after the errors, with throughput back to 90% of its mean before the fault and read p99 within 2× of it (docs/failover.md in the tool's repository).\n\n")
}

// faultMarkers marks each fault on the time-series plots.
func faultMarkers(fs []Fault) []marker {
	var out []marker
	for _, f := range fs {
		out = append(out, marker{x: f.AtS, label: faultName(f)})
	}
	return out
}

// faultName is the fault's kind with its argument.
func faultName(f Fault) string {
	if f.Arg != "" {
		return f.Kind + "=" + f.Arg
	}
	return f.Kind
}

func optNum(v *float64) string {
	if v == nil {
		return "–"
	}
	return Num(*v, 2)
}

func optRecovery(v *float64) string {
	if v == nil {
		return "not in the window"
	}
	return Num(*v, 2)
}

func optCount(v *int64) string {
	if v == nil {
		return "–"
	}
	return fmt.Sprint(*v)
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// cell makes s safe in a table cell.
func cell(s string) string {
	return strings.NewReplacer("|", "\\|", "\n", " ").Replace(s)
}
