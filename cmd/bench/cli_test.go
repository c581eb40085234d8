package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cacheaside/bench/embedded"
	"github.com/cacheaside/bench/internal/testredis"
	"github.com/cacheaside/bench/report"
	"github.com/cacheaside/bench/scenario"
	"github.com/cacheaside/bench/target"
)

// cli runs the command line and returns its error, stdout and stderr.
func cli(t *testing.T, args ...string) (error, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(args, &out, &errb)
	return err, out.String(), errb.String()
}

func readReport(t *testing.T, dir string) *report.Report {
	t.Helper()
	r, err := report.Read(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "report.md")); err != nil {
		t.Fatalf("report.md: %v", err)
	}
	return r
}

func TestVerifyAgainstRealRedis(t *testing.T) {
	srv := testredis.Start(t)
	dir := t.TempDir()
	err, out, _ := cli(t, "verify", "--target", "local="+srv.URL(), "--out", dir)
	if err != nil {
		t.Fatalf("verify: %v\n%s", err, out)
	}
	for _, want := range []string{"1st request: miss (", "→ Alice", "2nd request: hit (", "cache speedup: ", "after invalidation: miss (expected miss = true)", "PASS"} {
		if !strings.Contains(out, want) {
			t.Errorf("console lacks %q:\n%s", want, out)
		}
	}
	r := readReport(t, dir)
	if r.SchemaVersion != 1 || len(r.Targets) != 1 {
		t.Fatalf("report: schema %d, %d targets", r.SchemaVersion, len(r.Targets))
	}
	tg := r.Targets[0]
	v := tg.Verification
	if v == nil || !v.Passed || !v.CacheMissOK || !v.CacheHitOK || !v.CacheHitFaster || !v.InvalidationOK || !v.TTLOK {
		t.Fatalf("verification: %+v", v)
	}
	if v.MissLatencyMs < 50 || v.HitLatencyMs <= 0 || v.Speedup <= 1 {
		t.Errorf("latencies: miss %v ms, hit %v ms, speedup %v", v.MissLatencyMs, v.HitLatencyMs, v.Speedup)
	}
	if tg.Name != "local" || tg.Server.Version == "" || tg.Server.Mode != "standalone" || tg.Server.Persistence != "off" {
		t.Errorf("target/server: %+v", tg)
	}
	if n := dbsize(t, srv); n != 0 {
		t.Errorf("%d keys left behind", n)
	}
}

func TestRunWorkloadAgainstRealRedis(t *testing.T) {
	srv := testredis.Start(t)
	dir := t.TempDir()
	err, out, _ := cli(t, "run", "--target", srv.URL(), "--out", dir, "--duration", "1500ms", "--warmup", "0s",
		"--workers", "4", "--keys", "200", "--key-dist", "uniform", "--source-latency", "1ms", "--ttl", "1h", "--invalidate-rate", "0", "--quiet",
		"--prewarm=false") // the misses of an empty cache are measured
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	r := readReport(t, dir)
	tg := r.Targets[0]
	if len(tg.Workloads) != 1 {
		t.Fatalf("%d workloads", len(tg.Workloads))
	}
	w := tg.Workloads[0]
	if w.Ops == 0 || w.Hits+w.Misses != w.Reads || w.Reads+w.Writes != w.Ops {
		t.Errorf("counts do not add up: %+v", w)
	}
	// The naive strategy calls the source exactly once per miss.
	if w.Source.Calls != w.Misses {
		t.Errorf("source calls %d != misses %d", w.Source.Calls, w.Misses)
	}
	// 200 keys, TTL 1h, no invalidation: each key misses once, but for the
	// rare concurrent misses of one key by several of the 4 workers.
	if w.Misses < 200 || w.Misses > 200+50 || w.HitRatio < 0.5 {
		t.Errorf("misses %d, hit ratio %v", w.Misses, w.HitRatio)
	}
	for _, name := range []string{"read", "hit", "miss", "redis_get", "redis_set", "source"} {
		l, ok := w.Latency[name]
		if !ok || l.Count == 0 || !strings.HasPrefix(l.HDR, "HISTF") || l.P99Ms < l.P50Ms {
			t.Errorf("latency %s: %+v", name, l)
		}
	}
	if w.Latency["hit"].Count != w.Hits || w.Latency["miss"].Count != w.Misses {
		t.Errorf("histogram counts %d/%d vs hits %d misses %d", w.Latency["hit"].Count, w.Latency["miss"].Count, w.Hits, w.Misses)
	}
	if w.Speedup.P50 <= 1 {
		t.Errorf("speedup p50 %v", w.Speedup.P50)
	}
	if len(w.Timeseries) == 0 {
		t.Error("no time series")
	}
	var spec struct {
		Workloads []map[string]any `json:"workloads"`
	}
	if err := json.Unmarshal(r.Scenario, &spec); err != nil || spec.Workloads[0]["keys"] != float64(200) {
		t.Errorf("resolved scenario not saved: %v %s", err, r.Scenario)
	}
	if tg.KeysRemoved != 200 || dbsize(t, srv) != 0 {
		t.Errorf("cleanup removed %d keys, %d left", tg.KeysRemoved, dbsize(t, srv))
	}
	md, _ := os.ReadFile(filepath.Join(dir, "report.md"))
	if !strings.Contains(string(md), "| read | ") || !strings.Contains(string(md), "PASS") {
		t.Errorf("report.md lacks the workload table:\n%s", md)
	}
}

