package report

import (
	"bytes"
	"fmt"
	"strings"
)

// Warning is one finding that can make a report's numbers misleading.
type Warning struct {
	// Kind is what sort of finding: "interrupted", "emulator",
	// "target error", "verification", "preflight", "invalid run",
	// "client-bound", "errors", "not steady", "workload" or "render".
	Kind string
	// Target and Workload say where; "" when the finding is not about one.
	Target, Workload string
	// Text says what was found.
	Text string
}

// Warnings lists the findings of r in a fixed order: the run, then each
// target (emulator, error, verification, preflight), then each of its
// workloads (invalid, client-bound, errors, not steady, the workload's own
// warnings).
func Warnings(r *Report) []Warning {
	return collectWarnings(r, nil)
}

func collectWarnings(r *Report, l *layout) []Warning {
	var out []Warning
	if r.Interrupted {
		out = append(out, Warning{Kind: "interrupted", Text: "the run was interrupted: these results are partial"})
	}
	for _, t := range r.Targets {
		add := func(kind, workload, text string) {
			out = append(out, Warning{Kind: kind, Target: t.Name, Workload: workload, Text: text})
		}
		if t.Embedded == "miniredis" {
			add("emulator", "", "the numbers come from miniredis, an in-process emulator, and say nothing about Redis")
		}
		if t.Error != "" {
			add("target error", "", t.Error)
		}
		if v := t.Verification; v != nil && !v.Passed {
			if o := v.Outcome(); o != "FAIL" {
				add("verification", "", "the baseline verification did not finish ("+o+"): no check failed; not reached: "+strings.Join(v.NotRun, ", "))
			} else {
				add("verification", "", "the baseline verification failed: "+failedChecks(v))
			}
		}
		for _, s := range t.Server.Warnings {
			add("preflight", "", s)
		}
		for _, w := range t.Workloads {
			for _, s := range w.Invalid {
				add("invalid run", w.Name, s)
			}
			if c := w.Client; c != nil && c.Bound && !w.HasReason(ReasonClientBound) {
				add("client-bound", w.Name, fmt.Sprintf("the load generator limited the run (CPU %s of %d cores): the numbers measure the client, not the server", Pct(c.CPUUtil, 0), c.GOMAXPROCS))
			}
			if n := w.ErrorTotal(); n > 0 && w.Ops > 0 {
				add("errors", w.Name, fmt.Sprintf("%d of %d operations failed (%s)", n, w.Ops, errorKinds(w.Errors)))
			}
			if w.Steady != nil && !*w.Steady {
				add("not steady", w.Name, w.SteadySentence()+". "+upperFirst(w.SteadyState.Advice))
			}
			for _, s := range w.Warnings {
				add("workload", w.Name, s)
			}
		}
	}
	if l != nil {
		for _, n := range l.notes {
			out = append(out, Warning{Kind: "render", Text: n})
		}
	}
	return out
}

// checkFailures says in words what each failed check means.
var checkFailures = map[string]string{
	CheckCacheMiss:    "first read not a miss",
	CheckCacheHit:     "second read not a hit",
	CheckHitFaster:    "hit not faster than miss",
	CheckTTL:          "no TTL in (0, 60] s",
	CheckInvalidation: "read after invalidation not a miss",
}

// failedChecks names the verification checks that ran and failed.
func failedChecks(v *Verification) string {
	var f []string
	for _, c := range v.FailedChecks() {
		f = append(f, checkFailures[c])
	}
	if len(f) == 0 {
		return "stopped early"
	}
	return strings.Join(f, ", ")
}

// errorKinds lists error counts by kind, sorted.
func errorKinds(m map[string]int64) string {
	var parts []string
	for _, k := range orderedKeys(m, nil) {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}

// warningsSection writes the findings as one alert; nothing when there are none.
func warningsSection(b *bytes.Buffer, ws []Warning) {
	if len(ws) == 0 {
		return
	}
	b.WriteString("## Warnings\n\n> [!WARNING]\n")
	for _, w := range ws {
		where := ""
		switch {
		case w.Target != "" && w.Workload != "":
			where = " " + Code(w.Target) + " · " + Code(w.Workload)
		case w.Target != "":
			where = " " + Code(w.Target)
		}
		fmt.Fprintf(b, "> - **%s**%s: %s\n", w.Kind, where, OneLine(w.Text))
	}
	b.WriteString("\n")
}

// OneLine joins s's lines with spaces.
func OneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
