package bench

import (
	"context"
	"testing"
	"time"
)

// BenchmarkRecord measures Recorder.Record, the path a Workload uses for
// its extra histograms.
func BenchmarkRecord(b *testing.B) {
	r := newRecorder(1, 0, 1, time.Second)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		r.Record(0, time.Duration(i&0xffff)*time.Microsecond)
	}
}

// BenchmarkObserve measures the engine's own recording of one operation,
// with a new time-series interval every 1000 operations and the collector
// draining as often, so that the histograms handed to it are reused.
func BenchmarkObserve(b *testing.B) {
	r := newRecorder(0, 0, 0, time.Millisecond)
	c := newCollector(time.Millisecond, []*Recorder{r})
	outs := []Outcome{Hit, Hit, Miss, Write}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		r.observe(time.Duration(i)*time.Microsecond, outs[i&3], time.Duration(i&0xffff)*time.Microsecond, "")
		if i%1000 == 999 {
			c.tick()
		}
	}
}

// noopWorkload does nothing, so BenchmarkRun measures the engine loop.
type noopWorkload struct{}

func (noopWorkload) Histograms() []string                         { return nil }
func (noopWorkload) Counters() []string                           { return nil }
func (noopWorkload) ErrorKind(error) string                       { return "" }
func (noopWorkload) NewWorker(int) (Worker, error)                { return noopWorker{}, nil }
func (noopWorker) Do(context.Context, *Recorder) (Outcome, error) { return Hit, nil }

type noopWorker struct{}

// BenchmarkRun measures the engine's per-operation cost with a no-op
// workload (b.N operations over one worker).
func BenchmarkRun(b *testing.B) {
	b.ReportAllocs()
	res, err := Run(context.Background(), Config{Workers: 1, Ops: int64(b.N)}, noopWorkload{})
	if err != nil {
		b.Fatal(err)
	}
	if res.Ops != int64(b.N) {
		b.Fatalf("ops = %d, want %d", res.Ops, b.N)
	}
	b.ReportMetric(res.Throughput(), "ops/s")
}

// BenchmarkRunOpenLoop measures the open loop's per-operation cost with a
// no-op workload (b.N operations over one worker) at a rate so high that
// every operation is due at once: pacer, dispatcher and the three
// histograms, never a sleep.
func BenchmarkRunOpenLoop(b *testing.B) {
	b.ReportAllocs()
	res, err := Run(context.Background(), Config{Workers: 1, Ops: int64(b.N), Rate: MaxRate}, noopWorkload{})
	if err != nil {
		b.Fatal(err)
	}
	if res.Ops != int64(b.N) || res.Lag.TotalCount() != int64(b.N) {
		b.Fatalf("ops = %d, lag count %d, want %d", res.Ops, res.Lag.TotalCount(), b.N)
	}
	b.ReportMetric(res.Throughput(), "ops/s")
}

// BenchmarkPacer measures computing one intended start time.
func BenchmarkPacer(b *testing.B) {
	for _, arrival := range []string{ArrivalConstant, ArrivalPoisson} {
		b.Run(arrival, func(b *testing.B) {
			p, err := NewPacer(1e5, arrival, 1)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				_ = p.Next()
			}
		})
	}
}

// timingWorkload's workers time a call and record it as the cache-aside
// worker does for its GET (two monotonic clock reads, one extra
// histogram), skipping both when recording is off.
type timingWorkload struct{}

var timingEpoch = time.Now()

func (timingWorkload) Histograms() []string          { return []string{"redis_get"} }
func (timingWorkload) Counters() []string            { return nil }
func (timingWorkload) ErrorKind(error) string        { return "" }
func (timingWorkload) NewWorker(int) (Worker, error) { return timingWorker{}, nil }

type timingWorker struct{}

func (timingWorker) Do(_ context.Context, rec *Recorder) (Outcome, error) {
	if rec.Recording() {
		t0 := time.Since(timingEpoch)
		rec.Record(0, time.Since(timingEpoch)-t0)
	}
	return Hit, nil
}

// BenchmarkRecordingCost measures what recording adds to one operation:
// the engine's loop over a worker that does nothing but what a cache-aside
// hit records, with recording on and off (Config.NoRecord). The difference
// of the two ns/op is the cost per operation; set it against the client
// CPU per operation make bench-self prints (about 10µs).
func BenchmarkRecordingCost(b *testing.B) {
	for _, noRecord := range []bool{false, true} {
		name := "on"
		if noRecord {
			name = "off"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			res, err := Run(context.Background(), Config{Workers: 1, Ops: int64(b.N), NoRecord: noRecord}, timingWorkload{})
			if err != nil || res.Ops != int64(b.N) {
				b.Fatalf("%v, ops %d", err, res.Ops)
			}
		})
	}
}
