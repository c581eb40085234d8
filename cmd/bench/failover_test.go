package main

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cacheaside/bench/internal/testredis"
	"github.com/cacheaside/bench/report"
)

// getCalls returns a server's own count of GETs (INFO commandstats).
func getCalls(t *testing.T, addr, password string) int64 {
	t.Helper()
	info, err := testredis.DoString(addr, password, "INFO", "commandstats")
	if err != nil {
		t.Fatalf("INFO commandstats on %s: %v", addr, err)
	}
	calls, _, _ := strings.Cut(strings.TrimPrefix(testredis.InfoField(info, "cmdstat_get"), "calls="), ",")
	n, _ := strconv.ParseInt(calls, 10, 64)
	return n
}

// startFailoverSentinel starts a master, a replica and three sentinels
// that declare a master down after 1s.
func startFailoverSentinel(t *testing.T) *testredis.Sentinel {
	return testredis.StartSentinels(t, testredis.SentinelOptions{Password: "pw", Sentinels: 3,
		DownAfter: time.Second, FailoverTimeout: 3 * time.Second})
}

// waitMaster waits until the sentinel names want as the master.
func waitMaster(s *testredis.Sentinel, want string) error {
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m, err := s.MasterAddr(); err == nil && m == want {
			return nil
		}
	}
	return fmt.Errorf("the sentinel does not name %s as the master", want)
}

// TestSentinelFailoverExternal: a failover someone else starts mid-run
// moves the workers' reads to the new master.
func TestSentinelFailoverExternal(t *testing.T) {
	s := startFailoverSentinel(t)
	if s == nil {
		return
	}
	var oldMoved, newMoved int64
	failover := func() error {
		if _, err := testredis.Do(s.Sentinel, "", "SENTINEL", "FAILOVER", testredis.SentinelMaster); err != nil {
			return err
		}
		if err := waitMaster(s, s.Replica); err != nil {
			return err
		}
		var err error
		oldMoved, newMoved, err = movedReads(t, s)
		return err
	}
	dir := t.TempDir()
	err, out, _, foErr := cliMeasuring(t, time.Second, failover, "run", "--target", s.URL(), "--out", dir, "--duration", "4s",
		"--warmup", "0s", "--workers", "4", "--keys", "200", "--source-latency", "1ms", "--max-error-rate", "1")
	if foErr != nil {
		t.Fatalf("failover: %v", foErr)
	}
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	checkReadsMoved(t, s, oldMoved, newMoved)
	w := readReport(t, dir).Targets[0].Workloads[0]
	t.Logf("faults: %s", faultLines(w.Faults))
	if len(w.Faults) != 1 || w.Faults[0].Kind != "external-failover" || w.Faults[0].Node != s.Master || !strings.Contains(w.Faults[0].Detail, s.Replica) {
		t.Errorf("faults %+v: want one external-failover from %s to %s", w.Faults, s.Master, s.Replica)
	}
	checkServerViewAcrossSwitch(t, w, 2)
	t.Logf("server window %+v; client GETs %d", *w.ServerWindow, w.Latency["redis_get"].Count)
}

// TestSentinelFailoverFault: --fault 1s:failover fails the master over
// mid-run; the fault, its switch and its cost are in the report, and the
// reads move to the new master.
func TestSentinelFailoverFault(t *testing.T) {
	s := startFailoverSentinel(t)
	if s == nil {
		return
	}
	var oldMoved, newMoved int64
	moved := func() error {
		if err := waitMaster(s, s.Replica); err != nil {
			return err
		}
		var err error
		oldMoved, newMoved, err = movedReads(t, s)
		return err
	}
	dir := t.TempDir()
	start := time.Now()
	err, out, _, movedErr := cliMeasuring(t, time.Second, moved, "run", "--target", s.URL(), "--out", dir, "--duration", "4s",
		"--warmup", "0s", "--workers", "4", "--keys", "200", "--source-latency", "1ms", "--invalidate-rate", "0.05",
		"--max-error-rate", "1", "--fault", "1s:failover")
	if movedErr != nil {
		t.Fatalf("%v\n%s", movedErr, out)
	}
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	if took := time.Since(start); took > 20*time.Second {
		t.Errorf("the run took %s, want about 4s", took)
	}
	checkReadsMoved(t, s, oldMoved, newMoved)
	t.Logf("console:\n%s", out)
	w := readReport(t, dir).Targets[0].Workloads[0]
	if len(w.Faults) != 1 {
		t.Fatalf("faults %+v: want the one failover", w.Faults)
	}
	f := w.Faults[0]
	if f.Kind != "failover" || f.Node != s.Master || f.Error != "" || f.SwitchS == nil || f.AtS < 0.9 || f.AtS > 1.5 || !strings.Contains(f.Detail, s.Replica) {
		t.Errorf("fault %+v: want a failover of %s at about 1s with its switch to %s", f, s.Master, s.Replica)
	}
	if f.StaleAfterFailover == nil {
		t.Errorf("fault %+v: no stale_after_failover", f)
	}
	checkServerViewAcrossSwitch(t, w, 2)
	if !strings.Contains(out, "fault failover at ") {
		t.Errorf("the console has no line for the fault:\n%s", out)
	}
}

