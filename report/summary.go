package report

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Summary writes the compact table printed at the end of a run: one row per
// target and workload with throughput, hit ratio, read p50/p99, speedup,
// source calls, stale reads, errors and validity; with several targets each
// workload's side-by-side sentence (SideBySideSentences); then the findings
// of Warnings, one line each.
// Targets without workloads get one row saying how verification went.
func Summary(w io.Writer, r *Report) {
	rows := [][]string{{"target", "workload", "ops/s", "hit ratio", "read p50 ms", "read p99 ms", "speedup", "source calls", "stale reads", "errors", "valid"}}
	for _, t := range r.Targets {
		if len(t.Workloads) == 0 {
			rows = append(rows, []string{t.Name, "verification " + verificationWord(t.Verification), "", "", "", "", "", "", "", "", ""})
			continue
		}
		for _, wl := range t.Workloads {
			rd := wl.Latency["read"]
			rows = append(rows, []string{t.Name, wl.Name,
				Num(wl.ThroughputOpsS, 0), Num(wl.HitRatio, 4), Num(rd.P50Ms, 3), Num(rd.P99Ms, 3),
				times(wl.Speedup.P50), itoa(wl.Source.Calls), itoa(wl.StaleReads), itoa(wl.ErrorTotal()), validWord(&wl)})
		}
	}
	TextTable(w, rows, []bool{false, false, true, true, true, true, true, true, true, true, false})
	for _, s := range SideBySideSentences(r) {
		fmt.Fprintf(w, "side by side, %s\n", s)
	}
	for _, x := range Warnings(r) {
		where := ""
		if x.Target != "" {
			where = " " + x.Target
			if x.Workload != "" {
				where += "/" + x.Workload
			}
		}
		fmt.Fprintf(w, "warning (%s)%s: %s\n", x.Kind, where, OneLine(x.Text))
	}
}

// validWord says whether a workload's numbers measure what was asked:
// "yes", or "no" with why, and a client-bound or unsteady run noted either
// way.
func validWord(w *Workload) string {
	var why []string
	if len(w.Invalid) > 0 {
		why = append(why, "invalid")
	}
	if w.Interrupted {
		why = append(why, "interrupted")
	}
	s := "yes"
	if len(why) > 0 {
		s = "no: " + strings.Join(why, ", ")
	}
	if w.Client != nil && w.Client.Bound {
		s += " (client-bound)"
	}
	if w.Steady != nil && !*w.Steady {
		s += " (not steady)"
	}
	return s
}

// TextTable writes rows as aligned columns two spaces apart; right[i] aligns
// column i to the right. Trailing blanks are trimmed.
func TextTable(w io.Writer, rows [][]string, right []bool) {
	var width []int
	for _, row := range rows {
		for i, c := range row {
			if i >= len(width) {
				width = append(width, 0)
			}
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	for _, row := range rows {
		var b strings.Builder
		for i, c := range row {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			if i > 0 {
				b.WriteString("  ")
			}
			if i < len(right) && right[i] {
				b.WriteString(pad + c)
			} else {
				b.WriteString(c + pad)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}
