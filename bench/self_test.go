package bench

import (
	"context"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// measuringWorkload is a fake workload that knows when measurement has
// started (its MeasureStarter hook).
type measuringWorkload struct {
	*fakeWorkload
	measuring atomic.Bool
}

func (m *measuringWorkload) StartMeasuring() { m.measuring.Store(true) }

// TestClientStatsSane runs a busy closed loop that forces one garbage
// collection during the measurement.
func TestClientStatsSane(t *testing.T) {
	var gc sync.Once
	f := &measuringWorkload{fakeWorkload: &fakeWorkload{noExtra: true}}
	f.onDo = func(context.Context, int, int64) error {
		if f.measuring.Load() { // after the self-measurement's first snapshot
			gc.Do(runtime.GC)
		}
		return nil
	}
	res, err := Run(context.Background(), Config{Workers: 2, Warmup: 20 * time.Millisecond, Duration: 150 * time.Millisecond}, f)
	if err != nil {
		t.Fatal(err)
	}
	c := res.Client
	t.Logf("%+v", c)
	if c.GOMAXPROCS != runtime.GOMAXPROCS(0) || c.GOMAXPROCS < 1 {
		t.Errorf("GOMAXPROCS = %d, want %d", c.GOMAXPROCS, runtime.GOMAXPROCS(0))
	}
	if !(c.CPUUtil > 0 && c.CPUUtil <= 1.1) {
		t.Errorf("CPU utilisation = %v, want in (0, 1.1] for a busy loop", c.CPUUtil)
	}
	if c.Bound != (c.CPUUtil >= ClientBoundCPU) {
		t.Errorf("bound = %v at CPU %v", c.Bound, c.CPUUtil)
	}
	if c.GCPauses < 1 || c.GCPauseP99 <= 0 || c.GCPauseMax < c.GCPauseP99 || c.GCPauseMax > time.Second {
		t.Errorf("GC pauses %d, p99 %v, max %v; want >= 1 (a forced GC) with 0 < p99 <= max", c.GCPauses, c.GCPauseP99, c.GCPauseMax)
	}
	hasWarning := slices.ContainsFunc(res.Warnings, func(w string) bool { return strings.HasPrefix(w, "client-bound") })
	if hasWarning != c.Bound {
		t.Errorf("warnings %q with bound %v", res.Warnings, c.Bound)
	}
	if len(res.Invalid) != 0 {
		t.Errorf("closed loop marked invalid: %q", res.Invalid)
	}
}

func TestSelfSince(t *testing.T) {
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	edges := []float64{math.Inf(-1), 0, 1e-4, 1e-3, 2e-3, math.Inf(1)}
	prev := selfSnapshot{wall: t0, cpu: time.Second, cpuOK: true, gcCount: []uint64{0, 5, 5, 0, 0}, gcEdges: edges}
	cur := selfSnapshot{wall: t0.Add(time.Second), cpuOK: true, gcCount: []uint64{0, 5, 104, 0, 1}, gcEdges: edges}
	procs := runtime.GOMAXPROCS(0)
	tests := []struct {
		name  string
		cpu   time.Duration
		util  float64
		bound bool
	}{
		{"idle", time.Second, 0, false},
		{"half", time.Second + time.Duration(procs)*500*time.Millisecond, 0.5, false},
		{"saturated", time.Second + time.Duration(procs)*950*time.Millisecond, 0.95, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cur := cur
			cur.cpu = tt.cpu
			c := cur.since(prev)
			if math.Abs(c.CPUUtil-tt.util) > 1e-9 || c.Bound != tt.bound || c.GOMAXPROCS != procs {
				t.Errorf("util %v bound %v procs %d, want %v %v %d", c.CPUUtil, c.Bound, c.GOMAXPROCS, tt.util, tt.bound, procs)
			}
			// 100 pauses: 99 in [0.1ms, 1ms), 1 at >= 2ms.
			if c.GCPauses != 100 || c.GCPauseP99 != time.Millisecond || c.GCPauseMax != 2*time.Millisecond {
				t.Errorf("GC pauses %d p99 %v max %v, want 100, 1ms, 2ms", c.GCPauses, c.GCPauseP99, c.GCPauseMax)
			}
			if w := c.Warning(); (w != "") != tt.bound {
				t.Errorf("warning %q with bound %v", w, tt.bound)
			}
		})
	}
	if c := (selfSnapshot{wall: t0.Add(time.Second)}).since(selfSnapshot{wall: t0}); c.CPUUtil != 0 || c.GCPauses != 0 || c.Bound {
		t.Errorf("without CPU or GC data: %+v, want zeros", c)
	}
}