func TestEmbeddedDefault(t *testing.T) {
	testredis.Start(t) // skips (or fails under CI) without redis-server
	t.Setenv("REDIS_URL", "")
	dir := t.TempDir()
	err, out, _ := cli(t, "verify", "--out", dir)
	if err != nil {
		t.Fatalf("verify: %v\n%s", err, out)
	}
	if !strings.Contains(out, "started a private redis-server") {
		t.Errorf("console does not say it started a server:\n%s", out)
	}
	tg := readReport(t, dir).Targets[0]
	if tg.Embedded != "redis-server" || !tg.Verification.Passed {
		t.Errorf("target: %+v", tg)
	}
}

// TestEmbeddedDefaultLeavesACPU: a run against the private redis-server
// alone, or an open loop against a server on loopback, leaves one CPU to
// it unless --client-cpus says otherwise; a closed loop against a server
// on loopback keeps every CPU.
func TestEmbeddedDefaultLeavesACPU(t *testing.T) {
	srv := testredis.Start(t)
	t.Setenv("REDIS_URL", "")
	procs := runtime.GOMAXPROCS(0)
	if procs < 2 {
		procs = runtime.GOMAXPROCS(2)
		defer runtime.GOMAXPROCS(procs)
		procs = 2
	}
	for _, tc := range []struct {
		args []string
		want int
	}{
		{nil, procs - 1},
		{[]string{"--target", srv.URL()}, procs},
		{[]string{"--target", srv.URL(), "--rate", "500"}, procs - 1},
		{[]string{"--target", srv.URL(), "--rate", "500", "--client-cpus", strconv.Itoa(procs)}, procs},
		{[]string{"--client-cpus", strconv.Itoa(procs)}, procs},
	} {
		dir := t.TempDir()
		args := append([]string{"run", "--out", dir, "--duration", "200ms", "--warmup", "0s", "--workers", "2",
			"--keys", "20", "--source-latency", "0", "--quiet"}, tc.args...)
		err, out, _ := cli(t, args...)
		if err != nil {
			t.Fatalf("run %v: %v\n%s", tc.args, err, out)
		}
		if c := readReport(t, dir).Targets[0].Workloads[0].Client; c == nil || c.GOMAXPROCS != tc.want {
			t.Errorf("run %v: client %+v, want gomaxprocs %d", tc.args, c, tc.want)
		}
		if got := runtime.GOMAXPROCS(0); got != procs {
			t.Errorf("run %v: GOMAXPROCS %d afterwards, want %d", tc.args, got, procs)
		}
	}
}

