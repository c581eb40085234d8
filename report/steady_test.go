package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// perSecond makes a workload's time series of one-second points from ops/s
// and hit ratios.
func perSecond(ops []int64, hr []float64) *Workload {
	w := &Workload{Name: "w", Reads: 1}
	for i := range ops {
		w.Timeseries = append(w.Timeseries, Point{TS: float64(i + 1), Ops: ops[i], HitRatio: hr[i]})
	}
	return w
}

func flat(n int, v float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = v
	}
	return out
}

func TestCheckSteady(t *testing.T) {
	// Seen on this machine: the default scenario without --prewarm (the
	// cache filling) and with it (level, the machine's noise in
	// throughput).
	fillingOps := []int64{12893, 17616, 15175, 20196, 31872, 25197, 43646, 57187}
	fillingHR := []float64{0.8287, 0.8843, 0.9222, 0.9364, 0.9533, 0.9617, 0.9682, 0.9734}
	warmOps := []int64{63652, 65517, 64912, 62540, 64598, 51224, 44971, 46286}
	warmHR := []float64{0.9773, 0.9767, 0.9765, 0.9746, 0.9761, 0.9761, 0.9745, 0.9774}
	for _, tc := range []struct {
		name       string
		w          *Workload
		hints      SteadyHints
		steady     string // "yes", "no" or "" (not decided)
		thr, hr    bool   // trending
		advice     string // a part of it
		notAdvice  string
		seconds    int
		sentenceIn string
	}{
		{name: "cache filling", w: perSecond(fillingOps, fillingHR), steady: "no", thr: true, hr: true,
			advice: "--prewarm fills it", seconds: 8, sentenceIn: "hit ratio rose 0.8843 → 0.9682"},
		{name: "cache filling, prewarmed, 1s warm-up", w: perSecond(fillingOps, fillingHR), hints: SteadyHints{Known: true, Prewarm: true, Warmup: time.Second},
			steady: "no", thr: true, hr: true, advice: "a longer --warmup (this run: 1s)", notAdvice: "--prewarm fills", seconds: 8},
		// The machine's other work took CPU from second 6 on.
		{name: "prewarmed, the machine slowed", w: perSecond(warmOps, warmHR), steady: "no", thr: true,
			advice: "throughput fell while the hit ratio held", seconds: 8, sentenceIn: "throughput fell 64912 → 46286 ops/s"},
		{name: "prewarmed, level", w: perSecond([]int64{27726, 30120, 24410, 26830, 29950, 21167, 25400, 27000}, warmHR),
			steady: "yes", seconds: 8, sentenceIn: "steady over 8 s"},
		{name: "throughput ramp, hit ratio level", w: perSecond([]int64{10000, 12000, 14000, 16000, 18000, 20000}, flat(6, 0.97)),
			steady: "no", thr: true, advice: "throughput rose while the hit ratio held", seconds: 6},
		{name: "hit ratio falling", w: perSecond([]int64{5000, 5010, 4990, 5000, 5005, 4995}, []float64{0.99, 0.97, 0.95, 0.93, 0.91, 0.89}),
			steady: "no", hr: true, advice: "the hit ratio fell", seconds: 6, sentenceIn: "hit ratio fell"},
		// Significant but small: 1% over the window is no trend that matters.
		{name: "monotonic but below the floor", w: perSecond([]int64{50000, 50050, 50100, 50150, 50200, 50250, 50300}, []float64{0.970, 0.971, 0.972, 0.973, 0.974, 0.975, 0.976}),
			steady: "yes", seconds: 7},
		// Large but not monotonic: one stalled second is no trend.
		{name: "one stall", w: perSecond([]int64{40000, 41000, 39000, 5000, 40500, 39500, 40200}, flat(7, 0.95)), steady: "yes", seconds: 7},
		{name: "too short", w: perSecond([]int64{100, 200, 300}, []float64{0.1, 0.5, 0.9}), steady: "", seconds: 3, sentenceIn: "needs 5"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := tc.w
			w.CheckSteady(tc.hints)
			st := w.SteadyState
			got := ""
			if w.Steady != nil {
				got = map[bool]string{true: "yes", false: "no"}[*w.Steady]
			}
			if got != tc.steady || st.Seconds != tc.seconds {
				t.Fatalf("steady %q over %d s, want %q over %d: %+v %+v %+v", got, st.Seconds, tc.steady, tc.seconds, st, st.Throughput, st.HitRatio)
			}
			if tc.steady != "" && (st.Throughput.Trending != tc.thr || st.HitRatio.Trending != tc.hr) {
				t.Errorf("trending: throughput %v hit ratio %v, want %v %v: %+v %+v", st.Throughput.Trending, st.HitRatio.Trending, tc.thr, tc.hr, st.Throughput, st.HitRatio)
			}
			if tc.advice != "" && !strings.Contains(st.Advice, tc.advice) || tc.advice == "" && st.Advice != "" {
				t.Errorf("advice %q, want %q", st.Advice, tc.advice)
			}
			if tc.notAdvice != "" && strings.Contains(st.Advice, tc.notAdvice) {
				t.Errorf("advice %q has %q", st.Advice, tc.notAdvice)
			}
			if s := w.SteadySentence(); !strings.Contains(s, tc.sentenceIn) {
				t.Errorf("sentence %q lacks %q", s, tc.sentenceIn)
			}
			t.Log(w.SteadySentence(), st.Advice)
		})
	}
}

