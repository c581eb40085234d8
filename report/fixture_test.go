package report

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
)

// The fixtures below are built from fixed values, so every histogram, its
// encoding and every rendered file are the same on every run.

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

// latencyHist records values (ns) into a histogram of the project's geometry.
func latencyHist(t testing.TB, values []int64) *hdrhistogram.Histogram {
	t.Helper()
	h := hdrhistogram.New(1000, int64(60*time.Second), 3)
	for _, v := range values {
		if err := h.RecordValue(v); err != nil {
			t.Fatalf("record %d: %v", v, err)
		}
	}
	return h
}

// valueHist records plain values into a value histogram.
func valueHist(t testing.TB, values []int64) *hdrhistogram.Histogram {
	t.Helper()
	h := hdrhistogram.New(1, 1e9, 2)
	for _, v := range values {
		if err := h.RecordValue(v); err != nil {
			t.Fatalf("record %d: %v", v, err)
		}
	}
	return h
}

// values summarises a value histogram as the scenario does.
func values(t testing.TB, h *hdrhistogram.Histogram) *Values {
	t.Helper()
	enc, err := h.Encode(hdrhistogram.V2CompressedEncodingCookieBase)
	if err != nil {
		t.Fatal(err)
	}
	return &Values{Count: h.TotalCount(), Mean: round(h.Mean(), 3), P50: float64(h.ValueAtQuantile(50)),
		P99: float64(h.ValueAtQuantile(99)), Max: float64(h.Max()), HDR: string(enc)}
}

// fixtureWorkload builds a workload whose latencies scale with slow (1 for
// the first target, more for a slower one).
func fixtureWorkload(t testing.TB, name, strategy string, slow float64, n int) Workload {
	t.Helper()
	d := func(ms float64) time.Duration { return time.Duration(ms * slow * float64(time.Millisecond)) }
	hits := spread(n*9/10, d(0.2), 0.35)
	misses := spread(n/10, 25*time.Millisecond+d(0.4), 0.15)
	read := append(append([]int64{}, hits...), misses...)
	lat := map[string]Latency{
		"read":      NewLatency(latencyHist(t, read)),
		"hit":       NewLatency(latencyHist(t, hits)),
		"miss":      NewLatency(latencyHist(t, misses)),
		"write":     NewLatency(latencyHist(t, spread(n/50, 5*time.Millisecond+d(0.3), 0.2))),
		"redis_get": NewLatency(latencyHist(t, spread(n, d(0.15), 0.3))),
		"redis_set": NewLatency(latencyHist(t, spread(n/10, d(0.18), 0.3))),
		"source":    NewLatency(latencyHist(t, spread(n/10, 25*time.Millisecond, 0.15))),
	}
	hit, miss := lat["hit"], lat["miss"]
	ops := int64(n + n/50)
	w := Workload{
		Name: name, Strategy: strategy, DurationS: 3, Workers: 8,
		Ops: ops, Reads: int64(n), Hits: int64(len(hits)), Misses: int64(len(misses)), Writes: int64(n / 50),
		ThroughputOpsS: round(float64(ops)/3/slow, 1), HitRatio: round(float64(len(hits))/float64(n), 4),
		Errors:  map[string]int64{},
		Source:  Source{Calls: int64(len(misses)) + 7, Writes: int64(n / 50), PeakInFlight: 8},
		Latency: lat,
		Speedup: Speedup{Mean: ratio(miss.MeanMs, hit.MeanMs), P50: ratio(miss.P50Ms, hit.P50Ms), P99: ratio(miss.P99Ms, hit.P99Ms)},
	}
	per := ops / 3
	for i := 1; i <= 3; i++ {
		w.Timeseries = append(w.Timeseries, Point{TS: float64(i), Ops: per + int64(i*10), HitRatio: round(0.8+0.05*float64(i), 4),
			P50Ms: round(0.2*slow, 4), P99Ms: round(float64(20+i)*slow, 4)})
	}
	return w
}

