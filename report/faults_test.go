package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// steady returns n one-second points of ops operations and p99 p99 ms.
func steady(n int, ops int64, p99 float64) []Point {
	pts := make([]Point, n)
	for i := range pts {
		pts[i] = Point{TS: float64(i + 1), Ops: ops, P99Ms: p99}
	}
	return pts
}

func TestFaultCosts(t *testing.T) {
	w := &Workload{Timeseries: steady(10, 1000, 1)}
	// The fault at 3.5s: errors from 3.6s to 4.2s, the seconds to 5 slow,
	// the sixth with a high p99, back from the seventh; a stray error at
	// 8s is not part of its window.
	w.Timeseries[3].Ops, w.Timeseries[4].Ops = 100, 500
	w.Timeseries[5].P99Ms = 5
	w.Faults = []Fault{{AtS: 3.5, Kind: "failover"}}
	errs := []FaultError{
		{AtS: 1, Kind: "timeout"},
		{AtS: 3.6, Kind: "readonly", Write: true},
		{AtS: 3.9, Kind: "conn_closed"},
		{AtS: 4.2, Kind: "conn_closed"},
		{AtS: 8, Kind: "timeout"},
	}
	stale := []float64{2, 3.7, 6.5, 9}
	FaultCosts(w, errs, stale)
	f := w.Faults[0]
	if f.FirstErrorS == nil || *f.FirstErrorS != 0.1 || f.ErrorWindowS != 0.6 {
		t.Errorf("first error %v, window %v: want 0.1 and 0.6", f.FirstErrorS, f.ErrorWindowS)
	}
	if f.Errors["readonly"] != 1 || f.Errors["conn_closed"] != 2 || len(f.Errors) != 2 || f.ReadsLost != 2 || f.WritesLost != 1 {
		t.Errorf("errors %v, reads lost %d, writes lost %d: want readonly 1, conn_closed 2; 2 and 1", f.Errors, f.ReadsLost, f.WritesLost)
	}
	if f.RecoveryS == nil || *f.RecoveryS != 3.5 { // the seventh second ends at 7
		t.Errorf("recovery %v, want 3.5", f.RecoveryS)
	}
	if f.StaleReads != 2 || f.StaleAfterFailover == nil || *f.StaleAfterFailover != 3 {
		t.Errorf("stale reads %d, after the failover %v: want 2 and 3", f.StaleReads, f.StaleAfterFailover)
	}
}

func TestFaultCostsBoundaries(t *testing.T) {
	t.Run("next fault ends the window", func(t *testing.T) {
		w := &Workload{Timeseries: steady(6, 1000, 1), Faults: []Fault{{AtS: 4, Kind: "pause"}, {AtS: 2, Kind: "pause"}}}
		FaultCosts(w, []FaultError{{AtS: 2.5, Kind: "timeout"}, {AtS: 4.1, Kind: "timeout"}}, nil)
		if w.Faults[0].AtS != 2 || w.Faults[0].Errors["timeout"] != 1 || w.Faults[1].Errors["timeout"] != 1 {
			t.Errorf("faults %+v: want them in time order, one error each", w.Faults)
		}
		if w.Faults[0].StaleAfterFailover != nil {
			t.Errorf("a pause has stale_after_failover")
		}
	})
	t.Run("no second before the fault", func(t *testing.T) {
		w := &Workload{Timeseries: steady(3, 1000, 1), Faults: []Fault{{AtS: 0.5, Kind: "kill-clients"}}}
		FaultCosts(w, nil, nil)
		if f := w.Faults[0]; f.RecoveryS != nil || f.FirstErrorS != nil || f.ErrorWindowS != 0 {
			t.Errorf("fault %+v: want no recovery (nothing to compare with) and no errors", f)
		}
	})
	t.Run("never recovers", func(t *testing.T) {
		w := &Workload{Timeseries: steady(5, 1000, 1), Faults: []Fault{{AtS: 2, Kind: "pause"}}}
		for i := 2; i < 5; i++ {
			w.Timeseries[i].Ops = 10
		}
		FaultCosts(w, nil, nil)
		if w.Faults[0].RecoveryS != nil {
			t.Errorf("recovery %v with throughput at 1%% to the end", *w.Faults[0].RecoveryS)
		}
	})
}

func TestRenderFaults(t *testing.T) {
	dir := t.TempDir()
	r := fixtureReport(t, "everysec")
	w := &r.Targets[0].Workloads[0]
	w.Faults = []Fault{
		{AtS: 1, Kind: "failover", Node: "127.0.0.1:7000", SwitchS: ptr(0.4), FirstErrorS: ptr(0.1), ErrorWindowS: 0.3,
			RecoveryS: ptr(2.0), Errors: map[string]int64{"readonly": 3, "conn_closed": 1}, ReadsLost: 1, WritesLost: 3, StaleAfterFailover: ptr(int64(5))},
		{AtS: 2, Kind: "pause", Arg: "500ms", Error: "ERR no | such"},
	}
	if _, err := WriteAll(dir, r); err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"#### Faults",
		"| 1.00 | failover | 127.0.0.1:7000 | 0.40 | 0.10 | 0.30 | 2.00 | conn_closed 1, readonly 3 | 1 | 3 | 0 | 5 |",
		"| 2.00 | pause=500ms |  | not done: ERR no \\| such |",
	} {
		if !strings.Contains(string(md), want) {
			t.Errorf("report.md lacks %q", want)
		}
	}
	svg, err := os.ReadFile(filepath.Join(dir, "timeseries.everysec.mixed_naive.svg"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(svg), `<g class="marker">`); n != 2*3 { // two faults on each of the three panels
		t.Errorf("%d fault markers in the time-series plot, want 6", n)
	}
	if !strings.Contains(string(svg), ">pause=500ms</text>") {
		t.Errorf("the plot's markers are not labelled with the fault")
	}
}

func TestFaultCostsExternalFailover(t *testing.T) {
	// The master dies at 2.9s; the errors run until the switch is seen at
	// 5.1s and a little after: they are the external failover's.
	w := &Workload{Timeseries: steady(10, 1000, 1), Faults: []Fault{{AtS: 5.1, Kind: "external-failover"}}}
	w.Timeseries[3].Ops, w.Timeseries[4].Ops, w.Timeseries[5].Ops = 50, 40, 500
	var errs []FaultError
	for i := range 24 { // 2.9s to 5.2s
		errs = append(errs, FaultError{AtS: float64(29+i) / 10, Kind: "conn_refused"})
	}
	FaultCosts(w, errs, nil)
	f := w.Faults[0]
	if f.FirstErrorS == nil || *f.FirstErrorS != -2.2 || f.ErrorWindowS < 2.29 || f.ErrorWindowS > 2.31 || f.Errors["conn_refused"] != int64(len(errs)) {
		t.Errorf("first error %v, window %v, errors %v: want -2.2, 2.3 and all %d", f.FirstErrorS, f.ErrorWindowS, f.Errors, len(errs))
	}
	if f.RecoveryS == nil || *f.RecoveryS != 1.9 { // the seventh second, from 6 to 7
		t.Errorf("recovery %v, want 1.9", f.RecoveryS)
	}
}
