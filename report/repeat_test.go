package report

import "testing"

func TestCombineRepeatsAddsInSequence(t *testing.T) {
	a := Workload{Name: "w", Workers: 4, DurationS: 2, Ops: 200, Reads: 180, Hits: 150, Misses: 30, Writes: 20,
		ThroughputOpsS: 100, Source: Source{Calls: 30}, Errors: map[string]int64{},
		Latency:    map[string]Latency{"read": NewLatency(latencyHist(t, []int64{1e6, 2e6, 3e6}))},
		Timeseries: []Point{{TS: 1, Ops: 100}, {TS: 2, Ops: 100}}}
	b := a
	b.Ops, b.Reads, b.Hits, b.Misses, b.ThroughputOpsS = 400, 380, 370, 10, 200
	b.Invalid = []string{"rate: short"}
	b.Latency = map[string]Latency{"read": NewLatency(latencyHist(t, []int64{4e6}))}
	w, err := CombineRepeats([]*Workload{&a, &b})
	if err != nil {
		t.Fatal(err)
	}
	if w.Ops != 600 || w.Reads != 560 || w.Hits != 520 || w.DurationS != 4 || w.ThroughputOpsS != 150 || w.Workers != 4 {
		t.Errorf("combined: ops %d reads %d hits %d duration %v throughput %v workers %d",
			w.Ops, w.Reads, w.Hits, w.DurationS, w.ThroughputOpsS, w.Workers)
	}
	if w.Latency["read"].Count != 4 {
		t.Errorf("read histogram count %d, want 4", w.Latency["read"].Count)
	}
	if len(w.Repeats) != 2 || w.Repeats[0].Ops != 200 || w.Repeats[1].ThroughputOpsS != 200 {
		t.Errorf("repeats %+v", w.Repeats)
	}
	if len(w.Timeseries) != 4 || w.Timeseries[2].TS != 3 {
		t.Errorf("time series %+v", w.Timeseries)
	}
	if len(w.Invalid) != 1 || w.Invalid[0] != "repeat 2: rate: short" {
		t.Errorf("invalid %v", w.Invalid)
	}
	one, err := CombineRepeats([]*Workload{&a})
	if err != nil || one.Ops != 200 || len(one.Repeats) != 1 {
		t.Errorf("one repeat: %+v %v", one, err)
	}
}
