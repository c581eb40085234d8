package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
)

// markdown renders r as GitHub-flavoured Markdown, readable as a CI job
// summary, linking the plots and .hgrm files planned in l. The output
// depends on r alone, so a saved report.json renders to the same bytes.
func markdown(r *Report, l *layout) []byte {
	var b bytes.Buffer
	var sc scenarioView
	if len(r.Scenario) > 0 {
		_ = json.Unmarshal(r.Scenario, &sc) // a scenario that does not parse is left out
	}
	headline(&b, r, sc)
	warningsSection(&b, collectWarnings(r, l))
	if len(r.Targets) > 1 {
		compareSection(&b, r, l)
	}
	if sc.Name != "" {
		scenarioSection(&b, sc)
	}
	for i := range r.Targets {
		targetSection(&b, &r.Targets[i], &l.targets[i])
	}
	return b.Bytes()
}

// scenarioView is the part of the saved scenario the Markdown shows.
type scenarioView struct {
	Name        string           `json:"name"`
	Description string           `json:"description"`
	Seed        int64            `json:"seed"`
	Workloads   []map[string]any `json:"workloads"`
}

// headline writes the title, the verdict, and one line per workload.
func headline(b *bytes.Buffer, r *Report, sc scenarioView) {
	title := "Cache-aside verification"
	if r.Command == "run" || sc.Name != "" {
		title = "Cache-aside benchmark: " + orDash(sc.Name)
	}
	fmt.Fprintf(b, "# %s\n\n", title)

	passed, failed, notRun, stopped := 0, []string{}, []string{}, []string{}
	for _, t := range r.Targets {
		switch {
		case t.Verification == nil:
			notRun = append(notRun, Code(t.Name))
		case t.Verification.Passed:
			passed++
		case t.Verification.Outcome() != "FAIL":
			stopped = append(stopped, Code(t.Name)+" ("+t.Verification.Outcome()+")")
		default:
			failed = append(failed, Code(t.Name))
		}
	}
	switch {
	case len(r.Targets) == 0:
		b.WriteString("**Verification: not run** (no target).")
	case len(failed) > 0:
		fmt.Fprintf(b, "**Verification: FAIL** on %s.", strings.Join(failed, ", "))
	case len(stopped) > 0:
		fmt.Fprintf(b, "**Verification: did not finish** on %s; no check failed.", strings.Join(stopped, ", "))
	case len(notRun) > 0:
		fmt.Fprintf(b, "**Verification: not run** on %s.", strings.Join(notRun, ", "))
	default:
		b.WriteString("**Verification: PASS**")
		if passed > 1 {
			fmt.Fprintf(b, " on every target (%d)", passed)
		}
		b.WriteString(".")
	}
	names := make([]string, len(r.Targets))
	for i, t := range r.Targets {
		names[i] = Code(t.Name)
		if id := t.Server.Identity(); id != "" {
			names[i] += " (" + Cell(id) + ")"
		}
		if t.Embedded != "" {
			names[i] += " embedded " + t.Embedded
		}
	}
	fmt.Fprintf(b, " Targets: %s.", orDash(strings.Join(names, ", ")))
	if sc.Name != "" {
		fmt.Fprintf(b, " Scenario %s, seed %d.", Code(sc.Name), sc.Seed)
	}
	if r.Interrupted {
		b.WriteString(" **Interrupted: partial results.**")
	}
	b.WriteString("\n\n")
	for _, t := range r.Targets {
		if t.Embedded == "miniredis" {
			fmt.Fprintf(b, "> [!CAUTION]\n> Target %s is an in-process emulator (miniredis), not Redis: its numbers say nothing about a Redis deployment. Install redis-server or pass --target.\n\n", Code(t.Name))
		}
	}
	lines := 0
	for _, t := range r.Targets {
		for _, w := range t.Workloads {
			b.WriteString("- " + workloadLine(&t, &w) + "\n")
			lines++
		}
	}
	if lines > 0 {
		b.WriteString("\n")
	}
	fmt.Fprintf(b, "Run %s · started %s · finished %s · %s %s (%s)\n\n", Code(r.RunID),
		stamp(r.StartedAt), stamp(r.FinishedAt), r.Tool.Name, r.Tool.Version, r.Tool.Go)
}

// workloadLine is a workload's headline: throughput, hit ratio, read p50/p99
// and speedup.
func workloadLine(t *Target, w *Workload) string {
	rd := w.Latency["read"]
	s := fmt.Sprintf("%s · %s (%s): **%s ops/s**, hit ratio %s, read p50 %s ms, p99 %s ms, speedup %s at p50",
		Code(t.Name), Code(w.Name), orDash(w.Strategy), Num(w.ThroughputOpsS, 0), Num(w.HitRatio, 4),
		Num(rd.P50Ms, 3), Num(rd.P99Ms, 3), times(w.Speedup.P50))
	if n := w.ErrorTotal(); n > 0 {
		s += fmt.Sprintf(", %d errors", n)
	}
	if len(w.Invalid) > 0 {
		s += " · **invalid**"
	}
	if w.Client != nil && w.Client.Bound {
		s += " · **client-bound**"
	}
	if w.Interrupted {
		s += " · interrupted"
	}
	return s
}

// stamp formats a time in UTC, RFC 3339, seconds.
func stamp(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.UTC().Format(time.RFC3339)
}

// scenarioSection lists the resolved scenario's parameters per workload.
func scenarioSection(b *bytes.Buffer, sc scenarioView) {
	fmt.Fprintf(b, "## Scenario %s\n\n", Code(sc.Name))
	var desc strings.Builder
	scenarioDescription(&desc, sc)
	b.WriteString(desc.String())
	fmt.Fprintf(b, "Seed %d.\n\n", sc.Seed)
	if len(sc.Workloads) == 0 {
		return
	}
	keys := map[string]bool{}
	for _, w := range sc.Workloads {
		for k := range w {
			if k != "name" {
				keys[k] = true
			}
		}
	}
	fields := make([]string, 0, len(keys))
	for k := range keys {
		fields = append(fields, k)
	}
	sort.Strings(fields)
	b.WriteString("| parameter |")
	for _, w := range sc.Workloads {
		fmt.Fprintf(b, " %s |", Cell(jsonValue(w["name"])))
	}
	b.WriteString("\n|---|" + strings.Repeat("---|", len(sc.Workloads)) + "\n")
	for _, f := range fields {
		fmt.Fprintf(b, "| %s |", Cell(f))
		for _, w := range sc.Workloads {
			fmt.Fprintf(b, " %s |", Cell(jsonValue(w[f])))
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
}
