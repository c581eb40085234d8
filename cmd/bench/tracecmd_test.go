package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cacheaside/bench/internal/testredis"
	"github.com/cacheaside/bench/report"
	"github.com/cacheaside/bench/scenario"
	"github.com/cacheaside/bench/scenario/trace"
)

func writeTraceFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestTraceStatsCommand(t *testing.T) {
	p := writeTraceFile(t, "t.csv", "0,a,1,10,1,get,0\n0,a,1,10,1,set,60\n1,b,1,20,1,delete,0\n")
	var out, errOut bytes.Buffer
	if err := run([]string{"trace", "stats", p, "--format", "json"}, &out, &errOut); err != nil {
		t.Fatalf("%v (stderr %s)", err, errOut.String())
	}
	var s trace.Stats
	if err := json.Unmarshal(out.Bytes(), &s); err != nil {
		t.Fatalf("%v: %s", err, out.String())
	}
	if s.Requests != 3 || s.Format != "twitter" || s.Ops["set"] != 1 || s.UniqueKeys != 2 {
		t.Fatalf("stats %+v", s)
	}
	out.Reset()
	if err := run([]string{"trace", "stats", "--head", "1", p}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "requests         1 (the first ones only: --head)") {
		t.Fatalf("text output:\n%s", out.String())
	}
}

func TestTraceStatsUsageErrors(t *testing.T) {
	good := writeTraceFile(t, "t.csv", "0,a,1,10,1,get,0\n")
	unknown := writeTraceFile(t, "u.txt", "hello\n")
	for name, args := range map[string][]string{
		"no subcommand":  {"trace"},
		"no file":        {"trace", "stats"},
		"missing file":   {"trace", "stats", filepath.Join(t.TempDir(), "absent")},
		"bad format":     {"trace", "stats", good, "--format", "yaml"},
		"bad head":       {"trace", "stats", good, "--head", "-1"},
		"bad trace fmt":  {"trace", "stats", good, "--trace-format", "parquet"},
		"undetectable":   {"trace", "stats", unknown},
		"wrong declared": {"trace", "stats", good, "--trace-format", "csv"},
	} {
		t.Run(name, func(t *testing.T) {
			err := run(args, &bytes.Buffer{}, &bytes.Buffer{})
			if code := exitCode(err); code != exitUsage {
				t.Fatalf("exit %d (%v), want %d", code, err, exitUsage)
			}
		})
	}
}

// TestRecordThenReplay: bench run --record-trace writes the run's requests;
// bench trace stats counts them; bench run --trace replays them, and its
// report.json accounts for every one.
func TestRecordThenReplay(t *testing.T) {
	srv := testredis.Start(t)
	dir := t.TempDir()
	rec := filepath.Join(dir, "rec.csv")
	err, out, _ := cli(t, "run", "--target", srv.URL(), "--out", filepath.Join(dir, "a"), "--quiet", "--ops", "3000", "--warmup", "0s",
		"--workers", "4", "--keys", "500", "--invalidate-rate", "0.2", "--source-latency", "50us", "--record-trace", rec)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	a := readReport(t, filepath.Join(dir, "a")).Targets[0].Workloads[0]
	var stats bytes.Buffer
	if err := run([]string{"trace", "stats", "--format", "json", rec}, &stats, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	var s trace.Stats
	if err := json.Unmarshal(stats.Bytes(), &s); err != nil {
		t.Fatal(err)
	}
	if s.Requests != 3000 || s.Reads != a.Reads || s.Writes != a.Writes {
		t.Fatalf("recorded %d requests (%d reads, %d writes), the run did 3000 (%d reads, %d writes)", s.Requests, s.Reads, s.Writes, a.Reads, a.Writes)
	}
	// The default scenario's 8s duration and 1s warm-up do not apply to a
	// replay: it measures every request, to the trace's end.
	err, out, _ = cli(t, "run", "--target", srv.URL(), "--out", filepath.Join(dir, "b"), "--quiet",
		"--workers", "4", "--source-latency", "50us", "--trace", rec, "--speed", "0")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	b := readReport(t, filepath.Join(dir, "b")).Targets[0].Workloads[0]
	if b.Trace == nil || b.Trace.Requests != 3000 || b.Trace.Reads != a.Reads || b.Trace.Writes != a.Writes || !b.Trace.Ended {
		t.Fatalf("replay account %+v, want the 3000 recorded requests", b.Trace)
	}
	if !strings.Contains(out, "trace: 3000 requests replayed") {
		t.Errorf("console lacks the replay's account:\n%s", out)
	}
	if w := specOf(t, readReport(t, filepath.Join(dir, "b"))).Workloads[0]; w.Duration != 0 || w.Warmup != 0 {
		t.Errorf("replay's duration %v warm-up %v, want none", w.Duration, w.Warmup)
	}
	err, out, _ = cli(t, "run", "--target", srv.URL(), "--out", filepath.Join(dir, "c"), "--quiet", "--ops", "100",
		"--warmup", "10ms", "--workers", "4", "--source-latency", "50us", "--trace", rec, "--speed", "0")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if c := readReport(t, filepath.Join(dir, "c")); c.Targets[0].Workloads[0].Trace.Requests != 100 || specOf(t, c).Workloads[0].Warmup == 0 {
		t.Errorf("--ops 100 --warmup 10ms with --trace: %d requests, warm-up %v; want the flags to apply", c.Targets[0].Workloads[0].Trace.Requests, specOf(t, c).Workloads[0].Warmup)
	}
}

func TestRecordTraceRefusals(t *testing.T) {
	dir := t.TempDir()
	rec := filepath.Join(dir, "rec.csv")
	good := writeTraceFile(t, "t.csv", "0,a,1,10,1,get,0\n")
	for name, args := range map[string][]string{
		"two strategies": {"run", "--record-trace", rec, "--strategy", "naive,lease"},
		"repeats":        {"run", "--record-trace", rec, "--repeat", "2"},
		"two targets":    {"run", "--record-trace", rec, "--target", "redis://127.0.0.1:1", "--target", "redis://127.0.0.1:2"},
		"a replay":       {"run", "--record-trace", rec, "--trace", good},
		"no folder":      {"run", "--record-trace", filepath.Join(dir, "absent", "rec.csv")},
		"trace capacity": {"capacity", "--slo", "p99<5ms", "--trace", good},
		"trace shard":    {"run", "--trace", good, "--shard", "1/2"},
	} {
		t.Run(name, func(t *testing.T) {
			err, _, _ := cli(t, args...)
			if code := exitCode(err); code != exitUsage {
				t.Fatalf("exit %d (%v), want %d", code, err, exitUsage)
			}
		})
	}
	if _, err := os.Stat(rec); err == nil {
		t.Error("a refused run created the record file")
	}
}

// specOf decodes the resolved scenario saved in r.
func specOf(t *testing.T, r *report.Report) scenario.Spec {
	t.Helper()
	var s scenario.Spec
	if err := json.Unmarshal(r.Scenario, &s); err != nil {
		t.Fatal(err)
	}
	return s
}
