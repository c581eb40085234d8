package gate

import (
	"encoding/json"
	"math"
	"path/filepath"
	"testing"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"

	"github.com/cacheaside/bench/report"
)

// spread returns n latencies (ns) with median near base and a heavy tail:
// base·(½/(1−u))^shape at u = (i+½)/n, a deterministic Pareto-like shape.
func spread(n int, base time.Duration, shape float64) []int64 {
	out := make([]int64, n)
	for i := range out {
		u := (float64(i) + 0.5) / float64(n)
		out[i] = int64(float64(base) * math.Pow(0.5/(1-u), shape))
	}
	return out
}

// latency summarises values (ns) as a run does.
func latency(t testing.TB, values []int64) report.Latency {
	t.Helper()
	h := hdrhistogram.New(1000, int64(60*time.Second), 3)
	for _, v := range values {
		if err := h.RecordValue(v); err != nil {
			t.Fatalf("record %d: %v", v, err)
		}
	}
	return report.NewLatency(h)
}

// ratio is a/b to 0.01, 0 when either is missing, as a speedup is stored.
func ratio(a, b float64) float64 {
	if a <= 0 || b <= 0 {
		return 0
	}
	return round(a/b, 2)
}

// mixedReport reads testdata/mixed.json: a run of scenario "mixed" (workloads
// mixed/naive and mixed/lease) on target a and a slower target b, with
// errors, stale reads, a herd and an invalid workload on b.
func mixedReport(t testing.TB) *report.Report {
	t.Helper()
	r, err := report.Read(filepath.Join("testdata", "mixed.json"))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// cacheWorkload builds a workload of n reads, 90% hits around hitMs and
// 10% misses around missMs, closed loop with 8 workers: throughput follows
// the mean read latency, as in a closed loop.
func cacheWorkload(t testing.TB, name string, hitMs, missMs float64, n int) report.Workload {
	t.Helper()
	ms := func(v float64) time.Duration { return time.Duration(v * float64(time.Millisecond)) }
	hits := spread(n*9/10, ms(hitMs), 0.3)
	misses := spread(n/10, ms(missMs), 0.1)
	read := append(append([]int64{}, hits...), misses...)
	lat := map[string]report.Latency{
		"read": latency(t, read),
		"hit":  latency(t, hits),
		"miss": latency(t, misses),
	}
	hit, miss := lat["hit"], lat["miss"]
	dur := float64(n) * lat["read"].MeanMs / 1000 / 8
	w := report.Workload{
		Name: name, Strategy: "naive", DurationS: round(dur, 3), Workers: 8,
		Ops: int64(n), Reads: int64(n), Hits: int64(len(hits)), Misses: int64(len(misses)),
		ThroughputOpsS: round(float64(n)/dur, 1), HitRatio: round(float64(len(hits))/float64(n), 4),
		Errors:  map[string]int64{},
		Source:  report.Source{Calls: int64(len(misses)), PeakInFlight: 4},
		Latency: lat,
		Speedup: report.Speedup{Mean: ratio(miss.MeanMs, hit.MeanMs), P50: ratio(miss.P50Ms, hit.P50Ms), P99: ratio(miss.P99Ms, hit.P99Ms)},
	}
	for i := 1; i <= 3; i++ {
		w.Timeseries = append(w.Timeseries, report.Point{TS: float64(i), Ops: int64(n / 3), HitRatio: 0.9, P50Ms: hitMs, P99Ms: missMs})
	}
	return w
}

// cacheReport builds a run of one target "local" with one workload
// "read-heavy/naive" repeated repeats times (0: a single run), each repeat
// a little faster or slower than the last (by up to ±jitter/2).
func cacheReport(t testing.TB, runID string, hitMs, missMs float64, repeats int, jitter float64) *report.Report {
	t.Helper()
	sc, err := json.Marshal(map[string]any{"name": "read-heavy", "seed": 1, "workloads": []map[string]any{{"name": "read-heavy/naive", "strategy": "naive"}}})
	if err != nil {
		t.Fatal(err)
	}
	w := cacheWorkload(t, "read-heavy/naive", hitMs, missMs, 1000)
	for k := range repeats {
		f := 1 + jitter*(float64(k)/float64(max(repeats-1, 1))-0.5)
		rw := cacheWorkload(t, w.Name, hitMs*f, missMs*f, 1000)
		w.Repeats = append(w.Repeats, report.NewRepeatSummary(&rw))
	}
	return &report.Report{
		SchemaVersion: report.SchemaVersion, RunID: runID, Command: "run", Scenario: sc,
		StartedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		Targets: []report.Target{{Name: "local", Verification: &report.Verification{Passed: true},
			Workloads: []report.Workload{w}}},
	}
}
