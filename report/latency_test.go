package report

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"

	"github.com/cacheaside/bench/bench"
)

func TestNewLatency(t *testing.T) {
	t.Run("nil and empty", func(t *testing.T) {
		for _, h := range []*hdrhistogram.Histogram{nil, bench.NewHistogram()} {
			if l := NewLatency(h); l != (Latency{}) {
				t.Errorf("NewLatency = %+v, want zero", l)
			}
		}
	})
	t.Run("percentiles", func(t *testing.T) {
		// 1..1000 ms in 1 ms steps: p50 = 500, p90 = 900, p99 = 990, p99.9 = 999.
		h := bench.NewHistogram()
		for i := 1; i <= 1000; i++ {
			if err := h.RecordValue(int64(i) * int64(time.Millisecond)); err != nil {
				t.Fatal(err)
			}
		}
		l := NewLatency(h)
		for _, c := range []struct {
			name      string
			got, want float64
		}{
			{"mean", l.MeanMs, 500.5}, {"p50", l.P50Ms, 500}, {"p90", l.P90Ms, 900},
			{"p99", l.P99Ms, 990}, {"p99.9", l.P999Ms, 999}, {"max", l.MaxMs, 1000},
		} {
			if math.Abs(c.got-c.want) > 0.001*c.want { // 3 significant digits
				t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
			}
		}
		if l.Count != 1000 {
			t.Errorf("count %d", l.Count)
		}
		back, err := hdrhistogram.Decode([]byte(l.HDR))
		if err != nil {
			t.Fatalf("hdr does not decode: %v", err)
		}
		if !back.Equals(h) {
			t.Error("decoded hdr differs from the histogram")
		}
	})
}

