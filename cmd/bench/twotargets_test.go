package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cacheaside/bench/internal/testredis"
)

// TestTwoDeploymentsSideBySide runs the same scenario on two differently
// configured servers, one syncing every write to disk, and checks that the
// reports compare them.
func TestTwoDeploymentsSideBySide(t *testing.T) {
	plain := testredis.Start(t)
	fsync := testredis.Start(t, "--appendonly", "yes", "--appendfsync", "always")
	dir := t.TempDir()
	args := append([]string{"run", "--target", "plain=" + plain.URL(), "--target", "fsync=" + fsync.URL(), "--out", dir}, short...)
	args = append(args, "--invalidate-rate", "0.2", "--invalidate-mode", "update")
	err, out, _ := cli(t, args...)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	r := readReport(t, dir)
	if len(r.Targets) != 2 || r.Targets[1].Server.Persistence != "aof" || len(r.Targets[1].Workloads) != 1 {
		t.Fatalf("targets: %+v", r.Targets)
	}
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Side by side", "plain", "fsync", "appendfsync always"} {
		if !strings.Contains(strings.ToLower(string(md)), strings.ToLower(want)) {
			t.Errorf("report.md lacks %q", want)
		}
	}
	svgs, _ := filepath.Glob(filepath.Join(dir, "*.svg"))
	overlay := false
	for _, s := range svgs {
		b, _ := os.ReadFile(s)
		overlay = overlay || strings.Contains(string(b), "plain") && strings.Contains(string(b), "fsync")
	}
	if !overlay {
		t.Errorf("no SVG overlays the two targets: %v", svgs)
	}
}
