package main

import (
	"context"
	"fmt"
	"io"

	"github.com/cacheaside/bench/internal/evidence"
)

// prefill caches the C tools' key spaces (this tool prewarms its own
// before each run).
func (e *env) prefill(ctx context.Context) error { return e.prefillExternal(ctx) }

// contender is one tool in the comparison.
type contender struct {
	name string
	run  func(context.Context) (measure, error)
	got  []measure
}

// throughput alternates the tools for the rounds, each round in another
// order, and prints each round, the medians and the ratios of this tool
// to the others.
func (e *env) throughput(ctx context.Context, w io.Writer) error {
	t, err := e.connect(ctx)
	if err != nil {
		return err
	}
	defer t.close()
	var cs []*contender
	if e.rb != "" {
		cs = append(cs, &contender{name: "redis-benchmark", run: e.redisBenchmark})
	}
	if e.mt != "" {
		cs = append(cs, &contender{name: "memtier_benchmark", run: e.memtierRun})
	}
	self := &contender{name: "this tool", run: func(ctx context.Context) (measure, error) { return t.run(ctx, false) }}
	cs = append(cs, self)

	fmt.Fprintf(w, "\nthroughput, GET ops/s (client CPU µs per op), %d alternating rounds:\n", e.o.rounds)
	for r := range e.o.rounds {
		if r == e.o.rounds-1 && e.o.cpuProf != "" {
			t.profile = fileProfile(e.o.cpuProf) // the last round's run
		}
		// Round r starts with tool r mod n, so that no tool always runs
		// right after the same other one.
		for i := range cs {
			c := cs[(i+r)%len(cs)]
			m, err := c.run(ctx)
			if err != nil {
				return fmt.Errorf("round %d: %w", r+1, err)
			}
			c.got = append(c.got, m)
		}
		fmt.Fprintf(w, "  round %d:", r+1)
		for _, c := range cs {
			m := c.got[r]
			fmt.Fprintf(w, "  %s %.0f (%.1f µs)", c.name, m.opsPerSec, m.cpuPerOp())
			if m.hitRatio >= 0 && m.hitRatio < 0.999 {
				fmt.Fprintf(w, " hit ratio %.3f!", m.hitRatio)
			}
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "medians:")
	for _, c := range cs {
		fmt.Fprintf(w, "  %-18s %9.0f ops/s  %5.1f µs CPU/op\n", c.name, median(opsOf(c.got)), median(cpuOf(c.got)))
	}
	mine := median(opsOf(self.got))
	for _, c := range cs[:len(cs)-1] {
		goal := 1.0
		if c.name == "redis-benchmark" {
			goal = 1.15
		}
		verdict := "goal met"
		ratio := mine / median(opsOf(c.got))
		if ratio < goal {
			verdict = fmt.Sprintf("goal missed by %.1f%%", 100*(goal-ratio)/goal)
		}
		fmt.Fprintf(w, "ratio this tool / %s: %.2fx (median of rounds %.2fx; goal >= %.2fx: %s)\n",
			c.name, ratio, median(ratios(self.got, c.got)), goal, verdict)
	}
	return nil
}

// recordingOverhead runs the workload with and without recording
// (bench.Config.NoRecord), alternating (on, off, then off, on, …, so that
// neither is always first), and prints the ratio of the throughputs: the
// median of each round's ratio, and the ratio of the medians.
func (e *env) recordingOverhead(ctx context.Context, w io.Writer) error {
	t, err := e.connect(ctx)
	if err != nil {
		return err
	}
	defer t.close()
	fmt.Fprintf(w, "\nrecording overhead, %d rounds of the workload with and without recording (bench.Config.NoRecord), alternating:\n", e.o.overhead)
	var on, off []measure
	var rs []float64
	for r := range e.o.overhead {
		var pair [2]measure // recording on, off
		for i := range 2 {
			off := (i + r) % 2 // on first in even rounds, off first in odd ones
			m, err := t.run(ctx, off == 1)
			if err != nil {
				return err
			}
			pair[off] = m
		}
		on, off = append(on, pair[0]), append(off, pair[1])
		rs = append(rs, pair[0].opsPerSec/pair[1].opsPerSec)
		fmt.Fprintf(w, "  round %d: on %.0f ops/s (%.1f µs CPU/op), off %.0f ops/s (%.1f µs CPU/op): %.3f\n",
			r+1, pair[0].opsPerSec, pair[0].cpuPerOp(), pair[1].opsPerSec, pair[1].cpuPerOp(), rs[r])
	}
	m := median(rs)
	verdict := "goal met"
	if m < 0.95 {
		verdict = "goal missed"
	}
	fmt.Fprintf(w, "throughput recording on / off: median of rounds %.3f, of medians %.3f; CPU per op %.1f / %.1f µs (goal: recording costs at most 5%%, on/off >= 0.95: %s)\n",
		m, median(opsOf(on))/median(opsOf(off)), median(cpuOf(on)), median(cpuOf(off)), verdict)
	return nil
}

func opsOf(ms []measure) []float64 {
	out := make([]float64, len(ms))
	for i, m := range ms {
		out[i] = m.opsPerSec
	}
	return out
}

func cpuOf(ms []measure) []float64 {
	out := make([]float64, len(ms))
	for i, m := range ms {
		out[i] = m.cpuPerOp()
	}
	return out
}

// ratios returns a[i]/b[i] for each round.
func ratios(a, b []measure) []float64 {
	out := make([]float64, 0, len(a))
	for i := range min(len(a), len(b)) {
		if b[i].opsPerSec > 0 {
			out = append(out, a[i].opsPerSec/b[i].opsPerSec)
		}
	}
	return out
}

// median returns the median of xs, 0 when empty.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	return evidence.Median(xs)
}
