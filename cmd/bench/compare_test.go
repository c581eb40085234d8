package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"

	"github.com/cacheaside/bench/bench"
	"github.com/cacheaside/bench/internal/testredis"
	"github.com/cacheaside/bench/report"
)

// spreadHist records n latencies spread evenly over [ms, 1.5·ms).
func spreadHist(t *testing.T, n int, ms float64) *hdrhistogram.Histogram {
	t.Helper()
	h := bench.NewHistogram()
	for i := range n {
		v := ms * (1 + 0.5*float64(i)/float64(n))
		if err := h.RecordValue(int64(v * float64(time.Millisecond))); err != nil {
			t.Fatal(err)
		}
	}
	return h
}

// fixtureRunWorkload is a closed-loop workload of 900 hits near hitMs and 100
// misses near missMs.
func fixtureRunWorkload(t *testing.T, name string, hitMs, missMs float64) report.Workload {
	t.Helper()
	hit, miss := spreadHist(t, 900, hitMs), spreadHist(t, 100, missMs)
	read := bench.NewHistogram()
	read.Merge(hit)
	read.Merge(miss)
	dur := (900*hitMs + 100*missMs) / 1000 / 4
	return report.Workload{Name: name, Strategy: "naive", DurationS: dur, Workers: 4, Ops: 1000, Reads: 1000, Hits: 900, Misses: 100,
		ThroughputOpsS: 1000 / dur, HitRatio: 0.9, Errors: map[string]int64{}, Source: report.Source{Calls: 100},
		Latency:    map[string]report.Latency{"read": report.NewLatency(read), "hit": report.NewLatency(hit), "miss": report.NewLatency(miss)},
		Timeseries: []report.Point{{TS: 1, Ops: 1000, HitRatio: 0.9}}}
}

// fixtureRun is a run of one target with one workload repeated repeats
// times (0: once), each repeat 1% slower than the last.
func fixtureRun(t *testing.T, runID string, missMs float64, repeats int) *report.Report {
	t.Helper()
	w := fixtureRunWorkload(t, "read-heavy/naive", 0.2, missMs)
	for k := range repeats {
		f := 1 + 0.01*float64(k)
		rw := fixtureRunWorkload(t, w.Name, 0.2*f, missMs*f)
		w.Repeats = append(w.Repeats, report.NewRepeatSummary(&rw))
	}
	return &report.Report{SchemaVersion: report.SchemaVersion, RunID: runID, Command: "run",
		Scenario: []byte(`{"name":"read-heavy","seed":1}`),
		Targets:  []report.Target{{Name: "local", Verification: &report.Verification{Passed: true}, Workloads: []report.Workload{w}}}}
}

