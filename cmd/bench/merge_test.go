package main

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/HdrHistogram/hdrhistogram-go"

	"github.com/cacheaside/bench/report"
)

// shardReport is shard i of 2 of one run: different latencies per shard.
func shardReport(t *testing.T, i int, missMs float64) *report.Report {
	t.Helper()
	r := fixtureRun(t, "shard"+itoa(i), missMs, 0)
	r.Shard = &report.Shard{Index: i, Count: 2}
	r.Targets[0].Workloads[0].Errors = map[string]int64{"timeout": int64(i)}
	return r
}

func TestMergeCmd(t *testing.T) {
	s1, s2 := shardReport(t, 1, 20), shardReport(t, 2, 30)
	out := filepath.Join(t.TempDir(), "merged", "report.json")
	var stdout bytes.Buffer
	if err := mergeCmd([]string{"-o", out, saveReport(t, s1), saveReport(t, s2)}, &stdout, &stdout); err != nil {
		t.Fatalf("merge: %v\n%s", err, stdout.String())
	}
	m, err := report.Read(out)
	if err != nil {
		t.Fatal(err)
	}
	w, a, b := m.Targets[0].Workloads[0], s1.Targets[0].Workloads[0], s2.Targets[0].Workloads[0]
	if w.Ops != a.Ops+b.Ops || w.Hits != a.Hits+b.Hits || w.Misses != a.Misses+b.Misses || w.Errors["timeout"] != 3 || w.Source.Calls != a.Source.Calls+b.Source.Calls {
		t.Errorf("sums: ops %d hits %d misses %d errors %v calls %d", w.Ops, w.Hits, w.Misses, w.Errors, w.Source.Calls)
	}
	for _, name := range []string{"read", "hit", "miss"} {
		h, err := hdrhistogram.Decode([]byte(w.Latency[name].HDR))
		if err != nil {
			t.Fatal(err)
		}
		if want := a.Latency[name].Count + b.Latency[name].Count; h.TotalCount() != want || w.Latency[name].Count != want {
			t.Errorf("%s: hdr total %d, count %d, want %d", name, h.TotalCount(), w.Latency[name].Count, want)
		}
	}
	if len(m.MergedShards) != 2 || m.Shard != nil {
		t.Errorf("merged shards %+v, shard %+v", m.MergedShards, m.Shard)
	}
	for _, want := range []string{"merged 2 reports of run shard1+shard2", "read-heavy/naive", "wrote " + out} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("console lacks %q:\n%s", want, stdout.String())
		}
	}
}

func TestMergeCmdRefuses(t *testing.T) {
	s1, s2 := shardReport(t, 1, 20), shardReport(t, 2, 20)
	other := shardReport(t, 2, 20)
	other.Scenario = []byte(`{"name":"write-heavy","seed":1}`)
	out := filepath.Join(t.TempDir(), "m.json")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"different scenarios", []string{"-o", out, saveReport(t, s1), saveReport(t, other)}, "different scenarios (name differ)"},
		{"the same shard twice", []string{"-o", out, saveReport(t, s2), saveReport(t, s2)}, "given twice"},
		{"no -o", []string{saveReport(t, s1), saveReport(t, s2)}, "needs -o"},
		{"no inputs", []string{"-o", out}, "needs the shard reports"},
		{"unreadable", []string{"-o", out, filepath.Join(t.TempDir(), "none.json")}, "no such file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			err := mergeCmd(tc.args, &b, &b)
			var ue *usageError
			if !errors.As(err, &ue) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want a usage error with %q", err, tc.want)
			}
		})
	}
}
