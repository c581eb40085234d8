package gate

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/cacheaside/bench/report"
)

// regressedKeys lists the keys of the metrics that regressed.
func regressedKeys(r *Regression) []string {
	var out []string
	for _, f := range r.Regressions() {
		out = append(out, f.Metric.Key)
	}
	return out
}

func TestRegressVerdicts(t *testing.T) {
	for _, tc := range []struct {
		name       string
		base, cur  *report.Report
		status     Status
		regressed  []string // must all regress
		notRegress []string // must not regress
	}{
		{"equal single runs", cacheReport(t, "b", 0.2, 20, 0, 0), cacheReport(t, "c", 0.2, 20, 0, 0), StatusOK, nil, nil},
		{"3% slower single run is within thresholds", cacheReport(t, "b", 0.2, 20, 0, 0), cacheReport(t, "c", 0.206, 20.6, 0, 0), StatusOK, nil, nil},
		{"equal runs of 5 noisy repeats", cacheReport(t, "b", 0.2, 20, 5, 0.1), cacheReport(t, "c", 0.2, 20, 5, 0.1), StatusOK, nil, nil},
		{"noisy repeats 4% apart", cacheReport(t, "b", 0.2, 20, 5, 0.2), cacheReport(t, "c", 0.208, 20.8, 5, 0.2), StatusOK, nil, nil},
		{"20x slower miss, single runs", cacheReport(t, "b", 0.2, 20, 0, 0), cacheReport(t, "c", 0.2, 400, 0, 0), StatusRegression,
			[]string{"miss.p50", "miss.p99", "read.p99", "throughput"}, []string{"hit.p50", "hit.p99", "hit_ratio"}},
		{"20x slower miss, 5 repeats", cacheReport(t, "b", 0.2, 20, 5, 0.1), cacheReport(t, "c", 0.2, 400, 5, 0.1), StatusRegression,
			[]string{"miss.p50", "miss.p99", "read.p99"}, []string{"hit.p50"}},
		{"20x faster miss is no regression", cacheReport(t, "b", 0.2, 400, 0, 0), cacheReport(t, "c", 0.2, 20, 0, 0), StatusOK, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Regress(tc.base, tc.cur, RegressOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Status(); got != tc.status {
				t.Errorf("status %s, want %s; regressions %v, invalid %v", got, tc.status, r.Regressions(), r.InvalidRuns())
			}
			got := regressedKeys(r)
			for _, k := range tc.regressed {
				if !slices.Contains(got, k) {
					t.Errorf("%s did not regress; regressed: %v", k, got)
				}
			}
			for _, k := range tc.notRegress {
				if slices.Contains(got, k) {
					t.Errorf("%s regressed, want not", k)
				}
			}
		})
	}
}

// The 20x slower source: the regression names the metric with its change
// and the evidence, in the text and in the Markdown.
func TestRegressNamesMetric(t *testing.T) {
	r, err := Regress(cacheReport(t, "b", 0.2, 20, 5, 0.1), cacheReport(t, "c", 0.2, 400, 5, 0.1), RegressOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var miss *Finding
	for _, f := range r.Regressions() {
		if f.Metric.Key == "miss.p99" {
			miss = &f
		}
	}
	if miss == nil {
		t.Fatalf("miss.p99 not among the regressions %v", r.Regressions())
	}
	if miss.Change < 15 || miss.Change > 25 { // 20x: +1900%
		t.Errorf("miss.p99 change %v, want about 19", miss.Change)
	}
	if !(miss.P < 0.05) {
		t.Errorf("p = %v with 5 separated repeats each, want < 0.05", miss.P)
	}
	for _, want := range []string{"worse by", "p="} {
		if !strings.Contains(miss.Why, want) {
			t.Errorf("why %q lacks %q", miss.Why, want)
		}
	}
	var text, md strings.Builder
	if err := r.Text(&text); err != nil {
		t.Fatal(err)
	}
	if err := r.Markdown(&md); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"text": text.String(), "markdown": md.String()} {
		for _, want := range []string{"REGRESSION in", "miss.p99", "local read-heavy/naive"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s lacks %q:\n%s", name, want, out)
			}
		}
	}
	if !strings.Contains(text.String(), "REGRESSION: worse by") {
		t.Errorf("text table lacks the verdict:\n%s", text.String())
	}
	if !strings.Contains(md.String(), "## Benchmark comparison: ❌ regression") {
		t.Errorf("markdown lacks the headline:\n%s", md.String())
	}
}