// saveReport writes r as report.json in a new folder and returns its path.
func saveReport(t *testing.T, r *report.Report) string {
	t.Helper()
	js, err := r.MarshalIndent()
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "report.json")
	if err := os.WriteFile(p, js, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCompareCmd(t *testing.T) {
	invalid := fixtureRun(t, "c", 20, 5)
	invalid.Targets[0].Workloads[0].Invalid = []string{"achieved rate 680 ops/s is short of the target 700 ops/s"}
	unbound := fixtureRun(t, "c", 20, 5)
	unbound.Targets[0].Workloads[0].Client = &report.Client{CPUUtil: 0.99, GOMAXPROCS: 2, Bound: true}
	for _, tc := range []struct {
		name      string
		base, cur *report.Report
		args      []string
		check     func(err error) bool
		want      []string
	}{
		{"equal runs pass", fixtureRun(t, "b", 20, 5), fixtureRun(t, "c", 20, 5), nil,
			func(err error) bool { return err == nil }, []string{"OK: no regression in 1 workload(s)"}},
		{"20x slower source fails naming the metric", fixtureRun(t, "b", 20, 5), fixtureRun(t, "c", 400, 5), nil,
			func(err error) bool {
				return errors.Is(err, errRegression) && strings.Contains(err.Error(), "miss.p99")
			},
			[]string{"REGRESSION in", "miss p99 (ms)", "REGRESSION: worse by 1900"}},
		{"single runs: a 20x slower source is a gross change", fixtureRun(t, "b", 20, 0), fixtureRun(t, "c", 400, 0), nil,
			func(err error) bool { return errors.Is(err, errRegression) }, []string{"a 20.0× change that no run-to-run noise explains"}},
		{"a threshold raised past the change", fixtureRun(t, "b", 20, 0), fixtureRun(t, "c", 24, 0),
			[]string{"--max-regression", "miss.p50=25%,miss.p99=25%,read.p99=25%,throughput=25%"},
			func(err error) bool { return err == nil }, []string{"OK"}},
		{"the same change with one run a side is inconclusive: exit 0, said plainly", fixtureRun(t, "b", 20, 0), fixtureRun(t, "c", 24, 0), nil,
			func(err error) bool { return err == nil }, []string{"INCONCLUSIVE, no regression shown: 4 metric(s)", "rerun both sides with --repeat 4 to decide"}},
		{"the same change with 5 repeats fails", fixtureRun(t, "b", 20, 5), fixtureRun(t, "c", 24, 5), nil,
			func(err error) bool { return errors.Is(err, errRegression) }, []string{"miss p50"}},
		{"invalid run is told apart", fixtureRun(t, "b", 20, 5), invalid, nil,
			func(err error) bool {
				var ie *invalidRunError
				return errors.As(err, &ie) && !errors.Is(err, errRegression) && strings.Contains(err.Error(), "achieved rate 680")
			}, []string{"INVALID current: achieved rate 680"}},
		{"client-bound run is invalid", fixtureRun(t, "b", 20, 5), unbound, nil,
			func(err error) bool { var ie *invalidRunError; return errors.As(err, &ie) }, []string{"client-bound"}},
		{"invalid comes before regression", fixtureRun(t, "b", 20, 5), func() *report.Report {
			r := fixtureRun(t, "c", 400, 5)
			r.Targets[0].Workloads[0].Errors = map[string]int64{"timeout": 100}
			return r
		}(), nil, func(err error) bool { var ie *invalidRunError; return errors.As(err, &ie) }, []string{"too many errors: 100 of 1000"}},
		{"markdown format", fixtureRun(t, "b", 20, 5), fixtureRun(t, "c", 20, 5), []string{"--format", "markdown"},
			func(err error) bool { return err == nil }, []string{"## Benchmark comparison: ✅ no regression", "| metric | base | current | change | verdict |"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("GITHUB_STEP_SUMMARY", "")
			var out, errb bytes.Buffer
			args := append(append([]string{}, tc.args...), saveReport(t, tc.base), saveReport(t, tc.cur))
			err := compareCmd(args, &out, &errb)
			if !tc.check(err) {
				t.Errorf("unexpected result %v\n%s", err, out.String())
			}
			for _, want := range tc.want {
				if !strings.Contains(out.String(), want) {
					t.Errorf("output lacks %q:\n%s", want, out.String())
				}
			}
		})
	}
}

func TestCompareCmdMarkdownOutputs(t *testing.T) {
	dir := t.TempDir()
	summary := filepath.Join(dir, "summary.md")
	if err := os.WriteFile(summary, []byte("# earlier step\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GITHUB_STEP_SUMMARY", summary)
	md := filepath.Join(dir, "cmp.md")
	var out bytes.Buffer
	// Flags after the files work too.
	err := compareCmd([]string{saveReport(t, fixtureRun(t, "b", 20, 5)), saveReport(t, fixtureRun(t, "c", 400, 5)), "--markdown", md}, &out, &out)
	if !errors.Is(err, errRegression) {
		t.Fatalf("err %v", err)
	}
	file, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(file), "## Benchmark comparison: ❌ regression") || !strings.Contains(string(file), "miss p99 (ms)") {
		t.Errorf("--markdown file:\n%s", file)
	}
	sum, err := os.ReadFile(summary)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(sum), "# earlier step\n") || !strings.HasSuffix(string(sum), string(file)) {
		t.Errorf("$GITHUB_STEP_SUMMARY was not appended to:\n%s", sum)
	}
}

