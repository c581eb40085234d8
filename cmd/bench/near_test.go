package main

import (
	"os"
	"strings"
	"testing"

	"github.com/cacheaside/bench/internal/testredis"
)

// A target without CLIENT TRACKING (the emulator) refuses --strategy near
// before any load: exit 2, the target and what it lacks named, no report.
func TestNearNeedsTracking(t *testing.T) {
	m := testredis.Emulator(t)
	dir := t.TempDir()
	err, _, _ := cli(t, "run", "--out", dir, "--target", "emu=redis://"+m.Addr(), "--strategy", "naive,near", "--duration", "1s", "--quiet")
	if code := exitCode(err); code != exitUsage {
		t.Fatalf("exit %d (%v), want 2", code, err)
	}
	t.Log(err)
	for _, want := range []string{"--strategy", "emu", "CLIENT"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
	if keys := m.Keys(); len(keys) != 0 {
		t.Errorf("load ran before the check: keys %q", keys)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("wrote %d files", len(entries))
	}
}

// End to end on a real server: the report carries the near section and
// the near latency histograms.
func TestNearEndToEnd(t *testing.T) {
	srv := testredis.Start(t)
	dir := t.TempDir()
	err, out, _ := cli(t, "run", "--out", dir, "--target", srv.URL(), "--strategy", "near", "--duration", "1s",
		"--workers", "4", "--keys", "500", "--invalidate-rate", "0.01", "--source-latency", "1ms", "--near-size", "100", "--quiet")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	w := readReport(t, dir).Targets[0].Workloads[0]
	if w.Near == nil || w.Near.Hits == 0 || w.Near.EntriesPeak > 100 || w.Near.Evictions == 0 {
		t.Fatalf("near section %+v: want hits, at most 100 entries, evictions", w.Near)
	}
	for _, h := range []string{"near_hit", "invalidation_lag"} {
		if w.Latency[h].Count == 0 {
			t.Errorf("no %s histogram", h)
		}
	}
	if !strings.Contains(out, "near:") {
		t.Errorf("the console does not show the near cache:\n%s", out)
	}
}
