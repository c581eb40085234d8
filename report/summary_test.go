package report

import (
	"bytes"
	"strings"
	"testing"
)

func TestSummary(t *testing.T) {
	r := fixtureReport(t, "everysec", "always")
	r.Targets = append(r.Targets, Target{Name: "down", Verification: &Verification{}, Error: "verification failed"})
	r.Targets[0].Workloads[0].Client.Bound = true
	var b bytes.Buffer
	Summary(&b, r)
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	if len(lines) < 6 {
		t.Fatalf("summary:\n%s", b.String())
	}
	head := strings.Fields(lines[0])
	if head[0] != "target" || !strings.Contains(lines[0], "read p99 ms") || !strings.HasSuffix(lines[0], "valid") {
		t.Errorf("header %q", lines[0])
	}
	for _, tc := range []struct {
		line int
		want []string
	}{
		{1, []string{"everysec", "mixed/naive", "680", "0.9000", "0.208", "32.227", "126.8x", "2", "yes (client-bound)"}},
		{4, []string{"always", "mixed/lease", "no: invalid"}},
		{5, []string{"down", "verification FAIL"}},
	} {
		for _, w := range tc.want {
			if !strings.Contains(lines[tc.line], w) {
				t.Errorf("line %d %q lacks %q", tc.line, lines[tc.line], w)
			}
		}
	}
	// Columns line up: every row's ops/s column ends where the header's does.
	end := strings.Index(lines[0], "ops/s") + len("ops/s")
	for _, l := range lines[1:5] {
		if l[end-1] == ' ' || (len(l) > end && l[end] != ' ') {
			t.Errorf("ops/s not right-aligned at %d in %q", end, l)
		}
	}
	rest := strings.Join(lines[6:], "\n")
	for _, w := range []string{"warning (client-bound) everysec/mixed/naive", "warning (invalid run) always/mixed/lease", "warning (target error) down: verification failed", "warning (verification) down"} {
		if !strings.Contains(rest, w) {
			t.Errorf("warnings lack %q:\n%s", w, rest)
		}
	}
}

func TestWarningsClientBoundOnce(t *testing.T) {
	r := fixtureReport(t, "local")
	w := &r.Targets[0].Workloads[0]
	w.Client.Bound = true
	// The engine's warning, marked as FromBench marks it.
	w.Warnings = []string{"client-bound: the load generator used 95% of its 2 cores"}
	w.ReasonKinds = []ReasonKind{ReasonClientBound}
	n := 0
	for _, x := range Warnings(r) {
		if strings.Contains(x.Kind+x.Text, "client-bound") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("client-bound reported %d times, want once", n)
	}
}

// With several targets the console says each workload's side-by-side
// verdict in one plain sentence.
func TestSummarySideBySide(t *testing.T) {
	var b bytes.Buffer
	Summary(&b, fixtureReport(t, "everysec", "always"))
	for _, want := range []string{
		"side by side, mixed/naive: everysec is better on throughput (50% higher), read p50 (33% lower), hit p99 (33% lower) and speedup p50 (49% higher).",
		"side by side, mixed/lease: Not judged: the run on always is invalid or interrupted",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, b.String())
		}
	}
	b.Reset()
	Summary(&b, fixtureReport(t, "one"))
	if strings.Contains(b.String(), "side by side") {
		t.Errorf("a single target has a side-by-side line:\n%s", b.String())
	}
}
