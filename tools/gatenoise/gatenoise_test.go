package main

import (
	"bytes"
	"io"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cacheaside/bench/internal/testredis"
)

func TestParseFlags(t *testing.T) {
	o, err := parseFlags([]string{"-k", "3", "-repeats", "1, 4", "-run-flags", "--client-cpus 1"}, io.Discard)
	if err != nil || o.pairs != 3 || len(o.repeats) != 2 || o.repeats[1] != 4 || strings.Join(o.extra, " ") != "--client-cpus 1" {
		t.Errorf("got %+v, %v", o, err)
	}
	for _, bad := range [][]string{{"-repeats", "1,x"}, {"-repeats", "0"}, {"-k", "-1"}, {"-slow-factor", "0"}} {
		if _, err := parseFlags(bad, io.Discard); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestDriftLineAndHelpers(t *testing.T) {
	got := driftLine(map[string]float64{"throughput": 0.123, "read.p99": 0.6})
	if !strings.Contains(got, "throughput=12%") || !strings.Contains(got, "read.p99=60%") {
		t.Errorf("driftLine = %q", got)
	}
	if driftLine(nil) != "" {
		t.Error("driftLine of nothing is not empty")
	}
	if detected(1) != "flagged" || detected(0) != "NOT flagged" || detected(4) != "NOT flagged" {
		t.Error("detected")
	}
	if long := clip(strings.Repeat("é", 300)); len([]rune(long)) != 201 {
		t.Errorf("clip kept %d runes", len([]rune(long)))
	}
}

// TestGateNoiseEndToEnd runs the whole tool, small, on a private
// redis-server: one identical pair is compared and counted, and a source
// twenty times slower is flagged with one run a side.
func TestGateNoiseEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("runs bench eight times")
	}
	srv := testredis.Start(t)
	bin := filepath.Join(t.TempDir(), "bench")
	build := exec.Command("go", "build", "-o", bin, "../../cmd/bench")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	var out bytes.Buffer
	err := run([]string{"-k", "1", "-repeats", "1", "-duration", "500ms", "-warmup", "200ms", "-bench", bin, "-target", srv.URL(),
		"-run-flags", "--client-cpus 1"}, &out, io.Discard)
	text := out.String()
	if !regexp.MustCompile(`identical pair  1, --repeat 1: exit [014] `).MatchString(text) {
		t.Errorf("no identical pair's verdict:\n%s", text)
	}
	if !regexp.MustCompile(`--repeat 1: [01] false alarm\(s\) in 1 identical pairs`).MatchString(text) {
		t.Errorf("no false-alarm count:\n%s", text)
	}
	if !strings.Contains(text, "20× slower source, --repeat 1: exit 1, flagged") {
		t.Errorf("the slower source was not flagged:\n%s", text)
	}
	if !strings.Contains(text, "values 4× larger (16384 → 65536 B), --repeat 1: exit ") || !strings.Contains(text, "\nsummary (") {
		t.Errorf("no detection of larger values or no summary:\n%s", text)
	}
	// run fails exactly when a false alarm happened or a regression went
	// unflagged: at one run a side, the larger values may be inconclusive.
	failed := strings.Contains(text, "1 false alarm(s)") || strings.Contains(text, "NOT flagged")
	if (err != nil) != failed {
		t.Errorf("run returned %v; false alarm or missed regression in the output: %v", err, failed)
	}
}