// A trace replay is not held to a steady state: the trace sets its pace;
// nor is a window a fault disturbed.
func TestCheckSteadySkipsTraceReplays(t *testing.T) {
	w := perSecond([]int64{100, 200, 300, 400, 500, 600}, []float64{0.1, 0.2, 0.3, 0.4, 0.5, 0.6})
	w.Trace = &Trace{}
	w.CheckSteady(SteadyHints{})
	if w.Steady != nil || !strings.Contains(w.SteadySentence(), "trace replay") {
		t.Errorf("steady %v: %q", w.Steady, w.SteadySentence())
	}
	w.Trace, w.Faults = nil, []Fault{{}}
	w.CheckSteady(SteadyHints{})
	if w.Steady != nil || !strings.Contains(w.SteadySentence(), "fault") {
		t.Errorf("with a fault: steady %v: %q", w.Steady, w.SteadySentence())
	}
}

// The last interval of a run is often a sliver: its rate is left out.
func TestCheckSteadyDropsTheSliver(t *testing.T) {
	w := perSecond([]int64{1000, 1000, 1000, 1000, 1000}, flat(5, 0.9))
	w.Timeseries = append(w.Timeseries, Point{TS: 5.01, Ops: 1, HitRatio: 0})
	w.CheckSteady(SteadyHints{})
	if w.Steady == nil || !*w.Steady || w.SteadyState.Seconds != 5 {
		t.Fatalf("steady %v over %d s, want steady over 5", w.Steady, w.SteadyState.Seconds)
	}
}

// The verdict reaches report.json, the console summary and report.md.
func TestNotSteadyIsReported(t *testing.T) {
	w := perSecond([]int64{12893, 17616, 15175, 20196, 31872, 25197, 43646, 57187},
		[]float64{0.8287, 0.8843, 0.9222, 0.9364, 0.9533, 0.9617, 0.9682, 0.9734})
	w.Ops, w.DurationS = 223780, 8
	w.CheckSteady(SteadyHints{})
	r := &Report{SchemaVersion: SchemaVersion, Targets: []Target{{Name: "t", Workloads: []Workload{*w}}}}
	js, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"steady":false`, `"steady_state":{"seconds":8`, `"trending":true`, `"advice":"the cache was still filling`} {
		if !bytes.Contains(js, []byte(want)) {
			t.Errorf("report.json lacks %s", want)
		}
	}
	var con bytes.Buffer
	Summary(&con, r)
	for _, want := range []string{"yes (not steady)", "warning (not steady) t/w: not steady over 8 s: hit ratio rose", "--prewarm"} {
		if !strings.Contains(con.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, con.String())
		}
	}
	var md bytes.Buffer
	workloadSection(&md, &r.Targets[0], &r.Targets[0].Workloads[0], &workloadLayout{})
	if !strings.Contains(md.String(), "> **Not steady** over 8 s: hit ratio rose") {
		t.Errorf("report.md lacks the warning:\n%s", md.String())
	}
}

func TestCombineRepeatsSteady(t *testing.T) {
	level := perSecond([]int64{1000, 1010, 990, 1000, 1005}, flat(5, 0.9))
	ramp := perSecond([]int64{1000, 1010, 990, 1000, 1005}, []float64{0.5, 0.6, 0.7, 0.8, 0.9})
	level.CheckSteady(SteadyHints{})
	ramp.CheckSteady(SteadyHints{})
	w, err := CombineRepeats([]*Workload{level, ramp})
	if err != nil {
		t.Fatal(err)
	}
	if w.Steady == nil || *w.Steady || w.SteadyState.Repeat != 2 || !w.SteadyState.HitRatio.Trending {
		t.Fatalf("combined: steady %v, %+v", w.Steady, w.SteadyState)
	}
	w, _ = CombineRepeats([]*Workload{level, level})
	if w.Steady == nil || !*w.Steady || w.SteadyState.Repeat != 1 {
		t.Fatalf("combined level repeats: steady %v, %+v", w.Steady, w.SteadyState)
	}
}
