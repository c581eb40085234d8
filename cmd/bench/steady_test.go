package main

import (
	"strings"
	"testing"

	"github.com/cacheaside/bench/internal/testredis"
	"github.com/cacheaside/bench/report"
)

// fillingCache is a workload whose cache fills while it is measured: 2000
// reads/s of 8000 uniform keys, a TTL longer than the run, no prewarm (the
// default scenario has it) and no warm-up, so
// after t seconds about 1 − e^(−t/4) of the keys are cached and the hit
// ratio climbs from about 0.1 to 0.7 over 5 s.
var fillingCache = []string{"--rate", "2000", "--keys", "8000", "--key-dist", "uniform", "--ttl", "1h",
	"--invalidate-rate", "0", "--duration", "5s", "--warmup", "0s", "--workers", "8", "--source-latency", "1ms", "--prewarm=false"}

func steadyRun(t *testing.T, args ...string) (report.Workload, string) {
	t.Helper()
	srv := testredis.Start(t)
	dir := t.TempDir()
	err, out, _ := cli(t, append([]string{"run", "--target", "t=" + srv.URL(), "--out", dir, "--max-error-rate", "1"}, args...)...)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	return readReport(t, dir).Targets[0].Workloads[0], out
}

func TestAFillingCacheIsNotSteady(t *testing.T) {
	w, out := steadyRun(t, fillingCache...)
	st := w.SteadyState
	if w.Steady == nil || *w.Steady || st == nil || st.HitRatio == nil || !st.HitRatio.Trending || st.HitRatio.Change <= 0 {
		t.Fatalf("steady %v, %+v, hit ratio %+v\n%s", w.Steady, st, st.HitRatio, out)
	}
	for _, want := range []string{"NOT STEADY: over 5 s: hit ratio rose", "advice: the cache was still filling (hit ratio rising): --prewarm fills it before measuring, or a longer --warmup (this run: 0s)",
		"(not steady)", "warning (not steady) t/default"} {
		if !strings.Contains(out, want) {
			t.Errorf("console lacks %q:\n%s", want, out)
		}
	}
}

// The same workload prewarmed starts with every key cached: its hit ratio
// holds.
func TestAPrewarmedCacheHoldsItsHitRatio(t *testing.T) {
	w, out := steadyRun(t, append(fillingCache[:len(fillingCache):len(fillingCache)], "--prewarm")...)
	st := w.SteadyState
	if st == nil || st.HitRatio == nil || st.HitRatio.Trending || w.HitRatio < 0.99 {
		t.Fatalf("hit ratio %v, %+v\n%s", w.HitRatio, st.HitRatio, out)
	}
	t.Logf("%s", w.SteadySentence())
}

// The default scenario is prewarmed, so its hit ratio holds over the
// window (throughput depends on what else the machine does, so it is only
// logged here; docs/report.md#steady-state).
func TestTheDefaultScenarioIsSteady(t *testing.T) {
	w, out := steadyRun(t, "--scenario", "default", "--duration", "5s")
	st := w.SteadyState
	if st == nil || st.Seconds < report.SteadyMinSeconds || st.HitRatio == nil || st.HitRatio.Trending {
		t.Fatalf("steady state %+v, hit ratio %+v\n%s", st, st.HitRatio, out)
	}
	t.Logf("%s", w.SteadySentence())
}
