package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/cacheaside/bench/bench"
)

// The open loop's precision (docs/generator.md): rates measured, and the
// workers of the open loop.
var precisionRates = []float64{1000, 5000, 20000}

const precisionWorkers = 16

// precisionFigures are one run's figures, in ms (CPU in µs per operation;
// cpuWait, the client's wait for a CPU another task held, in ms a second,
// -1 where unknown).
type precisionFigures struct {
	lagP50, lagP99, hitP50, hitP99, cpuPerOp, cpuWait float64
}

// precision prints, for each of precisionRates, the open loop's schedule
// lag and hit latency against those of a closed loop of one worker on the
// same server, and the client CPU per operation: medians of alternating
// rounds, each starting with another run.
func (e *env) precision(ctx context.Context, w io.Writer) error {
	t, err := e.connect(ctx)
	if err != nil {
		return err
	}
	defer t.close()
	rates := append([]float64{0}, precisionRates...) // 0: the closed loop, one worker
	figs := make([][]precisionFigures, len(rates))
	fmt.Fprintf(w, "\nopen-loop precision, GET hits, %d workers (closed loop: 1), %d alternating rounds:\n", precisionWorkers, e.o.rounds)
	for r := range e.o.rounds {
		for i := range rates {
			k := (i + r) % len(rates)
			f, err := e.precisionRun(ctx, t, rates[k])
			if err != nil {
				return err
			}
			figs[k] = append(figs[k], f)
		}
	}
	med := func(fs []precisionFigures, get func(precisionFigures) float64) float64 {
		xs := make([]float64, len(fs))
		for i, f := range fs {
			xs[i] = get(f)
		}
		return median(xs)
	}
	m := make([]precisionFigures, len(rates))
	for k := range rates {
		fs := figs[k]
		m[k] = precisionFigures{
			lagP50:   med(fs, func(f precisionFigures) float64 { return f.lagP50 }),
			lagP99:   med(fs, func(f precisionFigures) float64 { return f.lagP99 }),
			hitP50:   med(fs, func(f precisionFigures) float64 { return f.hitP50 }),
			hitP99:   med(fs, func(f precisionFigures) float64 { return f.hitP99 }),
			cpuPerOp: med(fs, func(f precisionFigures) float64 { return f.cpuPerOp }),
			cpuWait:  med(fs, func(f precisionFigures) float64 { return f.cpuWait }),
		}
	}
	c := m[0]
	fmt.Fprintf(w, "  closed loop, 1 worker:  hit p50 %.3f ms  p99 %.3f ms  %6.1f µs CPU/op\n", c.hitP50, c.hitP99, c.cpuPerOp)
	for k, rate := range rates[1:] {
		o := m[k+1]
		fmt.Fprintf(w, "  %6.0f ops/s:  lag p50 %.3f ms  p99 %.3f ms  hit p50 %.3f ms (%.2fx)  p99 %.3f ms (%.2fx)  %6.1f µs CPU/op  %s\n",
			rate, o.lagP50, o.lagP99, o.hitP50, o.hitP50/c.hitP50, o.hitP99, o.hitP99/c.hitP99, o.cpuPerOp, cpuWaitText(o.cpuWait))
	}
	fmt.Fprintln(w, "  (goals: lag p99 <= 0.1 ms, p50 <= 0.02 ms; at 1,000 and 5,000 ops/s hit p50 within 1.5x and p99 within 2x of the closed loop's;")
	fmt.Fprintln(w, "   CPU wait: how long a second the client's threads waited for a CPU another task held, which no pacing can make up for)")
	return nil
}

// precisionRun runs the hit-only workload once at rate (0: a closed loop
// of one worker) and returns its figures.
func (e *env) precisionRun(ctx context.Context, t *tool, rate float64) (precisionFigures, error) {
	workers := precisionWorkers
	if rate == 0 {
		workers = 1
	}
	plan, err := e.hitOnlyPlan("bench-self-precision", workers, rate)
	if err != nil {
		return precisionFigures{}, err
	}
	ca := plan.NewCacheAside(0, t.target, t.client, t.prefix)
	defer ca.Close()
	meas := &cpuAtMeasure{CacheAside: ca}
	res, err := bench.Run(ctx, plan.BenchConfig(0), meas)
	if err != nil {
		return precisionFigures{}, err
	}
	cpu := processCPU() - meas.cpu
	if res.Interrupted {
		return precisionFigures{}, ctx.Err()
	}
	if n := res.ErrorCount(); n > 0 {
		return precisionFigures{}, fmt.Errorf("this tool at %g ops/s: %d errors: %v", rate, n, res.Errors)
	}
	ms := func(v int64) float64 { return float64(v) / float64(time.Millisecond) }
	f := precisionFigures{hitP50: ms(res.Hit.ValueAtQuantile(50)), hitP99: ms(res.Hit.ValueAtQuantile(99))}
	if res.Lag.TotalCount() > 0 {
		f.lagP50, f.lagP99 = ms(res.Lag.ValueAtQuantile(50)), ms(res.Lag.ValueAtQuantile(99))
	}
	if res.Ops > 0 {
		f.cpuPerOp = float64(cpu) / float64(time.Microsecond) / float64(res.Ops)
	}
	f.cpuWait = -1
	if c := res.Client; c.CPUWaitOK && res.Elapsed > 0 {
		f.cpuWait = ms(int64(c.CPUWait)) / res.Elapsed.Seconds()
	}
	return f, nil
}

// cpuWaitText is a run's wait for a CPU, in ms a second ("CPU wait
// unknown" below 0).
func cpuWaitText(msPerS float64) string {
	if msPerS < 0 {
		return "CPU wait unknown"
	}
	return fmt.Sprintf("CPU wait %4.1f ms/s", msPerS)
}
