package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cacheaside/bench/bench"
	"github.com/cacheaside/bench/gate"
	"github.com/cacheaside/bench/internal/testredis"
	"github.com/cacheaside/bench/report"
)

// TestCapacityNoRateMeetsReadSLO: with a 5 ms source and a cold cache,
// read latency is mostly source loads, so no rate can meet read.p99<1ms:
// exit 1, and the console and the report say why and what to use instead.
func TestCapacityNoRateMeetsReadSLO(t *testing.T) {
	srv := testredis.Start(t)
	dir := t.TempDir()
	err, out, _ := cli(t, "capacity", "--target", srv.URL(), "--out", dir, "--slo", "read.p99<1ms",
		"--source-latency", "5ms", "--keys", "1000000", "--duration", "1s", "--warmup", "0s", "--workers", "32", "--quiet",
		"--prewarm=false") // reads that miss, so that read.p99 includes the source
	if exitCode(err) != exitFailed || !errors.Is(err, errNoCapacity) {
		t.Fatalf("capacity: %v (exit %d), want exit 1\n%s", err, exitCode(err), out)
	}
	if !strings.Contains(out, "why: `read` includes source loads") || !strings.Contains(out, "use hit.p99") {
		t.Errorf("console names no cause:\n%s", out)
	}
	c := readReport(t, dir).Targets[0].Capacity
	if c == nil {
		t.Fatal("no capacity in the report")
	}
	if c.MaxRateOpsS != 0 || !strings.Contains(c.Diagnosis, "includes source loads") || c.SingleRequest == nil ||
		c.MinSamples != 1000 || c.FloorOpsS < 1100 || c.LimitMs != 1 {
		t.Errorf("capacity: max %v diagnosis %q single %+v samples %d floor %v limit %v",
			c.MaxRateOpsS, c.Diagnosis, c.SingleRequest, c.MinSamples, c.FloorOpsS, c.LimitMs)
	}
	if s := c.SingleRequest; s.OK != (s.ValueMs < 1) || s.Samples == 0 {
		t.Errorf("single request: %+v: ok must say whether it met read.p99<1ms", s)
	}
	for _, st := range c.Steps {
		if st.RateOpsS < 1100 || st.Verdict == bench.VerdictMet {
			t.Errorf("step at %v ops/s (%s): below the 1100 ops/s floor of a 1s p99 step, or met", st.RateOpsS, st.Verdict)
		}
	}
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), "Why: `read` includes source loads") {
		t.Errorf("report.md gives no cause:\n%s", md)
	}
	if strings.Contains(string(md), "(capacity.svg)") {
		if _, err := os.Stat(filepath.Join(dir, "capacity.svg")); err != nil {
			t.Errorf("report.md links capacity.svg: %v", err)
		}
	}
}