// repeatsReport builds a run whose one workload has the given read p99 per
// repeat and nothing else measured.
func repeatsReport(p99 ...float64) *report.Report {
	w := report.Workload{Name: "w", Errors: map[string]int64{}}
	for _, v := range p99 {
		w.Repeats = append(w.Repeats, report.RepeatSummary{ReadP99Ms: v})
	}
	return &report.Report{SchemaVersion: report.SchemaVersion, RunID: "r", Command: "run",
		Targets: []report.Target{{Name: "t", Workloads: []report.Workload{w}}}}
}

// judge compares the read p99 of two runs of repeats.
func judge(t *testing.T, base, cur []float64, o RegressOptions) MetricComparison {
	t.Helper()
	r, err := Regress(repeatsReport(base...), repeatsReport(cur...), o)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Workloads) != 1 || len(r.Workloads[0].Metrics) != 1 {
		t.Fatalf("want one workload with one metric: %+v", r.Workloads)
	}
	return r.Workloads[0].Metrics[0]
}

// The three conditions of a regression, each alone failing it.
func TestRegressConditions(t *testing.T) {
	for _, tc := range []struct {
		name      string
		base, cur []float64
		o         RegressOptions
		verdict   Verdict
		why       string
		tested    bool
	}{
		{"within threshold", []float64{10}, []float64{11}, RegressOptions{}, VerdictOK, "within ±15%", false},
		{"threshold overridden: inconclusive with one run", []float64{10}, []float64{11}, RegressOptions{MaxRegression: map[string]float64{"read.p99": 0.05}}, VerdictInconclusive, "1 and 1 repeats cannot show significance at α=0.05: --repeat 4 on both sides would decide", false},
		{"one run, 10x worse p99: gross", []float64{1}, []float64{10}, RegressOptions{}, VerdictRegression, "a 10.0× change that no run-to-run noise explains", false},
		{"one run, 9x worse p99: inconclusive", []float64{1}, []float64{9}, RegressOptions{}, VerdictInconclusive, "--repeat 4", false},
		{"within the absolute floor", []float64{0.2}, []float64{0.28}, RegressOptions{}, VerdictNoise, "within the noise floor ±0.100", false},
		{"within the repeats' spread", []float64{10, 14, 18}, []float64{15, 17, 19}, RegressOptions{}, VerdictNoise, "within the noise floor ±16.000", false},
		{"overlapping: within twice the repeats' range", []float64{10, 10.5, 11, 14}, []float64{9.9, 13.2, 13.4, 13.6}, RegressOptions{}, VerdictNoise, "within the noise floor ±8.000", false},
		{"significant", []float64{10, 10.2, 10.1, 10.3}, []float64{13, 13.1, 13.2, 13.3}, RegressOptions{}, VerdictRegression, "p=0.029", true},
		{"significant improvement", []float64{13, 13.1, 13.2, 13.3}, []float64{10, 10.2, 10.1, 10.3}, RegressOptions{}, VerdictBetter, "better by 22.8%", true},
		{"test needs 4 repeats", []float64{10, 10.2, 10.1}, []float64{13, 13.1, 13.2}, RegressOptions{}, VerdictInconclusive, "3 and 3 repeats cannot show significance", false},
		{"3 against 5 repeats can decide", []float64{10, 10.2, 10.1}, []float64{13, 13.1, 13.2, 13.3, 13.4}, RegressOptions{}, VerdictRegression, "p=0.036", true},
		{"alpha 0.01 needs 5", []float64{10, 10.2, 10.1, 10.3}, []float64{13, 13.1, 13.2, 13.5}, RegressOptions{Alpha: 0.01, MaxRegression: map[string]float64{"read.p99": 0.2}}, VerdictInconclusive, "--repeat 5 on both sides", false},
		{"missing in current", []float64{10}, []float64{0}, RegressOptions{}, VerdictMissing, "not measured in the current run", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := judge(t, tc.base, tc.cur, tc.o)
			if m.Verdict != tc.verdict || !strings.Contains(m.Why, tc.why) {
				t.Errorf("verdict %s (%s), want %s with %q", m.Verdict, m.Why, tc.verdict, tc.why)
			}
			if tested := !math.IsNaN(m.P); tested != tc.tested {
				t.Errorf("U test applied = %v, want %v", tested, tc.tested)
			}
		})
	}
}

