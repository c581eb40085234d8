package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/cacheaside/bench/report"
)

// twoTargets is a run of targets a and b, each with the fixture workload,
// misses taking missMs on b.
func twoTargets(t *testing.T, runID, a, b string, missMs float64) *report.Report {
	r := fixtureRun(t, runID, 20, 0)
	second := fixtureRun(t, runID, missMs, 0).Targets[0]
	r.Targets[0].Name, second.Name = a, b
	r.Targets = append(r.Targets, second)
	return r
}

func TestCompareMapTarget(t *testing.T) {
	base := saveReport(t, twoTargets(t, "b", "plain", "fsync", 20))
	renamed := saveReport(t, twoTargets(t, "c", "redis-a", "redis-b", 20))
	slower := saveReport(t, twoTargets(t, "c", "redis-a", "redis-b", 400))

	// Names differ: one plain message, exit 2, with the mapping to give.
	var out bytes.Buffer
	err := compareCmd([]string{base, renamed}, &out, &out)
	want := "the runs name their targets differently: the baseline has plain, fsync, the current run redis-a, redis-b; say which is which with --map-target OLD=NEW, e.g. --map-target plain=redis-a --map-target fsync=redis-b"
	if exitCode(err) != exitUsage || err.Error() != want {
		t.Fatalf("got %v (exit %d), want exit 2 and\n%s", err, exitCode(err), want)
	}
	if out.Len() != 0 {
		t.Errorf("printed beside the message:\n%s", out.String())
	}

	// Mapped: compared, and a 20x slower miss on fsync → redis-b is found.
	out.Reset()
	err = compareCmd([]string{"--map-target", "plain=redis-a", "--map-target", "fsync=redis-b", base, renamed}, &out, &out)
	if err != nil || !strings.Contains(out.String(), `target "fsync" of the baseline compared with target "redis-b" of the current run (--map-target)`) {
		t.Fatalf("mapped: %v\n%s", err, out.String())
	}
	out.Reset()
	err = compareCmd([]string{"--map-target", "plain=redis-a", "--map-target", "fsync=redis-b", base, slower}, &out, &out)
	if !errors.Is(err, errRegression) || !strings.Contains(err.Error(), "fsync") {
		t.Fatalf("mapped, slower: %v, want a regression on fsync\n%s", err, out.String())
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--map-target", "plain"}, "want OLD=NEW"},
		{[]string{"--map-target", "nope=redis-a"}, `--map-target nope=redis-a: the baseline has no target "nope"; its targets: plain, fsync`},
		{[]string{"--map-target", "plain=nope"}, `--map-target plain=nope: the current run has no target "nope"; its targets: redis-a, redis-b`},
		{[]string{"--map-target", "plain=redis-a", "--map-target", "plain=redis-b"}, "mapped twice"},
	} {
		err := compareCmd(append(tc.args, base, renamed), &out, &out)
		if exitCode(err) != exitUsage || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: %v (exit %d), want exit 2 saying %q", tc.args, err, exitCode(err), tc.want)
		}
	}
}

func TestCompareJSON(t *testing.T) {
	base, slow := saveReport(t, fixtureRun(t, "b", 20, 0)), saveReport(t, fixtureRun(t, "c", 400, 0))
	var out, errOut bytes.Buffer
	err := compareCmd([]string{"--format", "json", base, slow}, &out, &errOut)
	if !errors.Is(err, errRegression) {
		t.Fatalf("%v, want a regression", err)
	}
	var doc struct {
		Status      string   `json:"status"`
		Regressions []string `json:"regressions"`
		Base        struct {
			RunID string `json:"run_id"`
		} `json:"base"`
		Workloads []struct {
			Target  string `json:"target"`
			Metrics []struct {
				Metric  string   `json:"metric"`
				Base    *float64 `json:"base"`
				Current *float64 `json:"current"`
				Verdict string   `json:"verdict"`
			} `json:"metrics"`
		} `json:"workloads"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, out.String())
	}
	if doc.Status != "regression" || doc.Base.RunID != "b" || len(doc.Workloads) != 1 || doc.Workloads[0].Target != "local" {
		t.Fatalf("%+v", doc)
	}
	found := false
	for _, m := range doc.Workloads[0].Metrics {
		if m.Metric == "miss.p50" {
			found = m.Verdict == "regression" && *m.Current > 10**m.Base
		}
	}
	if !found || !strings.Contains(strings.Join(doc.Regressions, ","), "local read-heavy/naive miss.p50") {
		t.Errorf("miss.p50 not a regression: %s", out.String())
	}
}