func TestFromBench(t *testing.T) {
	rec := func(ms ...float64) *hdrhistogram.Histogram {
		h := bench.NewHistogram()
		for _, v := range ms {
			if err := h.RecordValue(int64(v * float64(time.Millisecond))); err != nil {
				t.Fatal(err)
			}
		}
		return h
	}
	t.Run("speedup and histograms", func(t *testing.T) {
		res := &bench.Result{
			Name: "w", Workers: 4, Elapsed: 2 * time.Second,
			Ops: 13, Hits: 8, Misses: 2, Writes: 2, Errors: map[string]int64{"timeout": 1},
			Read:     rec(1, 1, 1, 1, 1, 1, 1, 1, 40, 40, 1),
			Hit:      rec(1, 1, 1, 1, 1, 1, 1, 1),
			Miss:     rec(40, 40),
			WriteLat: rec(5, 5),
			Extra:    map[string]*hdrhistogram.Histogram{"redis_get": rec(0.5), "redis_del": bench.NewHistogram()},
			Timeseries: []bench.Interval{
				{T: time.Second, Ops: 6, Reads: 5, Hits: 4, P50: time.Millisecond, P99: 40 * time.Millisecond},
				{T: 2 * time.Second, Ops: 7, Reads: 5, Hits: 4, Errors: 1},
				{T: 3 * time.Second},
			},
		}
		w := FromBench(res)
		for _, v := range []float64{w.Speedup.Mean, w.Speedup.P50, w.Speedup.P99} {
			if math.Abs(v-40) > 0.1 { // the histogram's 3 significant digits
				t.Errorf("speedup %+v, want 40 at mean, p50 and p99", w.Speedup)
			}
		}
		if w.Reads != 10 || w.HitRatio != 0.8 || w.ThroughputOpsS != 6.5 || w.DurationS != 2 {
			t.Errorf("reads %d, hit ratio %v, throughput %v, duration %v", w.Reads, w.HitRatio, w.ThroughputOpsS, w.DurationS)
		}
		for _, name := range []string{"read", "hit", "miss", "write", "redis_get"} {
			if l, ok := w.Latency[name]; !ok || l.Count == 0 || l.HDR == "" {
				t.Errorf("latency %s missing or empty: %+v", name, l)
			}
		}
		if _, ok := w.Latency["redis_del"]; ok {
			t.Error("an empty histogram is in the report")
		}
		if w.Errors["timeout"] != 1 {
			t.Errorf("errors %v", w.Errors)
		}
		res.Errors["timeout"] = 99
		if w.Errors["timeout"] != 1 {
			t.Error("errors share the engine's map")
		}
		if len(w.Timeseries) != 3 || w.Timeseries[0].HitRatio != 0.8 || w.Timeseries[0].P99Ms != 40 ||
			w.Timeseries[1].Errors != 1 || w.Timeseries[2].HitRatio != 0 || w.Timeseries[2].TS != 3 {
			t.Errorf("timeseries %+v", w.Timeseries)
		}
	})
	t.Run("no hits", func(t *testing.T) {
		w := FromBench(&bench.Result{Name: "cold", Misses: 3, Ops: 3, Elapsed: time.Second, Miss: rec(10, 10, 10),
			Read: rec(10, 10, 10), Hit: bench.NewHistogram()})
		if w.Speedup != (Speedup{}) {
			t.Errorf("speedup %+v without hits, want zero", w.Speedup)
		}
		if w.HitRatio != 0 || w.Errors == nil || w.Latency == nil || w.Timeseries == nil {
			t.Errorf("hit ratio %v, errors %v, latency %v, timeseries %v", w.HitRatio, w.Errors, w.Latency, w.Timeseries)
		}
	})
	t.Run("open loop, client and counters", func(t *testing.T) {
		res := &bench.Result{Name: "open", Ops: 2, Hits: 2, Elapsed: time.Second, Read: rec(1, 1), Hit: rec(1, 1),
			Service: rec(0.5, 0.5), Lag: rec(0.25, 0.75), TargetRate: 2000, AchievedRate: 1987.65,
			Invalid: []string{"rate short"}, Warnings: []string{"w"}, Counters: map[string]int64{"lease_waits": 3},
			Client: bench.ClientStats{CPUUtil: 0.5, GOMAXPROCS: 2, GCPauses: 4, GCPauseP99: 200 * time.Microsecond, Bound: true,
				CPUWait: 12500 * time.Microsecond, CPUWaitOK: true, Preemptions: 37}}
		w := FromBench(res)
		if w.Latency["service"].Count != 2 || w.Latency["lag"].Count != 2 {
			t.Errorf("service %+v, lag %+v", w.Latency["service"], w.Latency["lag"])
		}
		if w.TargetRateOpsS != 2000 || w.AchievedRateOpsS != 1987.7 {
			t.Errorf("rates %v, %v", w.TargetRateOpsS, w.AchievedRateOpsS)
		}
		// Lag p99 0.75 ms exceeds service p50 0.5 ms: generator-dominated.
		if len(w.Invalid) != 1 || len(w.Warnings) != 2 || !strings.HasPrefix(w.Warnings[1], "generator-dominated: lag p99 0.750 ms exceeds service p50 0.500 ms") ||
			w.Counters["lease_waits"] != 3 {
			t.Errorf("invalid %v, warnings %v, counters %v", w.Invalid, w.Warnings, w.Counters)
		}
		if c := w.Client; c == nil || !c.Bound || c.GOMAXPROCS != 2 || c.GCPauseP99Ms != 0.2 || c.CPUUtil != 0.5 ||
			c.CPUWaitMs == nil || *c.CPUWaitMs != 12.5 || c.Preemptions != 37 {
			t.Errorf("client %+v", c)
		}
		// The warning names the wait for a CPU, per second of the 1 s measured.
		if want := "; its threads waited 12.5 ms for a CPU other tasks held (12.5 ms a second), taken from them 37 times"; len(w.Warnings) < 2 || !strings.HasSuffix(w.Warnings[1], want) {
			t.Errorf("warnings %q, want the second to end %q", w.Warnings, want)
		}
		var md bytes.Buffer
		workloadSection(&md, &Target{Name: "t"}, &w, &workloadLayout{})
		if !strings.Contains(md.String(), "timeouts 0; its threads waited 12.5 ms for a CPU") {
			t.Errorf("report.md's client line does not give the wait for a CPU:\n%s", md.String())
		}
		res.Client.CPUWaitOK = false // unknown on this system: said nowhere
		if w := FromBench(res); w.Client.CPUWaitMs != nil || strings.Contains(w.Warnings[1], "for a CPU") {
			t.Errorf("unknown wait: client %+v, warnings %q", w.Client, w.Warnings)
		}
		res.Client.CPUWaitOK = true
		if !w.HasReason(ReasonClientBound) || !w.HasReason(ReasonGeneratorDominated) || w.HasReason(ReasonTooManyErrors) {
			t.Errorf("reason kinds %v, want client-bound and generator-dominated", w.ReasonKinds)
		}
		res.Lag = rec(0.25, 0.5) // lag p99 = service p50: the server's
		if w := FromBench(res); w.HasReason(ReasonGeneratorDominated) || len(w.Warnings) != 1 {
			t.Errorf("lag p99 = service p50: reasons %v, warnings %v", w.ReasonKinds, w.Warnings)
		}
	})
	t.Run("timing", func(t *testing.T) {
		c := bench.Calibration{Mode: "spin", Lag: rec(0.001, 0.002, 0.004), RTT: rec(0.04, 0.05, 0.09), CPUUtil: 0.5, GOMAXPROCS: 1, CPUPerOp: 350 * time.Microsecond}
		tm := NewTiming(c)
		if tm.Mode != "spin" || tm.LagP50Ms != 0.002 || tm.LagP99Ms != 0.0041 || tm.RTTP50Ms != 0.0502 || tm.RTTP99Ms != 0.0901 || tm.CPUUtil != 0.5 || tm.CPUPerOpUs != 350 {
			t.Errorf("timing %+v", tm)
		}
		if got, want := tm.String(1), "timing: spin, lag p50 0.002 ms p99 0.004 ms, round trip p50 0.050 ms p99 0.090 ms, pacing CPU 50% of 1 cores (350.0 µs/op)"; got != want {
			t.Errorf("line %q, want %q", got, want)
		}
	})
	t.Run("empty result", func(t *testing.T) {
		w := FromBench(&bench.Result{Name: "nothing"})
		if w.ThroughputOpsS != 0 || len(w.Latency) != 0 || w.Speedup != (Speedup{}) || w.Client != nil ||
			w.Invalid != nil || w.Counters != nil || w.TargetRateOpsS != 0 {
			t.Errorf("%+v", w)
		}
	})
}

// TestMergeClientCPUWait: shards' waits for a CPU add up, and a shard that
// could not measure its own leaves the others' total standing.
func TestMergeClientCPUWait(t *testing.T) {
	ms := func(f float64) *float64 { return &f }
	got := mergeClient(&Client{CPUWaitMs: ms(2.5), Preemptions: 3}, &Client{CPUWaitMs: ms(4), Preemptions: 5})
	if got.CPUWaitMs == nil || *got.CPUWaitMs != 6.5 || got.Preemptions != 8 {
		t.Errorf("merged %+v, want 6.5 ms and 8 preemptions", got)
	}
	got = mergeClient(&Client{CPUWaitMs: ms(2.5), Preemptions: 3}, &Client{Preemptions: 1})
	if got.CPUWaitMs == nil || *got.CPUWaitMs != 2.5 || got.Preemptions != 4 {
		t.Errorf("merged with an unknown wait %+v, want 2.5 ms and 4 preemptions", got)
	}
	got = mergeClient(&Client{}, &Client{CPUWaitMs: ms(1)})
	if got.CPUWaitMs == nil || *got.CPUWaitMs != 1 {
		t.Errorf("merged into an unknown wait %+v, want 1 ms", got)
	}
}