func TestCapacityFlags(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want float64
	}{{"2%", 0.02}, {"0.05", 0.05}, {" 10% ", 0.1}} {
		if got, err := parsePrecision(tt.in); err != nil || got != tt.want {
			t.Errorf("parsePrecision(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"0", "100%", "1", "x", "-2%", ""} {
		err, _, _ := cli(t, "capacity", "--slo", "p99<1ms", "--precision", bad)
		if exitCode(err) != exitUsage || !strings.Contains(err.Error(), "--precision") {
			t.Errorf("--precision %q: %v, want exit 2 naming the flag", bad, err)
		}
	}
}

func mustSLO(t *testing.T, s string) gate.SLO {
	t.Helper()
	slo, err := gate.ParseSLO(s)
	if err != nil {
		t.Fatal(err)
	}
	return slo
}

func TestCapacityAnswer(t *testing.T) {
	slo := mustSLO(t, "hit.p99<1ms")
	base := report.Capacity{PrecisionTarget: 0.02, StepDurationS: 2, MinSamples: 1000, FloorOpsS: 550}
	for _, tt := range []struct {
		name string
		edit func(c *report.Capacity)
		want string
	}{
		{"slo", func(c *report.Capacity) {
			c.MaxRateOpsS, c.UpperOpsS, c.LimitedBy, c.Precision, c.Confirmed = 9800, 10000, bench.LimitedSLO, 200.0/19800, true
		}, "9800 ops/s meets hit.p99<1ms; 10000 ops/s does not (±1.0%); confirmed"},
		{"generator", func(c *report.Capacity) {
			c.MaxRateOpsS, c.UpperOpsS, c.LimitedBy, c.Precision, c.Confirmed = 27000, 28000, bench.LimitedGenerator, 1000.0/55000, true
		}, "at least 27000 ops/s: generator-limited (27000 ops/s met hit.p99<1ms; the generator could not keep 28000 ops/s, so the server's capacity may be higher: more --workers or --client-cpus, or a bigger client machine); confirmed"},
		{"bracket not reached", func(c *report.Capacity) {
			c.MaxRateOpsS, c.UpperOpsS, c.LimitedBy, c.Precision, c.Stop = 6000, 8000, bench.LimitedSLO, 2000.0/14000, bench.StopMaxSteps
			c.Unconfirmed = "6000 ops/s: met in 1 of 1 runs (missed 0, generator-limited 0); the step budget (max steps) ran out"
		}, "6000 ops/s meets hit.p99<1ms; 8000 ops/s does not; the bracket 6000–8000 ops/s is ±14.3%, not the ±2.0% asked for (search stopped: max steps); not confirmed: 6000 ops/s: met in 1 of 1 runs (missed 0, generator-limited 0); the step budget (max steps) ran out"},
		{"floor", func(c *report.Capacity) { c.Stop, c.Confirmed = bench.StopFloor, true },
			"no rate met hit.p99<1ms down to the floor of 550 ops/s (below it a 2s step has fewer than 1000 samples of hit for its p99); confirmed"},
		{"every step generator-limited", func(c *report.Capacity) {
			c.UpperOpsS, c.LimitedBy, c.Stop, c.Confirmed = 550, bench.LimitedGenerator, bench.StopFloor, true
		}, "no rate could be held to hit.p99<1ms: every step down to 550 ops/s was generator-limited; confirmed"},
		{"max rate", func(c *report.Capacity) {
			c.MaxRateOpsS, c.LimitedBy, c.Confirmed = 1e6, bench.LimitedMaxRate, true
		}, "1000000 ops/s, the highest rate allowed, meets hit.p99<1ms; confirmed"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := base
			tt.edit(&c)
			if got := capacityAnswer(slo, &c); got != tt.want {
				t.Errorf("answer\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestDiagnoseNoCapacity checks each cause the diagnosis names, on made-up
// steps.
func TestDiagnoseNoCapacity(t *testing.T) {
	run := func(reads, misses int64, lat map[string]report.Latency) report.Workload {
		return report.Workload{Reads: reads, Misses: misses, Latency: lat}
	}
	missed := report.CapacityStep{RateOpsS: 1100, Verdict: bench.VerdictMissed, ValueMs: 1.4}
	calm := run(10000, 10, map[string]report.Latency{"miss": {P50Ms: 5.2}, "lag": {P99Ms: 0.05}})
	for _, tt := range []struct {
		name   string
		slo    string
		c      report.Capacity
		runs   []report.Workload
		prefix string
	}{
		{"every step generator-limited", "hit.p99<1ms", report.Capacity{Steps: []report.CapacityStep{
			{RateOpsS: 1100, Verdict: bench.VerdictGenerator, Reason: "rate: achieved 700 ops/s"}}},
			[]report.Workload{calm}, "every step was generator-limited: the load generator could not keep even 1100 ops/s (rate: achieved 700 ops/s)"},
		{"every step late by the generator", "hit.p99<1ms", report.Capacity{Steps: []report.CapacityStep{
			{RateOpsS: 560, Verdict: bench.VerdictGenerator, Reason: bench.GeneratorLag + ": operations started up to 1.2 ms late"}},
			SingleRequest: &report.CapacityStep{Samples: 5000, ValueMs: 0.2, OK: true}},
			[]report.Workload{calm}, "every step was generator-limited: down to 560 ops/s the load generator started operations late while its workers were mostly idle (operations started up to 1.2 ms late): the open loop's own timing, not the server, decides at this SLO (docs/generator.md); one request at a time (one worker, closed loop) hit.p99 is 0.200 ms"},
		{"read includes source loads", "read.p99<1ms", report.Capacity{LimitMs: 1, Steps: []report.CapacityStep{missed}},
			[]report.Workload{run(10000, 300, map[string]report.Latency{"miss": {P50Ms: 5.2}})},
			"`read` includes source loads: 3.0% of reads miss (more than the 1% above p99) and a miss takes 5.200 ms (miss p50), above the 1ms limit; no rate can meet read.p99<1ms: use hit.p99"},
		{"miss includes the source", "miss.p50<2ms", report.Capacity{LimitMs: 2, Steps: []report.CapacityStep{missed}},
			[]report.Workload{calm}, "`miss` includes the source load (miss p50 5.200 ms)"},
		{"below the single-request latency", "hit.p99<100us", report.Capacity{LimitMs: 0.1, Steps: []report.CapacityStep{missed},
			SingleRequest: &report.CapacityStep{Samples: 5000, ValueMs: 0.21, P50Ms: 0.12}},
			[]report.Workload{calm}, "the SLO is below the target's single-request latency: one request at a time (one worker, closed loop), hit.p99 is 0.210 ms (p50 0.120 ms)"},
		{"the open loop's lag", "hit.p99<1ms", report.Capacity{LimitMs: 1, Steps: []report.CapacityStep{missed},
			SingleRequest: &report.CapacityStep{Samples: 5000, ValueMs: 0.4, OK: true}},
			[]report.Workload{run(10000, 10, map[string]report.Latency{"lag": {P99Ms: 1.1}})},
			"one request at a time hit.p99 is 0.400 ms, which meets the SLO, but at the lowest rate tried (1100 ops/s) hit.p99 was 1.400 ms, and the load generator's own lag"},
		{"floor", "hit.p99<1ms", report.Capacity{LimitMs: 1, FloorOpsS: 1100, MinSamples: 1000, Stop: bench.StopFloor, Steps: []report.CapacityStep{missed}},
			[]report.Workload{calm}, "the floor of 1100 ops/s missed (hit.p99 1.400 ms); lower rates need a longer --duration"},
		{"fallback", "hit.p99<1ms", report.Capacity{LimitMs: 1, Stop: bench.StopMaxSteps, Steps: []report.CapacityStep{missed}},
			[]report.Workload{calm}, "every rate tried missed, the lowest (1100 ops/s) with hit.p99 1.400 ms"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := diagnoseNoCapacity(mustSLO(t, tt.slo), &tt.c, tt.runs)
			if !strings.HasPrefix(got, tt.prefix) {
				t.Errorf("diagnosis\n got %s\nwant %s…", got, tt.prefix)
			}
		})
	}
}