// Counted events: a few more stale reads is counting noise, many more is
// a regression; counts are compared per 1000 reads.
func TestRegressCountNoise(t *testing.T) {
	run := func(stale, reads int64) *report.Report {
		w := report.Workload{Name: "w", Reads: reads, StaleReads: stale, Errors: map[string]int64{}}
		return &report.Report{SchemaVersion: report.SchemaVersion, Command: "run", Targets: []report.Target{{Name: "t", Workloads: []report.Workload{w}}}}
	}
	verdict := func(base, cur *report.Report) MetricComparison {
		r, err := Regress(base, cur, RegressOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range r.Workloads[0].Metrics {
			if m.Metric.Key == "stale_reads" {
				return m
			}
		}
		t.Fatal("no stale_reads metric")
		return MetricComparison{}
	}
	if m := verdict(run(3, 10000), run(9, 10000)); m.Verdict != VerdictNoise {
		t.Errorf("3 → 9 stale reads in 10000: %s (%s), want noise", m.Verdict, m.Why)
	}
	// Seen on identical runs of one machine: 25 → 91 stale reads in 100k.
	if m := verdict(run(25, 100000), run(91, 100000)); m.Verdict != VerdictNoise || !strings.Contains(m.Why, "counts that vary") {
		t.Errorf("25 → 91 stale reads in 100000: %s (%s), want noise", m.Verdict, m.Why)
	}
	if m := verdict(run(3, 10000), run(60, 10000)); m.Verdict != VerdictNoise {
		t.Errorf("3 → 60 stale reads in 10000: %s (%s), two small counts alone, want noise", m.Verdict, m.Why)
	}
	if m := verdict(run(30, 100000), run(1500, 100000)); m.Verdict != VerdictRegression || !strings.Contains(m.Why, "overdispersion") {
		t.Errorf("30 → 1500 stale reads in 100000: %s (%s), want regression", m.Verdict, m.Why)
	}
	if m := verdict(run(30, 10000), run(60, 20000)); m.Verdict != VerdictOK || m.Current != 3 {
		t.Errorf("the same rate over twice the reads: %s %v (%s), want ok at 3 per 1k", m.Verdict, m.Current, m.Why)
	}
}

// Validity first: an invalid run is told apart from a regression, and
// its metrics are not judged.
func TestRegressInvalid(t *testing.T) {
	slow := func() *report.Report { return cacheReport(t, "c", 0.2, 400, 0, 0) }
	for _, tc := range []struct {
		name   string
		modify func(r *report.Report)
		want   string
	}{
		{"missed its rate", func(r *report.Report) {
			r.Targets[0].Workloads[0].Invalid = []string{"achieved rate 680 ops/s is short of the target 700 ops/s"}
		}, "current: achieved rate 680"},
		{"client-bound", func(r *report.Report) {
			r.Targets[0].Workloads[0].Client = &report.Client{CPUUtil: 0.97, GOMAXPROCS: 2, Bound: true}
		}, "current: client-bound"},
		{"errors over the limit", func(r *report.Report) { r.Targets[0].Workloads[0].Errors = map[string]int64{"timeout": 50} }, "current: too many errors: 50 of 1000"},
		{"verification failed", func(r *report.Report) { r.Targets[0].Verification.Passed = false }, "current: the baseline verification failed"},
		{"interrupted", func(r *report.Report) { r.Interrupted = true }, "current: the run was interrupted"},
		{"workload missing", func(r *report.Report) { r.Targets[0].Workloads[0].Name = "other" }, "current: the workload is missing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cur := slow()
			tc.modify(cur)
			r, err := Regress(cacheReport(t, "b", 0.2, 20, 0, 0), cur, RegressOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if r.Status() != StatusInvalid {
				t.Fatalf("status %s, want invalid", r.Status())
			}
			inv := strings.Join(r.InvalidRuns(), "\n")
			if !strings.Contains(inv, tc.want) {
				t.Errorf("invalid runs %q lack %q", inv, tc.want)
			}
			if regs := r.Regressions(); len(regs) > 0 {
				t.Errorf("an invalid run was judged: %v", regs)
			}
			for _, m := range r.Workloads[0].Metrics {
				if m.Verdict != VerdictNotJudged {
					t.Errorf("%s: %s, want not judged", m.Metric.Key, m.Verdict)
				}
			}
		})
	}
	t.Run("errors within the limit", func(t *testing.T) {
		cur := cacheReport(t, "c", 0.2, 20, 0, 0)
		cur.Targets[0].Workloads[0].Errors = map[string]int64{"timeout": 5}
		r, err := Regress(cacheReport(t, "b", 0.2, 20, 0, 0), cur, RegressOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if r.Status() == StatusInvalid {
			t.Errorf("5 errors in 1000 ops (0.5%%) made the run invalid: %v", r.InvalidRuns())
		}
	})
	t.Run("errors the run flagged itself are said once", func(t *testing.T) {
		cur := cacheReport(t, "c", 0.2, 20, 0, 0)
		w := &cur.Targets[0].Workloads[0]
		w.Errors = map[string]int64{"timeout": 50}
		w.AddInvalid(report.ReasonTooManyErrors, "too many errors: 50 of 1000 operations failed (5.00%), above --max-error-rate 0.01")
		r, err := Regress(cacheReport(t, "b", 0.2, 20, 0, 0), cur, RegressOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if inv := r.InvalidRuns(); len(inv) != 1 || !strings.Contains(inv[0], "--max-error-rate") {
			t.Errorf("invalid runs %q, want the run's own reason alone", inv)
		}
	})
}

func TestRegressMatching(t *testing.T) {
	t.Run("single targets of different names", func(t *testing.T) {
		cur := cacheReport(t, "c", 0.2, 20, 0, 0)
		cur.Targets[0].Name = "REDIS_URL"
		r, err := Regress(cacheReport(t, "b", 0.2, 20, 0, 0), cur, RegressOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if r.Status() != StatusOK || len(r.Notes) != 1 || !strings.Contains(r.Notes[0], `"REDIS_URL"`) {
			t.Errorf("status %s, notes %q", r.Status(), r.Notes)
		}
	})
	t.Run("by target and workload name", func(t *testing.T) {
		base, cur := mixedReport(t), mixedReport(t)
		cur.Targets[0].Name, cur.Targets[1].Name = "b", "a" // a is now the slower
		r, err := Regress(base, cur, RegressOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Workloads) != 4 {
			t.Fatalf("%d workloads compared, want 4", len(r.Workloads))
		}
		// a of the baseline is the fastest; a of the current run is slower.
		w := r.Workloads[0]
		if w.Target != "a" || w.Workload != "mixed/naive" {
			t.Fatalf("first comparison %s %s", w.Target, w.Workload)
		}
		if w.Metrics[0].Metric.Key != "throughput" || !(w.Metrics[0].Current < w.Metrics[0].Base) {
			t.Errorf("a's throughput %v → %v: not matched by name", w.Metrics[0].Base, w.Metrics[0].Current)
		}
	})
	t.Run("new workload in current", func(t *testing.T) {
		cur := cacheReport(t, "c", 0.2, 20, 0, 0)
		extra := cur.Targets[0].Workloads[0]
		extra.Name = "new"
		cur.Targets[0].Workloads = append(cur.Targets[0].Workloads, extra)
		r, err := Regress(cacheReport(t, "b", 0.2, 20, 0, 0), cur, RegressOptions{})
		if err != nil {
			t.Fatal(err)
		}
		last := r.Workloads[len(r.Workloads)-1]
		if r.Status() != StatusOK || last.Workload != "new" || last.BaseRepeats != 0 || last.Metrics[0].Verdict != VerdictMissing {
			t.Errorf("status %s, last %+v", r.Status(), last)
		}
	})
	t.Run("scenarios differ", func(t *testing.T) {
		cur := cacheReport(t, "c", 0.2, 20, 0, 0)
		cur.Scenario = []byte(`{"name":"read-heavy","seed":2,"workloads":[{"name":"read-heavy/naive","strategy":"naive"}],"shard":{"index":1}}`)
		r, err := Regress(cacheReport(t, "b", 0.2, 20, 0, 0), cur, RegressOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Notes) != 1 || !strings.Contains(r.Notes[0], "scenarios differ (seed)") {
			t.Errorf("notes %q, want the seed named (and the shard ignored)", r.Notes)
		}
	})
}

func TestRegressNothingToCompare(t *testing.T) {
	empty := &report.Report{SchemaVersion: report.SchemaVersion, Command: "verify", Targets: []report.Target{{Name: "t", Verification: &report.Verification{Passed: true}}}}
	r, err := Regress(empty, empty, RegressOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Status() != StatusInvalid || !strings.Contains(r.InvalidRuns()[0], "no workload to compare") {
		t.Errorf("status %s, invalid %q", r.Status(), r.InvalidRuns())
	}
}

func TestRegressRefuses(t *testing.T) {
	other := cacheReport(t, "c", 0.2, 20, 0, 0)
	other.SchemaVersion = 2
	if _, err := Regress(cacheReport(t, "b", 0.2, 20, 0, 0), other, RegressOptions{}); err == nil || !strings.Contains(err.Error(), "schema_version 2") {
		t.Errorf("schema 2: %v", err)
	}
	if _, err := Regress(cacheReport(t, "b", 0.2, 20, 0, 0), cacheReport(t, "c", 0.2, 20, 0, 0), RegressOptions{MaxRegression: map[string]float64{"nope": 1}}); err == nil {
		t.Error("an unknown metric in MaxRegression was accepted")
	}
}

func TestParseMaxRegression(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want map[string]float64
		err  string
	}{
		{"read.p99=15%,throughput=5%", map[string]float64{"read.p99": 0.15, "throughput": 0.05}, ""},
		{" READ.P99 = 0.2 , ", map[string]float64{"read.p99": 0.2}, ""},
		{"", map[string]float64{}, ""},
		{"read.p98=15%", nil, "unknown metric \"read.p98\"; accepted: throughput, hit_ratio, read.p50"},
		{"read.p99", nil, "want KEY=LIMIT"},
		{"read.p99=-5%", nil, "not a percentage"},
		{"read.p99=fast", nil, "not a percentage"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseMaxRegression(tc.in)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Errorf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for k, v := range tc.want {
				if math.Abs(got[k]-v) > 1e-12 {
					t.Errorf("%s = %v, want %v", k, got[k], v)
				}
			}
		})
	}
}

// Every metric compare tests is in the metric table, with the labels the
// comparison tables show.
func TestRegressMetricKeys(t *testing.T) {
	labels := []string{"throughput (ops/s)", "hit ratio", "read p50 (ms)", "read p99 (ms)", "hit p50 (ms)", "hit p99 (ms)",
		"miss p50 (ms)", "miss p99 (ms)", "source calls per 1k reads", "stale reads per 1k reads", "errors per 1k ops"}
	for i, m := range RegressMetrics {
		if _, err := report.LookupMetric(m.Key); err != nil {
			t.Error(err)
		}
		if m.Label != labels[i] {
			t.Errorf("%s: label %q, want %q", m.Key, m.Label, labels[i])
		}
	}
}
