package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/cacheaside/bench/internal/testredis"
	"github.com/cacheaside/bench/report"
)

// short are the flags of a quick workload for these tests.
var short = []string{"--duration", "300ms", "--warmup", "0s", "--workers", "2", "--keys", "100",
	"--key-dist", "uniform", "--source-latency", "1ms", "--ttl", "1h", "--invalidate-rate", "0", "--quiet"}

func TestRepeatInterleavesTargets(t *testing.T) {
	a, b := testredis.Start(t), testredis.Start(t)
	dir := t.TempDir()
	args := append([]string{"run", "--target", "a=" + a.URL(), "--target", "b=" + b.URL(), "--out", dir, "--repeat", "3"}, short...)
	err, out, _ := cli(t, args...)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	var order []string
	for _, line := range strings.Split(out, "\n") {
		if i := strings.Index(line, ": workload "); i > 0 && strings.Contains(line, "(repeat ") {
			order = append(order, line[:i]+line[strings.Index(line, "(repeat "):strings.Index(line, ")")+1])
		}
	}
	want := "a(repeat 1/3) b(repeat 1/3) a(repeat 2/3) b(repeat 2/3) a(repeat 3/3) b(repeat 3/3)"
	if strings.Join(order, " ") != want {
		t.Errorf("order %v, want %s", order, want)
	}
	r := readReport(t, dir)
	for _, tg := range r.Targets {
		w := tg.Workloads[0]
		if len(w.Repeats) != 3 {
			t.Fatalf("%s: %d repeats", tg.Name, len(w.Repeats))
		}
		var ops int64
		for _, s := range w.Repeats {
			ops += s.Ops
		}
		if ops != w.Ops || w.Latency["read"].Count < w.Reads {
			t.Errorf("%s: repeats add to %d ops, workload has %d (read count %d)", tg.Name, ops, w.Ops, w.Latency["read"].Count)
		}
	}
}

func TestRunThresholds(t *testing.T) {
	srv := testredis.Start(t)
	run := func(th ...string) (error, string) {
		args := append([]string{"run", "--target", srv.URL(), "--out", t.TempDir()}, short...)
		for _, x := range th {
			args = append(args, "--threshold", x)
		}
		err, out, _ := cli(t, args...)
		return err, out
	}
	if err, out := run("hit_ratio>0.5", "read.p99<10s"); err != nil {
		t.Errorf("thresholds that hold: %v\n%s", err, out)
	}
	err, out := run("hit_ratio>0.5", "read.p50<1us")
	if exitCode(err) != exitFailed || !strings.Contains(out, "read.p50") {
		t.Errorf("breached threshold: exit %d (%v), console:\n%s", exitCode(err), err, out)
	}
	if err, _ := run("colour<3"); exitCode(err) != exitUsage || !strings.Contains(err.Error(), "colour") {
		t.Errorf("unknown metric: %v", err)
	}
}

func TestShardsMergeToExactSums(t *testing.T) {
	srv := testredis.Start(t)
	dir := t.TempDir()
	var ins []string
	for _, sh := range []string{"1/2", "2/2"} {
		out := filepath.Join(dir, strings.Replace(sh, "/", "of", 1))
		args := append([]string{"run", "--target", srv.URL(), "--out", out, "--shard", sh}, short...)
		args = append(args, "--rate", "400")
		if err, o, _ := cli(t, args...); err != nil {
			t.Fatalf("shard %s: %v\n%s", sh, err, o)
		}
		ins = append(ins, filepath.Join(out, "report.json"))
	}
	var parts []*report.Report
	for _, in := range ins {
		r, err := report.Read(in)
		if err != nil {
			t.Fatal(err)
		}
		if r.Shard == nil || r.Targets[0].Workloads[0].TargetRateOpsS != 200 {
			t.Fatalf("shard report: shard %+v, target rate %v", r.Shard, r.Targets[0].Workloads[0].TargetRateOpsS)
		}
		parts = append(parts, r)
	}
	merged := filepath.Join(dir, "merged.json")
	if err, out, _ := cli(t, append([]string{"merge", "-o", merged}, ins...)...); err != nil {
		t.Fatalf("merge: %v\n%s", err, out)
	}
	m, err := report.Read(merged)
	if err != nil {
		t.Fatal(err)
	}
	w, a, b := m.Targets[0].Workloads[0], parts[0].Targets[0].Workloads[0], parts[1].Targets[0].Workloads[0]
	if w.Ops != a.Ops+b.Ops || w.Hits != a.Hits+b.Hits || w.Source.Calls != a.Source.Calls+b.Source.Calls ||
		w.Latency["read"].Count != a.Latency["read"].Count+b.Latency["read"].Count {
		t.Errorf("merged ops %d hits %d calls %d reads %d; shards %d+%d, %d+%d, %d+%d, %d+%d", w.Ops, w.Hits, w.Source.Calls,
			w.Latency["read"].Count, a.Ops, b.Ops, a.Hits, b.Hits, a.Source.Calls, b.Source.Calls, a.Latency["read"].Count, b.Latency["read"].Count)
	}
	// Each shard owns half the key space: misses are at most the 50 keys each.
	if a.Misses > 50+10 || b.Misses > 50+10 {
		t.Errorf("shard misses %d and %d: the key space was not split", a.Misses, b.Misses)
	}
	// A report of another scenario does not merge.
	other := filepath.Join(dir, "other")
	args := append([]string{"run", "--target", srv.URL(), "--out", other, "--shard", "2/2"}, short...)
	args = append(args, "--keys", "7")
	if err, o, _ := cli(t, args...); err != nil {
		t.Fatalf("other: %v\n%s", err, o)
	}
	if err, _, _ := cli(t, "merge", "-o", filepath.Join(dir, "bad.json"), ins[0], filepath.Join(other, "report.json")); exitCode(err) != exitUsage {
		t.Errorf("merging different scenarios: %v, want exit 2", err)
	}
}

func TestReportBenchstat(t *testing.T) {
	srv := testredis.Start(t)
	dir := t.TempDir()
	if err, out, _ := cli(t, append([]string{"run", "--target", "a=" + srv.URL(), "--out", dir, "--repeat", "2"}, short...)...); err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	err, out, _ := cli(t, "report", "--format", "benchstat", filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	lines := 0
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.HasPrefix(l, "Benchmark") {
			lines++
			if !strings.Contains(l, "target=a") || !strings.Contains(l, "read-p99-ns") && !strings.Contains(l, "ns/op") {
				t.Errorf("line %q", l)
			}
		}
	}
	if lines != 2 {
		t.Errorf("%d benchmark lines, want one per repeat:\n%s", lines, out)
	}
}
