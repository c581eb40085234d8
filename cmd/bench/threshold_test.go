package main

import (
	"errors"
	"strings"
	"testing"
)

func TestThresholds(t *testing.T) {
	r := fixtureRun(t, "r", 20, 0) // read p99 ≈ 29 ms (the misses), hit ratio 0.9, no errors
	for _, tc := range []struct {
		name     string
		list     []string
		breaches []string // substrings, one per breach
	}{
		{"all pass", []string{"read.p99<100ms", "hit_ratio>0.8", "errors<1", "throughput>10"}, nil},
		{"latency breached", []string{"read.p99<2ms", "hit_ratio>0.8"}, []string{"threshold read.p99<2ms breached on local read-heavy/naive: read.p99 = 2"}},
		{"ratio breached", []string{"hit_ratio>=0.95"}, []string{"hit_ratio = 0.9 (limit >= 0.95)"}},
		{"both breached", []string{"miss.p50<1ms", "throughput>1e9"}, []string{"miss.p50", "throughput"}},
		{"unmeasured metric", []string{"lag.p99<1ms"}, []string{"no workload measured lag.p99"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			th, err := parseThresholds(tc.list)
			if err != nil {
				t.Fatal(err)
			}
			breaches, err := checkThresholds(r, th)
			if len(tc.breaches) == 0 {
				if err != nil || len(breaches) > 0 {
					t.Errorf("breaches %q, err %v", breaches, err)
				}
				return
			}
			if !errors.Is(err, errThresholdBreached) || exitCode(err) != exitFailed {
				t.Errorf("err %v, want errThresholdBreached (exit 1)", err)
			}
			if len(breaches) != len(tc.breaches) {
				t.Fatalf("breaches %q, want %d", breaches, len(tc.breaches))
			}
			for i, want := range tc.breaches {
				if !strings.Contains(breaches[i], want) {
					t.Errorf("breach %q lacks %q", breaches[i], want)
				}
			}
		})
	}
}

func TestParseThresholdsUsage(t *testing.T) {
	for _, s := range []string{"reads.p99<2ms", "latency<2ms", "read.p99", "hit_ratio>much"} {
		_, err := parseThresholds([]string{"hit_ratio>0.9", s})
		var ue *usageError
		if !errors.As(err, &ue) || exitCode(err) != exitUsage || !strings.Contains(err.Error(), "--threshold") {
			t.Errorf("%q: %v, want a usage error (exit 2) naming --threshold", s, err)
		}
	}
	_, err := parseThresholds([]string{"nope<1"})
	if err == nil || !strings.Contains(err.Error(), "accepted: throughput, hit_ratio") {
		t.Errorf("unknown metric error does not list the accepted ones: %v", err)
	}
}