// An open loop leaves a CPU only to a server on this machine, and only
// when --client-cpus did not choose.
func TestOpenLoopCPUsLeaveOneOnlyToALocalServer(t *testing.T) {
	procs := runtime.GOMAXPROCS(0)
	if procs < 2 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
		procs = 2
	}
	for _, tc := range []struct {
		url        string
		clientCPUs int
		want       int
	}{
		{"redis://127.0.0.1:7000", 0, procs - 1},
		{"unix:///tmp/r.sock", 0, procs - 1},
		{"redis://10.1.2.3:6379", 0, procs},
		{"redis://cache.example.com:6379", 0, procs},
		{"redis://127.0.0.1:7000", procs, procs},
	} {
		tg, err := target.ParseTarget(tc.url)
		if err != nil {
			t.Fatal(err)
		}
		var out strings.Builder
		undo := openLoopCPUs(&runOptions{clientCPUs: tc.clientCPUs}, tg, &out)
		got := runtime.GOMAXPROCS(0)
		undo()
		if got != tc.want || runtime.GOMAXPROCS(0) != procs {
			t.Errorf("%s (--client-cpus %d): GOMAXPROCS %d during, %d after; want %d, %d", tc.url, tc.clientCPUs, got, runtime.GOMAXPROCS(0), tc.want, procs)
		}
		if said := strings.Contains(out.String(), "one CPU left to the server"); said != (tc.want < procs) {
			t.Errorf("%s: console %q", tc.url, out.String())
		}
	}
}

func TestRedisURLFromEnvironment(t *testing.T) {
	srv := testredis.Start(t)
	t.Setenv("REDIS_URL", srv.URL())
	dir := t.TempDir()
	if err, out, _ := cli(t, "verify", "--out", dir); err != nil {
		t.Fatalf("verify: %v\n%s", err, out)
	}
	tg := readReport(t, dir).Targets[0]
	if tg.Embedded != "" || tg.URL != srv.URL() {
		t.Errorf("target: %+v", tg)
	}
}

func TestUnreachableFailsFast(t *testing.T) {
	port, err := embedded.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	url := "redis://:s3cretpw@127.0.0.1:" + itoa(port)
	start := time.Now()
	err, out, errOut := cli(t, "verify", "--target", url, "--out", dir)
	if code := exitCode(err); code != exitUnreachable {
		t.Fatalf("exit %d (%v), want 3", code, err)
	}
	if took := time.Since(start); took > 20*time.Second {
		t.Errorf("took %s to fail", took)
	}
	msg := err.Error() + out + errOut
	if !strings.Contains(msg, "127.0.0.1:"+itoa(port)) {
		t.Errorf("error does not name the address: %s", msg)
	}
	if strings.Contains(msg, "s3cretpw") {
		t.Errorf("password printed: %s", msg)
	}
}

func TestWrongPasswordIsExit3(t *testing.T) {
	srv := testredis.Start(t, "--requirepass", "right-one")
	err, out, _ := cli(t, "verify", "--target", "redis://:wrong-one@"+srv.Addr, "--out", t.TempDir())
	if code := exitCode(err); code != exitUnreachable {
		t.Fatalf("exit %d (%v), want 3", code, err)
	}
	if strings.Contains(err.Error()+out, "wrong-one") {
		t.Errorf("password printed: %v %s", err, out)
	}
	if err, out, _ := cli(t, "verify", "--target", "redis://:right-one@"+srv.Addr, "--out", t.TempDir()); err != nil {
		t.Fatalf("right password: %v\n%s", err, out)
	}
}

