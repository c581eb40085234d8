package gate

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/cacheaside/bench/internal/evidence"
	"github.com/cacheaside/bench/report"
)

// Status is the overall outcome of a comparison.
type Status string

// Outcomes of a comparison, in order of precedence.
const (
	// StatusInvalid: some run is invalid or a workload is missing from
	// the current run, so the comparison cannot be trusted.
	StatusInvalid Status = "invalid"
	// StatusRegression: some metric regressed, shown by evidence.
	StatusRegression Status = "regression"
	// StatusInconclusive: no regression shown, but some metric changed
	// for the worse past threshold and noise floor with too few repeats
	// to tell; `bench compare` exits 0 and says so.
	StatusInconclusive Status = "inconclusive"
	// StatusOK: every workload valid, no regression.
	StatusOK Status = "ok"
)

// Finding is one metric of one workload with its verdict.
type Finding struct {
	Target, Workload string
	MetricComparison
	baseN, curN int // the repeats on each side
}

// String says where and what: "default mixed/naive read.p99 +35.0%: …".
func (f Finding) String() string {
	return fmt.Sprintf("%s %s %s %s: %s", f.Target, f.Workload, f.Metric.Key, changeWord(f.Change), f.Why)
}

// Status is StatusInvalid when a workload is invalid or missing, else
// StatusRegression when a metric regressed, else StatusInconclusive when
// a change for the worse could not be decided, else StatusOK.
func (r *Regression) Status() Status {
	switch {
	case len(r.InvalidRuns()) > 0:
		return StatusInvalid
	case len(r.Regressions()) > 0:
		return StatusRegression
	case len(r.Inconclusive()) > 0:
		return StatusInconclusive
	}
	return StatusOK
}

// Regressions lists the metrics that regressed, in table order.
func (r *Regression) Regressions() []Finding { return r.findings(VerdictRegression) }

// Inconclusive lists the metrics that changed for the worse past threshold
// and noise floor but could not be decided, in table order.
func (r *Regression) Inconclusive() []Finding { return r.findings(VerdictInconclusive) }

// findings lists the metrics with verdict v that changed for the worse,
// in table order.
func (r *Regression) findings(v Verdict) []Finding {
	var out []Finding
	for _, w := range r.Workloads {
		for _, m := range w.Metrics {
			if m.Verdict == v && m.worse() {
				out = append(out, Finding{w.Target, w.Workload, m, w.BaseRepeats, w.CurrentRepeats})
			}
		}
	}
	return out
}

// worse says whether the metric's current value is worse than the base.
func (m MetricComparison) worse() bool {
	return (m.Current-m.Base)*float64(m.Metric.Better) < 0
}

// InvalidRuns lists why workloads cannot be compared, one line each:
// "TARGET WORKLOAD: base: reason". Reports without any workload cannot be
// compared either: a comparison of nothing never passes.
func (r *Regression) InvalidRuns() []string {
	if len(r.Workloads) == 0 {
		return []string{"no workload to compare: neither report has workload results"}
	}
	var out []string
	for _, w := range r.Workloads {
		for _, why := range w.Invalid {
			out = append(out, w.Target+" "+w.Workload+": "+why)
		}
	}
	return out
}

// Text writes the comparison for a console: the two runs, the notes, then
// for every workload why it is invalid, if it is, and a table of its
// metrics (base and current medians, change, verdict and why), and a
// closing line.
func (r *Regression) Text(w io.Writer) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "base:    %s\ncurrent: %s\n", runLine(r.Base), runLine(r.Current))
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	for _, wc := range r.Workloads {
		fmt.Fprintf(&b, "\n%s · %s (repeats: base %d, current %d)\n", wc.Target, wc.Workload, wc.BaseRepeats, wc.CurrentRepeats)
		for _, why := range wc.Invalid {
			fmt.Fprintf(&b, "  INVALID %s\n", report.OneLine(why))
		}
		if len(wc.Metrics) == 0 {
			continue
		}
		rows := [][]string{{"metric", "base", "current", "change", "verdict"}}
		for _, m := range wc.Metrics {
			rows = append(rows, []string{m.Metric.Label, side(m.Base, m.HasBase, m.Metric.Places),
				side(m.Current, m.HasCurrent, m.Metric.Places), changeCell(m), verdictText(m)})
		}
		var tb bytes.Buffer
		report.TextTable(&tb, rows, []bool{false, true, true, true, false})
		for _, line := range strings.SplitAfter(tb.String(), "\n") {
			if line != "" {
				b.WriteString("  " + line)
			}
		}
	}
	b.WriteString("\n" + r.closing() + "\n")
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("gate: %w", err)
	}
	return nil
}

