package main

import (
	"io"
	"math"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseRedisBenchmarkCSV(t *testing.T) {
	for _, tc := range []struct {
		name string
		out  string
		want float64
		ok   bool
	}{
		{"redis 7", "\"test\",\"rps\",\"avg_latency_ms\"\n\"GET\",\"90090.09\",\"0.300\"\n", 90090.09, true},
		{"after progress lines", "GET: rps=1.0\r\"test\",\"rps\"\n\"GET\",\"12.5\"\n", 12.5, true},
		{"no GET line", "\"SET\",\"100\"\n", 0, false},
		{"empty", "", 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseRedisBenchmarkCSV([]byte(tc.out))
			if (err == nil) != tc.ok || got != tc.want {
				t.Errorf("got %v, %v; want %v, ok %v", got, err, tc.want, tc.ok)
			}
		})
	}
}

func TestParseMemtierJSON(t *testing.T) {
	for _, tc := range []struct {
		name     string
		js       string
		ops, hit float64
		ok       bool
	}{
		{"hits", `{"ALL STATS":{"Gets":{"Ops/sec":100.5,"Hits/sec":75.375,"Misses/sec":25.125},"Sets":{"Ops/sec":0}}}`, 100.5, 0.75, true},
		{"no gets", `{"ALL STATS":{"Sets":{"Ops/sec":10}}}`, 0, 0, false},
		{"not JSON", `Gets 100`, 0, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := parseMemtierJSON([]byte(tc.js))
			if (err == nil) != tc.ok || m.opsPerSec != tc.ops || (tc.ok && math.Abs(m.hitRatio-tc.hit) > 1e-9) {
				t.Errorf("got %+v, %v; want %v ops/s, hit ratio %v, ok %v", m, err, tc.ops, tc.hit, tc.ok)
			}
		})
	}
}

func TestMedianAndRatios(t *testing.T) {
	for _, tc := range []struct {
		xs   []float64
		want float64
	}{{nil, 0}, {[]float64{3}, 3}, {[]float64{5, 1, 3}, 3}, {[]float64{4, 1, 3, 2}, 2.5}} {
		in := slices.Clone(tc.xs)
		if got := median(tc.xs); got != tc.want {
			t.Errorf("median(%v) = %v, want %v", tc.xs, got, tc.want)
		}
		if !slices.Equal(in, tc.xs) {
			t.Errorf("median reordered its argument: %v", tc.xs)
		}
	}
	a := []measure{{opsPerSec: 110}, {opsPerSec: 90}}
	b := []measure{{opsPerSec: 100}, {opsPerSec: 0}}
	if got := ratios(a, b); !slices.Equal(got, []float64{1.1}) {
		t.Errorf("ratios = %v, want [1.1] (a zero divisor skipped)", got)
	}
	m := measure{cpu: 3 * time.Millisecond, ops: 1000}
	if got := m.cpuPerOp(); got != 3 {
		t.Errorf("cpuPerOp = %v µs, want 3", got)
	}
}

func TestParseFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		ok   bool
	}{
		{nil, true},
		{[]string{"-rounds", "3", "-duration", "2s", "-resp", "2"}, true},
		{[]string{"-rounds", "0"}, false},
		{[]string{"-resp", "4"}, false},
		{[]string{"extra"}, false},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			_, err := parseFlags(tc.args, io.Discard)
			if (err == nil) != tc.ok {
				t.Errorf("parseFlags(%q) = %v", tc.args, err)
			}
		})
	}
}

func TestParseFigures(t *testing.T) {
	f := parseFigures([]byte("maxrss_mb=29.5\nnoise\nops_s=4924\nbad=x\n"))
	if f["maxrss_mb"] != 29.5 || f["ops_s"] != 4924 || len(f) != 2 {
		t.Errorf("figures %v", f)
	}
}

// TestNearPlan: the near section's workload is the hit-only one with the
// near strategy and a near cache that holds every key.
func TestNearPlan(t *testing.T) {
	e := &env{o: options{workers: 8, keys: 1234, valueSize: 100, duration: time.Second}}
	plan, err := e.nearPlan()
	if err != nil {
		t.Fatal(err)
	}
	w := plan.Workloads()[0]
	if w.Strategy != "near" || w.NearSize != 1234 || w.Keys != 1234 || !w.Prewarm || w.InvalidateRate != 0 || w.Workers != 8 {
		t.Errorf("near workload %+v", w)
	}
}