// faultLines renders faults for a log.
func faultLines(fs []report.Fault) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("\n" + faultLine(f))
	}
	return b.String()
}

// movedReads waits until the new master (s.Replica) has served 1000 GETs
// since the sentinel named it, and returns both servers' GET counts then.
func movedReads(t *testing.T, s *testredis.Sentinel) (oldGets, newGets int64, err error) {
	base := getCalls(t, s.Replica, s.Password)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if n := getCalls(t, s.Replica, s.Password); n-base >= 1000 {
			return getCalls(t, s.Master, s.Password), n, nil
		}
	}
	return 0, 0, fmt.Errorf("the new master %s served fewer than 1000 GETs in 10s after the switch", s.Replica)
}

// checkReadsMoved checks that, from the moment the new master served
// reads until the end of the run, the old master served (almost) none.
func checkReadsMoved(t *testing.T, s *testredis.Sentinel, oldMoved, newMoved int64) {
	t.Helper()
	oldGets, newGets := getCalls(t, s.Master, s.Password)-oldMoved, getCalls(t, s.Replica, s.Password)-newMoved
	t.Logf("GETs once the reads moved: old master %d, new master %d", oldGets, newGets)
	if newGets < 1000 || oldGets*100 > newGets {
		t.Errorf("once the reads moved, the old master served %d GETs and the new one %d: not every worker followed", oldGets, newGets)
	}
}

// TestClusterFailoverFault: --fault 1s:failover promotes a replica of one
// master with CLUSTER FAILOVER; the workers (go-redis's cluster client)
// follow, and the promoted node serves that master's reads afterwards.
func TestClusterFailoverFault(t *testing.T) {
	c := testredis.StartCluster(t, 3, 1)
	if c == nil {
		return
	}
	promoted := c.Replicas[0] // the injector promotes the first replica
	var atSwitch int64
	switched := func() error {
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			info, err := testredis.DoString(promoted, "", "INFO", "replication")
			if err == nil && testredis.InfoField(info, "role") == "master" {
				atSwitch = getCalls(t, promoted, "")
				return nil
			}
		}
		return fmt.Errorf("%s was not promoted", promoted)
	}
	dir := t.TempDir()
	start := time.Now()
	err, out, _, swErr := cliMeasuring(t, time.Second, switched, "run", "--target", c.URL(), "--out", dir, "--duration", "4s",
		"--warmup", "0s", "--workers", "4", "--keys", "300", "--source-latency", "1ms", "--max-error-rate", "1", "--fault", "1s:failover")
	if swErr != nil {
		t.Fatalf("%v\n%s", swErr, out)
	}
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	if took := time.Since(start); took > 25*time.Second {
		t.Errorf("the run took %s, want about 4s", took)
	}
	if n := getCalls(t, promoted, "") - atSwitch; n < 500 {
		t.Errorf("the promoted node %s served %d GETs after its promotion: the workers did not follow", promoted, n)
	}
	w := readReport(t, dir).Targets[0].Workloads[0]
	t.Logf("faults: %s", faultLines(w.Faults))
	if len(w.Faults) != 1 || w.Faults[0].Kind != "failover" || w.Faults[0].Error != "" || !strings.Contains(w.Faults[0].Detail, "promoted "+promoted) {
		t.Fatalf("faults %+v: want the failover promoting %s", w.Faults, promoted)
	}
	if f := w.Faults[0]; f.SwitchS == nil || !strings.Contains(f.Detail, "new master "+promoted) {
		t.Errorf("fault %+v: want the switch to %s seen (CLUSTER NODES)", f, promoted)
	}
	checkClusterServerView(t, w)
}

// TestClusterFailoverExternal: a CLUSTER FAILOVER someone else does
// mid-run is seen (CLUSTER NODES) and recorded as an external failover.
func TestClusterFailoverExternal(t *testing.T) {
	c := testredis.StartCluster(t, 3, 1)
	if c == nil {
		return
	}
	promoted := c.Replicas[len(c.Replicas)-1]
	failover := func() error {
		_, err := testredis.Do(promoted, "", "CLUSTER", "FAILOVER")
		return err
	}
	dir := t.TempDir()
	err, out, _, foErr := cliMeasuring(t, time.Second, failover, "run", "--target", c.URL(), "--out", dir, "--duration", "4s",
		"--warmup", "0s", "--workers", "4", "--keys", "300", "--source-latency", "1ms", "--max-error-rate", "1")
	if foErr != nil {
		t.Fatalf("CLUSTER FAILOVER: %v", foErr)
	}
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	w := readReport(t, dir).Targets[0].Workloads[0]
	t.Logf("faults: %s", faultLines(w.Faults))
	if len(w.Faults) != 1 || w.Faults[0].Kind != "external-failover" || w.Faults[0].Detail != "new master "+promoted || w.Faults[0].Node == "" {
		t.Errorf("faults %+v: want one external-failover to %s", w.Faults, promoted)
	}
}