// Markdown writes the comparison as a GitHub-flavoured Markdown section,
// fit for a pull request comment or $GITHUB_STEP_SUMMARY.
func (r *Regression) Markdown(w io.Writer) error {
	var b bytes.Buffer
	icon := map[Status]string{StatusOK: "✅", StatusRegression: "❌", StatusInvalid: "⚠️", StatusInconclusive: "❔"}[r.Status()]
	fmt.Fprintf(&b, "## Benchmark comparison: %s %s\n\n", icon, statusWord(r.Status()))
	fmt.Fprintf(&b, "- base: %s\n- current: %s\n", report.Cell(runLine(r.Base)), report.Cell(runLine(r.Current)))
	fmt.Fprintf(&b, "- a regression is worse than its threshold, beyond the noise floor and shown by evidence: with %d or more repeats on each side, an exact Mann-Whitney U test (p < %s); with fewer, a count test allowing for overdispersion for counted events, a gross change (%d× or more, beyond %d noise floors) for the rest; otherwise the change is inconclusive\n\n",
		evidence.MinRepeats(r.Options.Alpha), report.Num(r.Options.Alpha, 2), evidence.Gross, evidence.GrossFloors)
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "> **Note:** %s\n\n", report.Cell(n))
	}
	for _, wc := range r.Workloads {
		fmt.Fprintf(&b, "### %s · %s (repeats: base %d, current %d)\n\n", report.Code(wc.Target), report.Code(wc.Workload), wc.BaseRepeats, wc.CurrentRepeats)
		for _, why := range wc.Invalid {
			fmt.Fprintf(&b, "- ⚠️ **invalid run**: %s\n", report.Cell(why))
		}
		if len(wc.Invalid) > 0 {
			b.WriteString("\n")
		}
		if len(wc.Metrics) == 0 {
			continue
		}
		b.WriteString("| metric | base | current | change | verdict |\n|---|---:|---:|---:|---|\n")
		for _, m := range wc.Metrics {
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", m.Metric.Label, side(m.Base, m.HasBase, m.Metric.Places),
				side(m.Current, m.HasCurrent, m.Metric.Places), changeCell(m), report.Cell(verdictMarkdown(m)))
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "**%s**\n", report.Cell(r.closing()))
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("gate: %w", err)
	}
	return nil
}

// closing is the one-line outcome.
func (r *Regression) closing() string {
	switch r.Status() {
	case StatusInvalid:
		inv := r.InvalidRuns()
		return fmt.Sprintf("INVALID: %d reason(s) the runs cannot be compared; first: %s", len(inv), report.OneLine(inv[0]))
	case StatusRegression:
		regs := r.Regressions()
		names := make([]string, len(regs))
		for i, f := range regs {
			names[i] = f.Target + " " + f.Workload + " " + f.Metric.Key + " " + changeWord(f.Change)
		}
		return fmt.Sprintf("REGRESSION in %d metric(s): %s", len(regs), strings.Join(names, "; "))
	case StatusInconclusive:
		inc := r.Inconclusive()
		names := make([]string, len(inc))
		for i, f := range inc {
			names[i] = f.Target + " " + f.Workload + " " + f.Metric.Key + " " + changeWord(f.Change)
		}
		return fmt.Sprintf("INCONCLUSIVE, no regression shown: %d metric(s) changed for the worse beyond threshold and noise floor (%s), but %s cannot show significance at α=%s; rerun both sides with --repeat %d to decide",
			len(inc), strings.Join(names, "; "), repeatsWord(inc[0]), report.Num(r.Options.Alpha, 2), evidence.MinRepeats(r.Options.Alpha))
	}
	n := 0
	for _, w := range r.Workloads {
		n += len(w.Metrics)
	}
	return fmt.Sprintf("OK: no regression in %d workload(s), %d metric(s)", len(r.Workloads), n)
}

// repeatsWord says how many repeats a finding rests on: "1 and 1 repeats".
func repeatsWord(f Finding) string {
	return fmt.Sprintf("%d repeat(s) against %d", f.baseN, f.curN)
}

func statusWord(s Status) string {
	switch s {
	case StatusInvalid:
		return "invalid run"
	case StatusRegression:
		return "regression"
	case StatusInconclusive:
		return "inconclusive, no regression shown"
	}
	return "no regression"
}

// runLine describes one side: run id, start and scenario.
func runLine(ri RunInfo) string {
	s := "run –"
	if ri.RunID != "" {
		s = "run " + ri.RunID
	}
	if !ri.StartedAt.IsZero() {
		s += ", started " + ri.StartedAt.UTC().Format("2006-01-02 15:04:05Z")
	}
	if ri.Scenario != "" {
		s += ", scenario " + ri.Scenario
	}
	return s
}

// side formats one side's median, "–" when it is missing.
func side(v float64, ok bool, places int) string {
	if !ok {
		return "–"
	}
	return report.Num(v, places)
}

// changeCell is the relative change, "–" when a side is missing.
func changeCell(m MetricComparison) string {
	if !m.HasBase || !m.HasCurrent {
		return "–"
	}
	return changeWord(m.Change)
}

// verdictText is the console verdict: the word, upper case for a
// regression, then why.
func verdictText(m MetricComparison) string {
	word := string(m.Verdict)
	switch m.Verdict {
	case VerdictRegression:
		word = "REGRESSION"
	case VerdictInconclusive:
		word = "INCONCLUSIVE"
	}
	if m.Verdict == VerdictOK || m.Verdict == VerdictNotJudged {
		return word
	}
	return word + ": " + m.Why
}

// verdictMarkdown is the Markdown verdict with an icon.
func verdictMarkdown(m MetricComparison) string {
	switch m.Verdict {
	case VerdictRegression:
		return "❌ **regression**: " + m.Why
	case VerdictBetter:
		return "🟢 better: " + m.Why
	case VerdictInconclusive:
		return "❔ inconclusive: " + m.Why
	case VerdictOK, VerdictNotJudged:
		return string(m.Verdict)
	}
	return string(m.Verdict) + ": " + m.Why
}
