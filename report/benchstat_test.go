package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

// benchLine is a result line of the Go benchmark format: name starting
// with Benchmark, iterations, then value-unit pairs.
var benchLine = regexp.MustCompile(`^Benchmark\S+\s+\d+(\s+[-0-9.e+]+\s+\S+)+$`)

// configLine is a configuration line of the format: "key: value".
var configLine = regexp.MustCompile(`^[a-z][^\sA-Z:]*: \S.*$`)

func TestBenchstat(t *testing.T) {
	r := fixtureReport(t, "a", "b")
	r.Targets[0].Workloads[0].Repeats = []RepeatSummary{
		NewRepeatSummary(&r.Targets[0].Workloads[0]), NewRepeatSummary(&r.Targets[0].Workloads[0]), NewRepeatSummary(&r.Targets[0].Workloads[0]),
	}
	r.Targets[1].Name = "b-2" // would end a name like a GOMAXPROCS suffix, were it last
	var b bytes.Buffer
	if err := Benchstat(&b, r); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 3+1+1+1 { // a/naive 3 repeats, a/lease, b-2/naive, b-2/lease
		t.Fatalf("%d lines, want 6:\n%s", len(lines), b.String())
	}
	for _, l := range lines {
		if !benchLine.MatchString(l) {
			t.Errorf("not a benchmark line: %q", l)
		}
	}
	want := "BenchmarkCacheAside/target=a/workload=mixed_naive/strategy=naive\t2040\t"
	if !strings.HasPrefix(lines[0], want) {
		t.Errorf("first line %q, want prefix %q", lines[0], want)
	}
	for _, unit := range []string{" ops/s", " hit-ratio", " read-p50-ns", " read-p99-ns", " miss-p99-ns", " source-calls", " stale-reads", " errors"} {
		if !strings.Contains(lines[0], unit) {
			t.Errorf("first line lacks%s: %q", unit, lines[0])
		}
	}
	if !strings.Contains(lines[0], "\t3 stale-reads\t") || !strings.Contains(lines[0], "\t2 errors") {
		t.Errorf("counts wrong: %q", lines[0])
	}
	if !strings.HasPrefix(lines[4], "BenchmarkCacheAside/target=b-2/workload=mixed_naive/strategy=naive\t") {
		t.Errorf("fifth line %q", lines[4])
	}
}

func TestBenchstatPair(t *testing.T) {
	var b bytes.Buffer
	if err := BenchstatPair(&b, singleRun(t, "b", 1, 2), singleRun(t, "c", 20, 2)); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 6 || lines[0] != "side: base" || lines[3] != "side: current" {
		t.Fatalf("want side: base, 2 lines, side: current, 2 lines:\n%s", b.String())
	}
	for _, l := range lines {
		if !benchLine.MatchString(l) && !configLine.MatchString(l) {
			t.Errorf("neither a benchmark nor a configuration line: %q", l)
		}
	}
}

func TestBenchName(t *testing.T) {
	for in, want := range map[string]string{"mixed/naive": "mixed_naive", "a b\tc": "a_b_c", "": "none", "x=y": "x=y"} {
		if got := benchName(in); got != want {
			t.Errorf("benchName(%q) = %q, want %q", in, got, want)
		}
	}
	r := singleRun(t, "b", 1, 0)
	r.Targets[0].Workloads[0].Strategy = "v-2"
	var b bytes.Buffer
	if err := Benchstat(&b, r); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), "BenchmarkCacheAside/target=local/workload=read-heavy_naive/strategy=v-2_\t") {
		t.Errorf("a final -N is not guarded: %q", b.String())
	}
}

// singleRun is a run of target "local" with one workload "read-heavy/naive"
// (latencies scaled by slow), repeated repeats times (0: once).
func singleRun(t *testing.T, runID string, slow float64, repeats int) *Report {
	r := fixtureReport(t, "local")
	w := fixtureWorkload(t, "read-heavy/naive", "naive", slow, 1000)
	for range repeats {
		w.Repeats = append(w.Repeats, NewRepeatSummary(&w))
	}
	r.RunID, r.Targets[0].Workloads = runID, []Workload{w}
	return r
}
