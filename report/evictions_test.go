package report

import (
	"bytes"
	"strings"
	"testing"
)

func TestCompleteEvictions(t *testing.T) {
	w := Workload{Reads: 1000, Misses: 300, ServerWindow: &ServerWindow{EvictedKeys: 500, ExpiredKeys: 7},
		Evictions: &Evictions{EvictionMisses: 120, MissesTracked: true}}
	w.CompleteEvictions()
	if e := w.Evictions; e == nil || e.KeysEvicted != 500 || e.KeysExpired != 7 || e.EvictionMissRatio != 0.12 {
		t.Fatalf("evictions %+v: want the window's 500 evicted, 7 expired, ratio 0.12", w.Evictions)
	}
	var b bytes.Buffer
	evictionsLine(&b, &w)
	if !strings.Contains(b.String(), "500 keys evicted, 7 expired on the server; 120 eviction misses (12.00% of reads, 120 of 300 misses") {
		t.Errorf("line: %s", b.String())
	}
	w.ServerTimeseries, w.ServerWindow.CPU = []ServerPoint{{TS: 1, CPUPct: 10}}, true
	w.Attribute()
	if a := w.Attribution; a == nil || !strings.Contains(a.Why, "Lost hits: memory: 120 of 300 misses") {
		t.Errorf("attribution %+v: want memory named as the cause of lost hits", a)
	}

	quiet := Workload{Reads: 1000, ServerWindow: &ServerWindow{ExpiredKeys: 9}, Evictions: &Evictions{MissesTracked: true}}
	quiet.CompleteEvictions()
	if quiet.Evictions != nil {
		t.Errorf("evictions %+v with nothing evicted and no eviction miss: want none", *quiet.Evictions)
	}
	untracked := Workload{Reads: 1000, ServerWindow: &ServerWindow{EvictedKeys: 3}}
	untracked.CompleteEvictions()
	if e := untracked.Evictions; e == nil || e.KeysEvicted != 3 || e.MissesTracked {
		t.Errorf("evictions %+v: want the 3 keys evicted, misses not tracked", e)
	}
}

func TestCombineRepeatsEvictions(t *testing.T) {
	a := &Workload{DurationS: 1, Reads: 100, Latency: map[string]Latency{}, Evictions: &Evictions{KeysEvicted: 10, EvictionMisses: 4, MissesTracked: true}}
	b := &Workload{DurationS: 1, Reads: 300, Latency: map[string]Latency{}}
	w, err := CombineRepeats([]*Workload{a, b})
	if err != nil {
		t.Fatal(err)
	}
	if e := w.Evictions; e == nil || e.KeysEvicted != 10 || e.EvictionMisses != 4 || e.EvictionMissRatio != 0.01 || !e.MissesTracked {
		t.Errorf("combined %+v: want the sums over 400 reads", e)
	}
}