// A verification stopped by the server's error is exit 1 and said to be an
// error, not a failed check.
func TestVerificationErrorIsExit1(t *testing.T) {
	// With a 1-byte maxmemory and noeviction every SET fails with OOM.
	srv := testredis.Start(t, "--maxmemory", "1", "--maxmemory-policy", "noeviction")
	dir := t.TempDir()
	err, out, _ := cli(t, "run", "--target", srv.URL(), "--out", dir, "--duration", "1s")
	if code := exitCode(err); code != exitFailed {
		t.Fatalf("exit %d (%v), want 1\n%s", code, err, out)
	}
	if !strings.Contains(out, "ERROR: the verification stopped before its end, no check failed") || strings.Contains(out, "FAIL") || !strings.Contains(out, "noeviction") {
		t.Errorf("console lacks the error or the noeviction warning, or says FAIL:\n%s", out)
	}
	if !strings.Contains(err.Error(), "the verification did not finish, no check failed") || !strings.Contains(err.Error(), "OOM") {
		t.Errorf("error %v", err)
	}
	tg := readReport(t, dir).Targets[0]
	if tg.Verification.Passed || tg.Verification.Stopped != "error" || len(tg.Workloads) != 0 || len(tg.Server.Warnings) == 0 {
		t.Errorf("report: %+v", tg)
	}
}

func TestBadInputIsExit2(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"zero keys", []string{"--keys", "0"}, "--keys"},
		{"unknown distribution", []string{"--key-dist", "pareto"}, "--key-dist"},
		{"negative ttl", []string{"--ttl", "-1s"}, "--ttl"},
		{"invalidate rate above 1", []string{"--invalidate-rate", "1.5"}, "--invalidate-rate"},
		{"ttl jitter of 1", []string{"--ttl-jitter", "1"}, "--ttl-jitter"},
		{"zero workers", []string{"--workers", "0"}, "--workers"},
		{"unparsable duration", []string{"--duration", "soon"}, "--duration"},
		{"unknown scenario", []string{"--scenario", "nope"}, "--scenario"},
		{"unknown strategy", []string{"--strategy", "magic"}, "--strategy"},
		{"bad value size", []string{"--value-size", "10-5"}, "--value-size"},
		{"bad source latency", []string{"--source-latency", "lognormal:5ms"}, "--source-latency"},
		{"bad invalidate mode", []string{"--invalidate-mode", "purge"}, "--invalidate-mode"},
		{"bad url scheme", []string{"--target", "http://localhost:6380"}, "--target"},
		{"wildcard prefix", []string{"--prefix", "cache*"}, "--prefix"},
		{"empty prefix", []string{"--prefix", ""}, "--prefix"},
		{"negative client cpus", []string{"--client-cpus", "-1"}, "--client-cpus"},
		{"too many client cpus", []string{"--client-cpus", "5000"}, "--client-cpus"},
		{"unknown flag", []string{"--nope"}, "nope"},
		{"stray argument", []string{"extra"}, "extra"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			args := append([]string{"run", "--out", dir}, c.args...)
			err, _, _ := cli(t, args...)
			if code := exitCode(err); code != exitUsage {
				t.Fatalf("exit %d (%v), want 2", code, err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not name %q", err, c.want)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("wrote %d files on bad input", len(entries))
			}
		})
	}
}

func TestScenarioFileErrorsNameTheLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.yaml")
	if err := os.WriteFile(path, []byte("name: mine\nworkloads:\n  - keys: 10\n    colour: blue\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err, _, _ := cli(t, "run", "--scenario", path)
	if exitCode(err) != exitUsage || !strings.Contains(err.Error(), "line 4") || !strings.Contains(err.Error(), "colour") {
		t.Fatalf("got %v", err)
	}
}

func TestScenariosListsBuiltins(t *testing.T) {
	err, out, _ := cli(t, "scenarios")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"default", "uniform", "hot-key", "write-heavy", "ttl-churn"} {
		if !strings.Contains(out, name+" ") {
			t.Errorf("missing %s:\n%s", name, out)
		}
	}
}