// TestClusterMasterKilled: a master dies mid-run (SHUTDOWN NOSAVE) in a
// cluster with a 1s cluster-node-timeout; its replica takes over, the
// failover is recorded with its errors, and the run ends on time.
func TestClusterMasterKilled(t *testing.T) {
	c := testredis.StartClusterTimeout(t, 3, 1, time.Second)
	if c == nil {
		return
	}
	victim := c.Masters[0]
	kill := func() error {
		_, _ = testredis.Do(victim, "", "SHUTDOWN", "NOSAVE") // the connection drops with the server
		return nil
	}
	dir := t.TempDir()
	start := time.Now()
	err, out, _, _ := cliMeasuring(t, time.Second, kill, "run", "--target", "redis://"+c.Masters[1], "--out", dir, "--duration", "8s",
		"--warmup", "0s", "--workers", "4", "--keys", "300", "--source-latency", "1ms", "--io-timeout", "500ms", "--max-error-rate", "1")
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	if took := time.Since(start); took > 30*time.Second {
		t.Errorf("the run took %s, want about 8s", took)
	}
	w := readReport(t, dir).Targets[0].Workloads[0]
	t.Logf("faults: %s\nerrors %v", faultLines(w.Faults), w.Errors)
	if len(w.Faults) != 1 || w.Faults[0].Kind != "external-failover" || w.Faults[0].Node != victim {
		t.Fatalf("faults %+v: want one external-failover of %s", w.Faults, victim)
	}
	if f := w.Faults[0]; f.FirstErrorS == nil || len(f.Errors) == 0 || f.ReadsLost+f.WritesLost == 0 {
		t.Errorf("fault %+v: want the dead master's errors, by kind", f)
	}
}

// checkServerViewAcrossSwitch: the server's own counts over a window with
// a switch of master (each server's part differenced against itself) are
// the client's GETs, within the tolerance of the foreign-GETs check, and
// that check does not fire.
func checkServerViewAcrossSwitch(t *testing.T, w report.Workload, nodes int) {
	t.Helper()
	client := w.Latency["redis_get"].Count
	sw := w.ServerWindow
	if sw == nil || !sw.CommandStats {
		t.Fatalf("server window %+v (warnings %q): want one with commandstats", sw, w.Warnings)
	}
	if sw.Nodes != nodes {
		t.Errorf("server window over %d nodes, want %d: the masters, old and new", sw.Nodes, nodes)
	}
	tol := max(50, client/50)
	within := func(what string, n int64) {
		if d := n - client; d > tol || d < -tol {
			t.Errorf("%s: the server counted %d GETs, the client sent %d (tolerance %d)", what, n, client, tol)
		}
	}
	within("server_window", sw.GetCalls-sw.ScriptCalls)
	if l, ok := w.ServerLatency["get"]; !ok {
		t.Errorf("no server_latency.get (note %q)", w.ServerLatencyNote)
	} else {
		within("server_latency.get", l.Count-sw.ScriptCalls)
	}
	for _, x := range w.Warnings {
		if strings.Contains(x, "something else is using the server") || strings.Contains(x, "server view:") {
			t.Errorf("warning %q after a failover", x)
		}
	}
}

// checkClusterServerView: a cluster's server view after a promotion
// samples the promoted replica too (4 nodes: the 3 masters and it), and
// counts what it served once the topology watcher saw it: the GETs it
// ran before (up to the watcher's second) are missing, never more than
// the client sent.
func checkClusterServerView(t *testing.T, w report.Workload) {
	t.Helper()
	client := w.Latency["redis_get"].Count
	sw := w.ServerWindow
	if sw == nil || !sw.CommandStats {
		t.Fatalf("server window %+v (warnings %q): want one with commandstats", sw, w.Warnings)
	}
	if sw.Nodes != 4 {
		t.Errorf("server window over %d nodes, want 4: the 3 masters and the promoted replica", sw.Nodes)
	}
	if n := sw.GetCalls; n > client+max(50, client/50) || n < client*3/4 {
		t.Errorf("the server counted %d GETs, the client sent %d: want no more, and no fewer than what the new master ran before the watcher saw it", n, client)
	}
	for _, x := range w.Warnings {
		if strings.Contains(x, "something else is using the server") || strings.Contains(x, "server view:") {
			t.Errorf("warning %q after a failover", x)
		}
	}
}
