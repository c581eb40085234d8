package bench

import (
	"testing"
	"time"
)

func TestResultDerived(t *testing.T) {
	tests := []struct {
		name       string
		res        Result
		reads      int64
		hitRatio   float64
		throughput float64
		errors     int64
	}{
		{name: "empty", res: Result{}},
		{
			name:  "mixed",
			res:   Result{Elapsed: 2 * time.Second, Ops: 100, Hits: 60, Misses: 20, Writes: 10, Errors: map[string]int64{"timeout": 6, "refused": 4}},
			reads: 80, hitRatio: 0.75, throughput: 50, errors: 10,
		},
		{name: "writes only", res: Result{Elapsed: time.Second, Ops: 7, Writes: 7}, throughput: 7},
		{name: "no elapsed time", res: Result{Ops: 3, Hits: 3}, reads: 3, hitRatio: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.res.Reads(); got != tt.reads {
				t.Errorf("Reads() = %d, want %d", got, tt.reads)
			}
			if got := tt.res.HitRatio(); got != tt.hitRatio {
				t.Errorf("HitRatio() = %v, want %v", got, tt.hitRatio)
			}
			if got := tt.res.Throughput(); got != tt.throughput {
				t.Errorf("Throughput() = %v, want %v", got, tt.throughput)
			}
			if got := tt.res.ErrorCount(); got != tt.errors {
				t.Errorf("ErrorCount() = %d, want %d", got, tt.errors)
			}
		})
	}
}
