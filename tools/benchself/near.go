package main

import (
	"context"
	"fmt"
	"io"

	"github.com/cacheaside/bench/scenario"
)

// near prints the reads per second and client CPU per read of a
// near-hit-only workload (strategy near, every key in each instance's near
// cache, no writes) against the hit-only workload's Redis GETs: alternating
// rounds, medians.
func (e *env) near(ctx context.Context, w io.Writer) error {
	t, err := e.connect(ctx)
	if err != nil {
		return err
	}
	defer t.close()
	plan, err := e.nearPlan()
	if err != nil {
		return err
	}
	if err := plan.CheckTracking(ctx, t.target, t.client); err != nil {
		return err
	}
	nearTool := *t
	nearTool.plan = plan
	runs := []struct {
		name string
		t    *tool
		got  []measure
	}{{name: "Redis GET hits", t: t}, {name: "near hits", t: &nearTool}}
	fmt.Fprintf(w, "\nnear cache, reads per second (client CPU µs per read), %d workers, %d alternating rounds:\n", e.o.workers, e.o.rounds)
	for r := range e.o.rounds {
		for i := range runs {
			c := &runs[(i+r)%len(runs)]
			m, err := c.t.run(ctx, false)
			if err != nil {
				return fmt.Errorf("near, round %d: %w", r+1, err)
			}
			c.got = append(c.got, m)
		}
	}
	for _, c := range runs {
		fmt.Fprintf(w, "  %-15s %10.0f reads/s  %6.2f µs CPU/read\n", c.name, median(opsOf(c.got)), median(cpuOf(c.got)))
	}
	fmt.Fprintf(w, "  near hits / Redis GET hits: %.1fx the reads per second\n", median(opsOf(runs[1].got))/median(opsOf(runs[0].got)))
	return nil
}

// nearPlan is the hit-only workload with the near strategy, each instance's
// near cache large enough for every key: after the warm-up, every read is
// a near hit.
func (e *env) nearPlan() (*scenario.Plan, error) {
	plan, err := e.hitOnlyPlan("bench-self-near", e.o.workers, 0)
	if err != nil {
		return nil, err
	}
	spec := plan.Spec
	spec.Workloads[0].Strategy = "near"
	spec.Workloads[0].NearSize = int(e.o.keys)
	return scenario.Prepare(spec)
}