// fixtureReport builds a run of scenario "mixed" on the named targets; the
// second and later targets are slower, with appendfsync always.
func fixtureReport(t testing.TB, targets ...string) *Report {
	t.Helper()
	sc, err := json.Marshal(map[string]any{
		"name": "mixed", "description": "two strategies over a hot key space", "seed": 7,
		"workloads": []map[string]any{
			{"name": "mixed/naive", "strategy": "naive", "duration": "3s", "workers": 8, "keys": 1000000, "ttl_jitter": 0.1},
			{"name": "mixed/lease", "strategy": "lease", "duration": "3s", "workers": 8, "keys": 1000000, "ttl_jitter": 0.1},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	r := &Report{
		SchemaVersion: SchemaVersion,
		Tool:          Tool{Name: "cacheaside-bench", Version: "test", Go: "go1.26"},
		RunID:         "f1x7u2e0",
		StartedAt:     time.Date(2026, 1, 2, 3, 4, 5, 600, time.UTC),
		FinishedAt:    time.Date(2026, 1, 2, 3, 4, 35, 0, time.UTC),
		Command:       "run",
		Scenario:      sc,
	}
	for i, name := range targets {
		slow := 1 + 0.5*float64(i)
		tg := Target{
			Name: name, URL: "redis://127.0.0.1:" + itoa(int64(6380+i)),
			Server: Server{Product: "redis", Version: "7.0.15", Mode: "standalone", Persistence: "off", AppendFsync: "everysec",
				MaxMemoryPolicy: "noeviction", PingRTTMs: 0.05},
			Verification: &Verification{CacheMissOK: true, CacheHitOK: true, CacheHitFaster: true, InvalidationOK: true,
				MissLatencyMs: 50.4, HitLatencyMs: 0.1, Speedup: 504, TTLOK: true, Passed: true},
			KeysRemoved: 1234,
		}
		if i > 0 {
			tg.Server.Persistence, tg.Server.AppendFsync = "aof", "always"
			tg.Server.Product, tg.Server.Version, tg.Server.CompatVersion = "valkey", "8.0.1", "7.2.4"
			tg.Server.Warnings = []string{"appendfsync always: every cache fill waits for a disk sync"}
		}
		naive := fixtureWorkload(t, "mixed/naive", "naive", slow, 2000)
		naive.Source.Herd = values(t, valueHist(t, []int64{1, 1, 1, 2, 3, 1, 1, 9}))
		naive.Source.CallsPerExpiryExpected = ptr(1.25)
		naive.StaleReads, naive.StaleReadRatio = 3, 0.0015
		naive.Staleness = &Staleness{RatioCILow: 0.0005, RatioCIHigh: 0.0044,
			VersionLag: values(t, valueHist(t, []int64{1, 1, 2})),
			AuditKeys:  100, AuditStale: 1}
		age := NewLatency(latencyHist(t, spread(3, 2*time.Millisecond, 0.2)))
		naive.Staleness.Age = &age
		naive.Errors = map[string]int64{"timeout": int64(2 * (i + 1))}
		naive.Client = &Client{CPUUtil: 0.42, GOMAXPROCS: 2, GCPauses: 12, GCPauseP99Ms: 0.2, GCPauseMaxMs: 0.31}
		naive.Latency["service"] = naive.Latency["read"] // the closed loop
		naive.ServerTimeseries = []ServerPoint{
			{TS: 1, CPUPct: 41.5, UsedMemory: 3 << 20, KeyspaceHits: 950, KeyspaceMisses: 50, Ops: 1120, ConnectedClients: 9, NetInBytes: 61440, NetOutBytes: 204800},
			{TS: 2, CPUPct: 43, UsedMemory: 3<<20 + 1<<19, ExpiredKeys: 3, KeyspaceHits: 960, KeyspaceMisses: 40, Ops: 1100, ConnectedClients: 9, NetInBytes: 60416, NetOutBytes: 206848},
		}
		naive.ServerWindow = &ServerWindow{Nodes: 1, Commands: 2220, GetCalls: 2000, SetCalls: 90, DelCalls: 20, CommandStats: true,
			KeyspaceHits: 1910, KeyspaceMisses: 90, ExpiredKeys: 3}
		lease := fixtureWorkload(t, "mixed/lease", "lease", slow, 1000)
		lease.Latency["service"] = NewLatency(latencyHist(t, spread(1000, 150*time.Microsecond, 0.4)))
		lease.Latency["lag"] = NewLatency(latencyHist(t, spread(1000, 20*time.Microsecond, 0.5)))
		lease.Counters = map[string]int64{"lease_waits": 40, "coalesced_waits": 3}
		lease.TargetRateOpsS, lease.AchievedRateOpsS = 700, 680.5
		lease.HitRatioExpected = ptr(0.9)
		lease.Warnings = []string{"measured hit ratio 0.9000 matches the expected 0.9000"}
		if i > 0 {
			lease.Invalid = []string{"achieved rate 680 ops/s is short of the target 700 ops/s by more than 1%"}
		}
		tg.Workloads = []Workload{naive, lease}
		r.Targets = append(r.Targets, tg)
	}
	return r
}

func ptr[T any](v T) *T { return &v }
