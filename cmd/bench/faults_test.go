package main

import (
	"context"
	"net"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/embedded"
	"github.com/cacheaside/bench/internal/testredis"
)

// startRedisOnPort starts a redis-server on a fixed loopback port (which
// embedded.Start cannot do: it picks its own) and waits until it listens.
func startRedisOnPort(t *testing.T, port int) *exec.Cmd {
	t.Helper()
	cmd := exec.Command("redis-server", "--port", strconv.Itoa(port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", t.TempDir())
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if c, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port)); err == nil {
			c.Close()
			return cmd
		}
	}
	t.Fatalf("redis-server on port %d did not start", port)
	return nil
}

func TestServerRestartDuringRun(t *testing.T) {
	testredis.Start(t) // skips, or fails under CI, without redis-server
	port, err := embedded.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	srv := startRedisOnPort(t, port)
	go func() {
		time.Sleep(1500 * time.Millisecond)
		_ = srv.Process.Kill()
		_ = srv.Wait()
		time.Sleep(700 * time.Millisecond)
		startRedisOnPort(t, port)
	}()
	dir := t.TempDir()
	start := time.Now()
	err, out, _ := cli(t, "run", "--target", "redis://127.0.0.1:"+strconv.Itoa(port), "--out", dir, "--duration", "4s",
		"--warmup", "0s", "--workers", "4", "--keys", "500", "--source-latency", "1ms", "--quiet", "--max-error-rate", "1")
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	if took := time.Since(start); took > 20*time.Second {
		t.Errorf("run took %s, want about 4s", took)
	}
	w := readReport(t, dir).Targets[0].Workloads[0]
	if sum(w.Errors) == 0 {
		t.Fatalf("no errors counted across a server restart: %+v", w.Errors)
	}
	var errSeconds, okAfter int
	for _, p := range w.Timeseries {
		if p.Errors > 0 {
			errSeconds++
		}
		if p.TS > 3 && p.Ops > p.Errors && p.Errors == 0 {
			okAfter++
		}
	}
	if errSeconds == 0 || okAfter == 0 {
		t.Errorf("time series does not show the outage and the recovery: %+v", w.Timeseries)
	}
	t.Logf("errors %v", w.Errors)
}

func TestServerPauseCountsTimeouts(t *testing.T) {
	srv := testredis.Start(t)
	c := redis.NewClient(&redis.Options{Addr: srv.Addr})
	defer c.Close()
	go func() {
		time.Sleep(1200 * time.Millisecond)
		_ = c.Do(context.Background(), "CLIENT", "PAUSE", "800", "ALL").Err()
	}()
	dir := t.TempDir()
	start := time.Now()
	err, out, _ := cli(t, "run", "--target", srv.URL(), "--out", dir, "--duration", "2500ms", "--warmup", "0s",
		"--workers", "4", "--keys", "100", "--source-latency", "1ms", "--io-timeout", "100ms", "--quiet", "--max-error-rate", "1")
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	if took := time.Since(start); took > 15*time.Second {
		t.Errorf("run took %s", took)
	}
	w := readReport(t, dir).Targets[0].Workloads[0]
	if w.Errors["timeout"] == 0 {
		t.Errorf("no timeouts counted during an 800ms pause with a 100ms --io-timeout: %v", w.Errors)
	}
	if w.Hits == 0 || w.DurationS > 4 {
		t.Errorf("hits %d, duration %v s", w.Hits, w.DurationS)
	}
}