func TestBucketQuantile(t *testing.T) {
	edges := []float64{0, 1, 2, 3, math.Inf(1)}
	tests := []struct {
		name   string
		counts []uint64
		q      float64
		want   float64
	}{
		{"empty", []uint64{0, 0, 0, 0}, 0.99, 0},
		{"upper bound of the bucket", []uint64{10, 0, 0, 0}, 0.5, 1},
		{"p99 in the last percent", []uint64{99, 0, 1, 0}, 0.99, 1},
		{"max", []uint64{99, 0, 1, 0}, 1, 3},
		{"infinite upper bound: the lower one", []uint64{1, 0, 0, 1}, 1, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := bucketQuantile(tt.counts, edges, tt.q); got != tt.want {
				t.Errorf("bucketQuantile = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestJudgeGeneratorBottleneck(t *testing.T) {
	tests := []struct {
		name    string
		rate    float64
		bound   bool
		lag     time.Duration
		service time.Duration
		invalid bool
	}{
		{"bound, lag above service", 1000, true, 20 * time.Millisecond, 2 * time.Millisecond, true},
		{"not bound: the server's backlog", 1000, false, 20 * time.Millisecond, 2 * time.Millisecond, false},
		{"bound, lag below service", 1000, true, 2 * time.Millisecond, 20 * time.Millisecond, false},
		{"bound, lag within 1ms", 1000, true, 900 * time.Microsecond, 100 * time.Microsecond, false},
		{"closed loop", 0, true, 20 * time.Millisecond, 2 * time.Millisecond, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &Result{TargetRate: tt.rate, Lag: NewHistogram(), Service: NewHistogram(),
				Client: ClientStats{CPUUtil: 0.97, GOMAXPROCS: 2, Bound: tt.bound}}
			for range 100 {
				recordLatency(r.Lag, tt.lag)
				recordLatency(r.Service, tt.service)
			}
			r.judge()
			got := len(r.Invalid) == 1 && strings.HasPrefix(r.Invalid[0], "generator bottleneck: lag p99 ")
			if got != tt.invalid || len(r.Invalid) > 1 {
				t.Errorf("invalid = %q, want generator bottleneck: %v", r.Invalid, tt.invalid)
			}
			if len(r.Warnings) != 0 != tt.bound {
				t.Errorf("warnings = %q with bound %v", r.Warnings, tt.bound)
			}
		})
	}
	t.Run("the wait for a CPU named", func(t *testing.T) {
		r := &Result{TargetRate: 1000, Lag: NewHistogram(), Service: NewHistogram(), Elapsed: 4 * time.Second,
			Client: ClientStats{CPUUtil: 0.97, GOMAXPROCS: 1, Bound: true, CPUWait: 50 * time.Millisecond, CPUWaitOK: true}}
		for range 100 {
			recordLatency(r.Lag, 20*time.Millisecond)
			recordLatency(r.Service, 2*time.Millisecond)
		}
		r.judge()
		if want := "of its 1 cores; its threads waited 12.5 ms a second for a CPU other tasks held"; len(r.Invalid) != 1 || !strings.HasSuffix(r.Invalid[0], want) {
			t.Errorf("invalid = %q, want one ending %q", r.Invalid, want)
		}
	})
}

// TestClosedLoopServiceAndLag: in the closed loop Service is Read and Lag
// is empty; the open-loop fields are zero.
func TestClosedLoopServiceAndLag(t *testing.T) {
	res, err := Run(context.Background(), Config{Workers: 2, Ops: 500}, &fakeWorkload{script: mixedScript})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Service.Equals(res.Read) || res.Service.TotalCount() == 0 {
		t.Errorf("service (%d) differs from read (%d)", res.Service.TotalCount(), res.Read.TotalCount())
	}
	if res.Lag == nil || res.Lag.TotalCount() != 0 {
		t.Errorf("lag = %v, want empty", res.Lag)
	}
	if res.TargetRate != 0 || res.AchievedRate != 0 || res.Backlog != 0 || len(res.Invalid) != 0 {
		t.Errorf("open-loop fields set in the closed loop: %v %v %v %q", res.TargetRate, res.AchievedRate, res.Backlog, res.Invalid)
	}
}
