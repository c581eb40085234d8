package report

import (
	"bytes"
	"strings"
	"testing"
)

func TestNewServerLatency(t *testing.T) {
	for _, tc := range []struct {
		name           string
		buckets        []ServerLatencyBucket
		count          int64
		p50, p99, p999 float64
	}{
		{"empty", nil, 0, 0, 0, 0},
		{"one bucket", []ServerLatencyBucket{{LeUs: 2, Count: 7}}, 7, 0.002, 0.002, 0.002},
		// 1000 calls: 600 ≤ 1 µs, 390 ≤ 4 µs, 9 ≤ 33 µs, 1 ≤ 1048 µs.
		{"tail", []ServerLatencyBucket{{33, 9}, {1, 600}, {4, 390}, {1048, 1}}, 1000, 0.001, 0.004, 0.033},
		// 10000 calls, the p99.9's rank (9990) in the last bucket.
		{"rank at the edge", []ServerLatencyBucket{{1, 5000}, {2, 4989}, {131, 11}}, 10000, 0.001, 0.002, 0.131},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := NewServerLatency(tc.buckets)
			if l.Count != tc.count || l.P50Ms != tc.p50 || l.P99Ms != tc.p99 || l.P999Ms != tc.p999 {
				t.Errorf("got count %d p50 %v p99 %v p99.9 %v, want %d %v %v %v", l.Count, l.P50Ms, l.P99Ms, l.P999Ms, tc.count, tc.p50, tc.p99, tc.p999)
			}
			for i := 1; i < len(l.Buckets); i++ {
				if l.Buckets[i].LeUs <= l.Buckets[i-1].LeUs {
					t.Errorf("buckets %v not ascending", l.Buckets)
				}
			}
		})
	}
}

func TestCombineRepeatsServerLatency(t *testing.T) {
	a := &Workload{DurationS: 1, Latency: map[string]Latency{}, ServerLatency: map[string]ServerLatency{
		"get": NewServerLatency([]ServerLatencyBucket{{1, 90}, {8, 10}})}}
	b := &Workload{DurationS: 1, Latency: map[string]Latency{}, ServerLatency: map[string]ServerLatency{
		"get": NewServerLatency([]ServerLatencyBucket{{1, 10}, {16, 90}}), "set": NewServerLatency([]ServerLatencyBucket{{2, 5}})}}
	w, err := CombineRepeats([]*Workload{a, b})
	if err != nil {
		t.Fatal(err)
	}
	g := w.ServerLatency["get"]
	// 100 calls ≤ 1 µs (the p50's rank, 100, is the last of them), 10 ≤ 8 µs, 90 ≤ 16 µs.
	if g.Count != 200 || g.P50Ms != 0.001 || g.P99Ms != 0.016 || len(g.Buckets) != 3 || g.Buckets[1] != (ServerLatencyBucket{8, 10}) {
		t.Errorf("get %+v: want 200 calls in 3 buckets, p50 in the 1 µs bucket, p99 in the 16 µs one", g)
	}
	if w.ServerLatency["set"].Count != 5 {
		t.Errorf("set %+v: want the one repeat's 5 calls", w.ServerLatency["set"])
	}
	c := &Workload{DurationS: 1, Latency: map[string]Latency{}, ServerLatencyNote: "refused"}
	if w, _ := CombineRepeats([]*Workload{a, c}); w.ServerLatency != nil || w.ServerLatencyNote != "refused" {
		t.Errorf("a repeat without: latency %v, note %q; want none and its note", w.ServerLatency, w.ServerLatencyNote)
	}
}

func TestServerLatencySection(t *testing.T) {
	w := &Workload{Latency: map[string]Latency{"redis_get": {Count: 100, P50Ms: 0.05, P99Ms: 0.2, P999Ms: 0.9}},
		ServerLatency: map[string]ServerLatency{"get": NewServerLatency([]ServerLatencyBucket{{1, 99}, {4, 1}})}}
	var b bytes.Buffer
	serverLatencySection(&b, w)
	for _, want := range []string{"| GET on the server (≤ bucket bound) | 100 | 0.001 | 0.001 | 0.004 |", "| GET at the client (redis_get) | 100 | 0.050 | 0.200 | 0.900 |", "err high"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("section lacks %q:\n%s", want, b.String())
		}
	}
	if strings.Contains(b.String(), "SET") {
		t.Errorf("a SET row without SETs:\n%s", b.String())
	}
	b.Reset()
	serverLatencySection(&b, &Workload{ServerLatencyNote: "the emulator refused LATENCY HISTOGRAM"})
	if !strings.Contains(b.String(), "not available (the emulator refused") {
		t.Errorf("no note:\n%s", b.String())
	}
}