// --format json gives every built-in, resolved: what a scenario file
// would say to run the same.
func TestScenariosAsJSON(t *testing.T) {
	err, out, _ := cli(t, "scenarios", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var specs []scenario.Spec
	if err := json.Unmarshal([]byte(out), &specs); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(specs) != len(scenario.Builtins()) || specs[0].Name != "default" || !specs[0].Workloads[0].Prewarm ||
		specs[0].Workloads[0].InvalidateMode != "delete" { // resolved: the default filled in
		t.Errorf("specs: %+v", specs)
	}
	if err, _, _ := cli(t, "scenarios", "--format", "yaml"); exitCode(err) != exitUsage || !strings.Contains(err.Error(), "--format") {
		t.Errorf("--format yaml: %v", err)
	}
}

func TestUnknownCommandIsExit2(t *testing.T) {
	err, _, _ := cli(t, "frobnicate")
	if exitCode(err) != exitUsage {
		t.Fatalf("got %v", err)
	}
}

func TestReportRerendersTheSameMarkdown(t *testing.T) {
	srv := testredis.Start(t)
	dir := t.TempDir()
	if err, out, _ := cli(t, "verify", "--target", srv.URL(), "--out", dir); err != nil {
		t.Fatalf("verify: %v\n%s", err, out)
	}
	md := filepath.Join(dir, "report.md")
	before, _ := os.ReadFile(md)
	if err := os.Remove(md); err != nil {
		t.Fatal(err)
	}
	if err, _, _ := cli(t, "report", filepath.Join(dir, "report.json")); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(md)
	if len(before) == 0 || !bytes.Equal(before, after) {
		t.Errorf("re-rendered report.md differs:\n%s\n---\n%s", before, after)
	}
}

func TestExitCodes(t *testing.T) {
	cases := []struct {
		err  error
		code int
	}{
		{nil, 0},
		{errVerifyFailed, 1},
		{errors.New("boom"), 1},
		{&usageError{"x"}, 2},
		{errInterrupted, 130},
		{&invalidRunError{[]string{"x"}}, 4},
		{errRegression, 1},
		{fmt.Errorf("2 threshold(s) breached: %w", errThresholdBreached), 1},
	}
	for _, c := range cases {
		if got := exitCode(c.err); got != c.code {
			t.Errorf("exitCode(%v) = %d, want %d", c.err, got, c.code)
		}
	}
}

func TestFormatJSONPrintsTheReport(t *testing.T) {
	srv := testredis.Start(t)
	dir := t.TempDir()
	err, out, errOut := cli(t, "verify", "--target", srv.URL(), "--out", dir, "--format", "json")
	if err != nil {
		t.Fatalf("verify: %v\n%s", err, errOut)
	}
	var r report.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("stdout is not the JSON report: %v\n%s", err, out)
	}
	saved, _ := os.ReadFile(filepath.Join(dir, "report.json"))
	if out != string(saved) || !r.Targets[0].Verification.Passed {
		t.Errorf("stdout differs from report.json")
	}
	if !strings.Contains(errOut, "PASS") {
		t.Errorf("console lines are not on stderr: %s", errOut)
	}
	if err, _, _ := cli(t, "verify", "--format", "yaml"); exitCode(err) != exitUsage {
		t.Errorf("--format yaml: %v", err)
	}
}

// TestClientCPUs: --client-cpus sets GOMAXPROCS for the run, which the
// report's client section shows, and restores it afterwards.
func TestClientCPUs(t *testing.T) {
	srv := testredis.Start(t)
	before := runtime.GOMAXPROCS(0)
	want := 1
	if before == 1 {
		want = 2
	}
	dir := t.TempDir()
	err, out, _ := cli(t, "run", "--target", srv.URL(), "--out", dir, "--duration", "300ms", "--warmup", "0s",
		"--workers", "2", "--keys", "20", "--source-latency", "0", "--quiet", "--client-cpus", strconv.Itoa(want))
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	c := readReport(t, dir).Targets[0].Workloads[0].Client
	if c == nil || c.GOMAXPROCS != want {
		t.Errorf("report's client section %+v, want gomaxprocs %d", c, want)
	}
	if after := runtime.GOMAXPROCS(0); after != before {
		t.Errorf("GOMAXPROCS %d after the run, was %d", after, before)
	}
}
