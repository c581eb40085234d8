package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/cacheaside/bench/internal/testredis"
)

// cancelWriter cancels when a line containing at has been written: the
// run is interrupted at that point of its console output.
type cancelWriter struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	at     string
	cancel context.CancelFunc
}

func (w *cancelWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	n, err := w.buf.Write(p)
	if strings.Contains(w.buf.String(), w.at) {
		w.cancel()
	}
	return n, err
}

// Ctrl-C during the baseline verification (after its first read, before
// the others): exit 130, and the console, report.md and report.json say
// interrupted, never that a check failed.
func TestInterruptDuringVerification(t *testing.T) {
	srv := testredis.Start(t)
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	out := &cancelWriter{at: "1st request", cancel: cancel}
	var errb bytes.Buffer
	err := runContext(ctx, []string{"run", "--target", srv.URL(), "--out", dir, "--duration", "1s", "--warmup", "0s",
		"--source-latency", "200ms", "--quiet"}, out, &errb)
	if code := exitCode(err); code != exitInterrupted {
		t.Fatalf("exit %d (%v), want %d\n%s", code, err, exitInterrupted, out.buf.String())
	}
	console := out.buf.String()
	if !strings.Contains(console, "INTERRUPTED: the verification stopped before its end, no check failed") || strings.Contains(console, "FAIL") {
		t.Errorf("console:\n%s", console)
	}
	r := readReport(t, dir)
	v := r.Targets[0].Verification
	if v == nil || v.Stopped != "interrupted" || v.Outcome() != "interrupted" || len(v.FailedChecks()) > 0 {
		t.Fatalf("verification %+v, want interrupted with no failed check", v)
	}
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"**Verification: did not finish** on `" + r.Targets[0].Name + "` (interrupted); no check failed.",
		"the baseline verification did not finish (interrupted): no check failed", "| read after invalidation is a miss | not run (interrupted) |",
		"| **verification** | **interrupted** |"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("report.md lacks %q", want)
		}
	}
	for _, bad := range []string{"verification failed", "not a miss", "FAIL"} {
		if strings.Contains(string(md), bad) {
			t.Errorf("report.md says %q", bad)
		}
	}
}