func TestCompareCmdBenchstat(t *testing.T) {
	t.Setenv("GITHUB_STEP_SUMMARY", "")
	var out bytes.Buffer
	if err := compareCmd([]string{"--format", "benchstat", saveReport(t, fixtureRun(t, "b", 20, 3)), saveReport(t, fixtureRun(t, "c", 20, 3))}, &out, &out); err != nil {
		t.Fatal(err)
	}
	bench := regexp.MustCompile(`^Benchmark\S+\s+\d+(\s+[-0-9.e+]+\s+\S+)+$`)
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 8 || lines[0] != "side: base" || lines[4] != "side: current" {
		t.Fatalf("want a side line and 3 benchmark lines per report:\n%s", out.String())
	}
	for i, l := range lines {
		if i%4 != 0 && !bench.MatchString(l) {
			t.Errorf("not a benchmark line: %q", l)
		}
	}
}

func TestCompareCmdUsage(t *testing.T) {
	good := saveReport(t, fixtureRun(t, "b", 20, 0))
	other := fixtureRun(t, "c", 20, 0)
	other.SchemaVersion = 2
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"one file", []string{good}, "two arguments"},
		{"three files", []string{good, good, good}, "two arguments"},
		{"missing file", []string{good, filepath.Join(t.TempDir(), "none.json")}, "no such file"},
		{"unknown metric", []string{"--max-regression", "read.p98=10%", good, good}, `unknown metric "read.p98"`},
		{"bad format", []string{"--format", "csv", good, good}, "--format"},
		{"bad error rate", []string{"--max-error-rate", "2", good, good}, "--max-error-rate"},
		{"other schema", []string{good, saveReport(t, other)}, "schema_version 2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			err := compareCmd(tc.args, &out, &out)
			var ue *usageError
			if !errors.As(err, &ue) || !strings.Contains(err.Error(), tc.want) || exitCode(err) != exitUsage {
				t.Errorf("error %v, want a usage error with %q", err, tc.want)
			}
		})
	}
}

// End to end: two real runs against a private redis-server, the second
// with a source 50x slower; with one run a side only a gross change decides
// (10x and beyond the noise), so the step is wide enough that the miss
// latency crosses it on a loaded machine too (1ms → 20ms gave 9.1x once: a
// miss also pays its GET and SET). A run compared with itself passes.
func TestCompareRealRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the benchmark twice")
	}
	t.Setenv("GITHUB_STEP_SUMMARY", "")
	srv := testredis.Start(t)
	runWith := func(latency string) string {
		dir := t.TempDir()
		err, out, _ := cli(t, "run", "--target", "local="+srv.URL(), "--out", dir, "--duration", "1s", "--warmup", "0s",
			"--workers", "4", "--keys", "100", "--key-dist", "uniform", "--source-latency", latency, "--ttl", "1h",
			"--invalidate-rate", "0", "--quiet", "--prewarm=false") // misses, to see the source
		if err != nil {
			t.Fatalf("run: %v\n%s", err, out)
		}
		return filepath.Join(dir, "report.json")
	}
	fast, slow := runWith("1ms"), runWith("50ms")
	var out bytes.Buffer
	err := compareCmd([]string{fast, slow}, &out, &out)
	if !errors.Is(err, errRegression) || !strings.Contains(err.Error(), "miss.p50") {
		t.Errorf("1ms → 50ms source: %v, want a regression naming miss.p50\n%s", err, out.String())
	}
	out.Reset()
	if err := compareCmd([]string{fast, fast}, &out, &out); err != nil {
		t.Errorf("a run compared with itself: %v\n%s", err, out.String())
	}
}
