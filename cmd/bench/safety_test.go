package main

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/internal/testredis"
)

func TestInterruptWritesPartialReportAndCleansUp(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	srv := testredis.Start(t)
	bin := filepath.Join(t.TempDir(), "bench")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := t.TempDir()
	cmd := exec.Command(bin, "run", "--target", srv.URL(), "--out", dir, "--duration", "60s", "--warmup", "0s",
		"--workers", "4", "--keys", "1000", "--source-latency", "1ms", "--quiet",
		"--prewarm=false") // the first keys are the workload's, not the prewarm's
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until the workload runs and has written keys.
	sc := bufio.NewScanner(stdout)
	for sc.Scan() && !strings.Contains(sc.Text(), ": workload ") {
	}
	for deadline := time.Now().Add(10 * time.Second); dbsize(t, srv) == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the workload wrote no keys before the interrupt")
		}
	}
	sent := time.Now()
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	go func() {
		for sc.Scan() {
		}
	}()
	err = cmd.Wait()
	if took := time.Since(sent); took > 15*time.Second {
		t.Errorf("took %s to stop after SIGINT", took)
	}
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 130 {
		t.Fatalf("exit: %v, want 130", err)
	}
	r := readReport(t, dir)
	if !r.Interrupted || len(r.Targets) != 1 || len(r.Targets[0].Workloads) != 1 || !r.Targets[0].Workloads[0].Interrupted {
		t.Fatalf("report not marked interrupted: %+v", r)
	}
	if w := r.Targets[0].Workloads[0]; w.Ops == 0 || w.DurationS >= 60 {
		t.Errorf("partial workload: %d ops in %v s", w.Ops, w.DurationS)
	}
	if n := dbsize(t, srv); n != 0 {
		t.Errorf("%d keys left after the interrupt", n)
	}
}

func TestCleanRemovesOnlyThePrefix(t *testing.T) {
	srv := testredis.Start(t)
	c := redis.NewClient(&redis.Options{Addr: srv.Addr})
	defer c.Close()
	ctx := context.Background()
	for _, k := range []string{"p:run1:a", "p:run2:b", "p:x", "px:keep", "other:keep", "p"} {
		if err := c.Set(ctx, k, "v", 0).Err(); err != nil {
			t.Fatal(err)
		}
	}
	err, out, _ := cli(t, "clean", "--target", srv.URL(), "--prefix", "p")
	if err != nil {
		t.Fatalf("clean: %v", err)
	}
	if !strings.Contains(out, "removed 3 keys") {
		t.Errorf("console: %s", out)
	}
	for k, want := range map[string]int64{"p:run1:a": 0, "p:run2:b": 0, "p:x": 0, "px:keep": 1, "other:keep": 1, "p": 1} {
		if n := c.Exists(ctx, k).Val(); n != want {
			t.Errorf("EXISTS %s = %d, want %d", k, n, want)
		}
	}
	for _, bad := range []string{"p*", "", "a?"} {
		if err, _, _ := cli(t, "clean", "--target", srv.URL(), "--prefix", bad); exitCode(err) != exitUsage {
			t.Errorf("clean --prefix %q: %v, want exit 2", bad, err)
		}
	}
}

func TestMaxErrorRateFailsTheRun(t *testing.T) {
	// Room for the verification key, not for the workload's values: fills
	// fail with OOM.
	srv := testredis.Start(t, "--maxmemory", "2mb", "--maxmemory-policy", "noeviction")
	dir := t.TempDir()
	err, out, _ := cli(t, "run", "--target", srv.URL(), "--out", dir, "--duration", "1s", "--warmup", "0s",
		"--workers", "4", "--keys", "100000", "--key-dist", "uniform", "--value-size", "4096", "--source-latency", "0", "--quiet", "--prewarm=false") // the fills fail, not the prewarm
	if err != errTooManyErrors || exitCode(err) != exitFailed {
		t.Fatalf("got %v (exit %d), want too many errors (exit 1)\n%s", err, exitCode(err), out)
	}
	w := readReport(t, dir).Targets[0].Workloads[0]
	if w.Errors["oom"] == 0 || len(w.Invalid) == 0 || !strings.Contains(w.Invalid[0], "--max-error-rate") {
		t.Errorf("errors %v, invalid %v", w.Errors, w.Invalid)
	}
	if w.Latency["read"].Count < w.Reads+w.Errors["oom"] {
		t.Errorf("errored reads are not latency samples: read count %d, reads %d, oom %d", w.Latency["read"].Count, w.Reads, w.Errors["oom"])
	}
	// The same run passes when the limit allows it.
	if err, out, _ := cli(t, "run", "--target", srv.URL(), "--out", t.TempDir(), "--duration", "500ms", "--warmup", "0s",
		"--workers", "2", "--keys", "100000", "--key-dist", "uniform", "--value-size", "4096", "--source-latency", "0", "--quiet", "--max-error-rate", "1", "--prewarm=false"); err != nil {
		t.Errorf("with --max-error-rate 1: %v\n%s", err, out)
	}
}

func TestPasswordNeverAppears(t *testing.T) {
	const pw = "hunter2-s3cret"
	srv := testredis.Start(t, "--requirepass", pw)
	dir := t.TempDir()
	err, out, errOut := cli(t, "run", "--target", "redis://:"+pw+"@"+srv.Addr, "--out", dir, "--duration", "300ms",
		"--warmup", "0s", "--workers", "2", "--keys", "50", "--source-latency", "1ms", "--quiet")
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(files) < 2 {
		t.Fatalf("files: %v", files)
	}
	texts := map[string]string{"stdout": out, "stderr": errOut}
	for _, f := range files {
		b, _ := os.ReadFile(f)
		texts[f] = string(b)
	}
	for name, text := range texts {
		if strings.Contains(text, pw) {
			t.Errorf("%s contains the password", name)
		}
	}
	if !strings.Contains(texts[filepath.Join(dir, "report.json")], "redis://:xxxxx@") {
		t.Error("report.json does not show the redacted URL")
	}
}
