package main

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/internal/testredis"
)

// TestFaultRefusedBeforeLoad: a fault the target does not allow stops the
// run before any load, with exit 2 and the reason.
func TestFaultRefusedBeforeLoad(t *testing.T) {
	srv := testredis.Start(t) // DEBUG is off by default in Redis 7
	if srv == nil {
		return
	}
	for _, tc := range []struct{ fault, says string }{
		{"1s:failover", "is a standalone server: a failover needs a Sentinel (redis-sentinel://) or Cluster target"},
		{"1s:debug-sleep=100ms", "refuses DEBUG"},
	} {
		t.Run(tc.fault, func(t *testing.T) {
			var out, errOut strings.Builder
			err := run([]string{"run", "--target", srv.URL(), "--out", t.TempDir(), "--duration", "2s", "--fault", tc.fault}, &out, &errOut)
			if exitCode(err) != exitUsage || !strings.Contains(err.Error(), "--fault") || !strings.Contains(err.Error(), tc.says) {
				t.Fatalf("error %v (exit %d): want exit 2 naming --fault and saying %q", err, exitCode(err), tc.says)
			}
			if strings.Contains(out.String(), "workload") || strings.Contains(out.String(), "verification") {
				t.Errorf("load ran before the refusal:\n%s", out.String())
			}
		})
	}
	t.Run("the failover scenario", func(t *testing.T) {
		var out strings.Builder
		err := run([]string{"run", "--target", srv.URL(), "--out", t.TempDir(), "--scenario", "failover"}, &out, &strings.Builder{})
		if exitCode(err) != exitUsage || !strings.Contains(err.Error(), "--fault: 6s:failover") || !strings.Contains(err.Error(), "scenario failover's") {
			t.Fatalf("error %v: want exit 2 saying the scenario's failover needs another target", err)
		}
		if strings.Contains(out.String(), "workload") {
			t.Errorf("load ran before the refusal:\n%s", out.String())
		}
	})
	t.Run("outside the window", func(t *testing.T) {
		err := run([]string{"run", "--target", srv.URL(), "--duration", "2s", "--fault", "2s:pause=1s"}, &strings.Builder{}, &strings.Builder{})
		if exitCode(err) != exitUsage || !strings.Contains(err.Error(), "--fault 2s:pause=1s") || !strings.Contains(err.Error(), "measured window") {
			t.Errorf("error %v: want exit 2 saying the fault is outside the measured window", err)
		}
	})
}

// TestFaultPauseAndKillClients: a pause shows as timeouts in its window,
// and kill-clients kills this run's connections and no other.
func TestFaultPauseAndKillClients(t *testing.T) {
	srv := testredis.Start(t)
	if srv == nil {
		return
	}
	other := redis.NewClient(&redis.Options{Addr: srv.Addr, DisableIdentity: true})
	defer other.Close()
	ctx := context.Background()
	bystander := other.Conn()
	defer bystander.Close()
	id, err := bystander.ClientID(ctx).Result()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var out strings.Builder
	// A worker whose next command after the kill goes through go-redis (a
	// fill's SET, an invalidation's DEL) finds the connection closed
	// before sending and redials without an error, as an application
	// would; its GETs go on the connection itself and fail. With 8
	// workers, some fail whatever each happened to be doing.
	err = run([]string{"run", "--target", srv.URL(), "--out", dir, "--duration", "4s", "--warmup", "0s", "--workers", "8",
		"--keys", "200", "--source-latency", "1ms", "--io-timeout", "100ms", "--max-error-rate", "1",
		"--fault", "1s:pause=600ms", "--fault", "2500ms:kill-clients"}, &out, &strings.Builder{})
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	t.Logf("console:\n%s", out.String())
	if again, err := bystander.ClientID(ctx).Result(); err != nil || again != id {
		t.Errorf("a connection of another client was killed: CLIENT ID %d, %v; want %d", again, err, id)
	}
	w := readReport(t, dir).Targets[0].Workloads[0]
	if len(w.Faults) != 2 {
		t.Fatalf("faults %+v: want the pause and the kill", w.Faults)
	}
	pause, kill := w.Faults[0], w.Faults[1]
	if pause.Kind != "pause" || pause.Arg != "600ms" || pause.Node != srv.Addr || pause.Errors["timeout"] == 0 || pause.FirstErrorS == nil {
		t.Errorf("pause %+v: want timeouts on %s", pause, srv.Addr)
	}
	if pause.ErrorWindowS < 0.3 || pause.ErrorWindowS > 1.2 {
		t.Errorf("pause error window %.3fs, want about the pause's 600ms", pause.ErrorWindowS)
	}
	if kill.Kind != "kill-clients" || !strings.HasSuffix(kill.Detail, "connections killed") || strings.HasPrefix(kill.Detail, "0 ") {
		t.Errorf("kill-clients %+v: want connections killed", kill)
	}
	if kill.FirstErrorS == nil || kill.ReadsLost+kill.WritesLost == 0 {
		t.Errorf("kill-clients %+v: want failed operations", kill)
	}
	// At 1.00s, or a few ms later when the machine is busy.
	if !regexp.MustCompile(`fault pause=600ms at 1\.0\ds`).MatchString(out.String()) {
		t.Errorf("no console line for the pause:\n%s", out.String())
	}
}
