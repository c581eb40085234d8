package report

import (
	"bytes"
	"strings"
	"testing"
)

func TestMergeNear(t *testing.T) {
	a := &Workload{Reads: 100, Near: &Near{Hits: 60, Misses: 40, StaleHits: 6, EntriesPeak: 7, InvalidationsExpected: 3, Instances: []NearInstance{{InvalidationsExpected: 3}}}}
	b := &Workload{Reads: 100, Near: &Near{Hits: 40, Misses: 60, StaleHits: 0, EntriesPeak: 9, InvalidationsLost: 1, Instances: []NearInstance{{InvalidationsExpected: 2}, {InvalidationsLost: 1}}}}
	m := mergeNear([]*Workload{a, b, {Reads: 5}}, 205)
	if m.Hits != 100 || m.StaleHits != 6 || m.EntriesPeak != 9 || m.InvalidationsLost != 1 || len(m.Instances) != 2 || m.Instances[0].InvalidationsExpected != 5 {
		t.Fatalf("merged %+v", *m)
	}
	if m.HitRatio != round(100.0/205, 6) || m.StaleHitRatio != 0.06 || !(m.StaleHitRatioCILow < 0.06 && m.StaleHitRatioCIHi > 0.06) {
		t.Errorf("ratios %v %v (%v–%v)", m.HitRatio, m.StaleHitRatio, m.StaleHitRatioCILow, m.StaleHitRatioCIHi)
	}
	if mergeNear([]*Workload{{Reads: 1}}, 1) != nil {
		t.Error("a near section from parts without one")
	}
	var buf bytes.Buffer
	nearSection(&buf, &Workload{Near: m, Latency: map[string]Latency{"invalidation_lag": {Count: 1, P50Ms: 0.1}}})
	for _, want := range []string{"near hit ratio", "stale near hits | 6", "received / owed / lost | 0 / 3 / 1", "invalidation lag"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, buf.String())
		}
	}
}
