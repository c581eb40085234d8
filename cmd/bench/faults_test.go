package main

import (
	"context"
	"fmt"
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
// embedded.Start cannot do: it picks its own), with dir as its working
// directory, and waits until it listens. It uses no t, so that it can run
// off the test goroutine; the caller ends the server with stopRedis.
func startRedisOnPort(port int, dir string) (*exec.Cmd, error) {
	cmd := exec.Command("redis-server", "--port", strconv.Itoa(port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", dir)
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if c, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port)); err == nil {
			c.Close()
			return cmd, nil
		}
	}
	stopRedis(cmd)
	return nil, fmt.Errorf("redis-server on port %d did not start", port)
}

// stopRedis kills a server startRedisOnPort started and waits for it.
func stopRedis(cmd *exec.Cmd) {
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
}

// TestServerRestartDuringRun kills the server once the progress line shows
// 1s of measurement and starts it again on the same port 700ms later.
func TestServerRestartDuringRun(t *testing.T) {
	testredis.Start(t) // skips, or fails under CI, without redis-server
	port, err := embedded.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	srv, err := startRedisOnPort(port, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stopRedis(srv) })
	var again *exec.Cmd // the restarted server, once restart has returned
	restartDir := t.TempDir()
	restart := func() error {
		stopRedis(srv)
		time.Sleep(700 * time.Millisecond) // the outage
		var err error
		again, err = startRedisOnPort(port, restartDir)
		return err
	}
	dir := t.TempDir()
	start := time.Now()
	err, out, _, restartErr := cliMeasuring(t, time.Second, restart, "run", "--target", "redis://127.0.0.1:"+strconv.Itoa(port),
		"--out", dir, "--duration", "4s", "--warmup", "0s", "--workers", "4", "--keys", "500", "--source-latency", "1ms",
		"--max-error-rate", "1")
	if again != nil {
		t.Cleanup(func() { stopRedis(again) })
	}
	if restartErr != nil {
		t.Fatalf("restart: %v", restartErr)
	}
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
	pause := func() error { // once the progress line shows 1s of measurement
		return c.Do(context.Background(), "CLIENT", "PAUSE", "800", "ALL").Err()
	}
	dir := t.TempDir()
	start := time.Now()
	err, out, _, pauseErr := cliMeasuring(t, time.Second, pause, "run", "--target", srv.URL(), "--out", dir, "--duration", "2500ms",
		"--warmup", "0s", "--workers", "4", "--keys", "100", "--source-latency", "1ms", "--io-timeout", "100ms", "--max-error-rate", "1")
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	if pauseErr != nil {
		t.Fatalf("CLIENT PAUSE: %v", pauseErr)
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
