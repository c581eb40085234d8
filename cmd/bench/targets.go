package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"time"

	"github.com/cacheaside/bench/bench"
	"github.com/cacheaside/bench/report"
	"github.com/cacheaside/bench/scenario"
	"github.com/cacheaside/bench/target"
)

// runTargets runs the preflight and the verification on every target, then
// (for run) every workload --repeat times, interleaved across targets (repeat
// 1 of every target, then repeat 2, …) so that drift on a shared machine
// spreads evenly; (for capacity) the search on each target. It removes the
// run's keys on every target at the end, even after an interruption.
func runTargets(ctx context.Context, o *runOptions, conns []connected, keyPrefix string, progress, console io.Writer) []report.Target {
	out := make([]report.Target, len(conns))
	for i, c := range conns {
		out[i] = verifyTarget(ctx, c, keyPrefix, console)
	}
	defer func() {
		for i, c := range conns {
			cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
			n, err := target.Cleanup(cctx, c.client, keyPrefix)
			cancel()
			out[i].KeysRemoved = n
			if err != nil && out[i].Error == "" {
				out[i].Error = err.Error()
			}
		}
	}()
	ready := func(i int) bool {
		return ctx.Err() == nil && out[i].Error == "" && out[i].Verification != nil && out[i].Verification.Passed
	}
	if o.plan == nil {
		return out
	}
	if o.command == "capacity" {
		for i, c := range conns {
			if !ready(i) {
				continue
			}
			capRes, err := runCapacity(ctx, o, c.target, c.client, keyPrefix, console)
			out[i].Capacity = capRes
			if err != nil {
				out[i].Error = err.Error()
			}
		}
		return out
	}
	workloads := o.plan.Workloads()
	parts := make([][][]*report.Workload, len(conns)) // target, workload, repeat
	for i := range parts {
		parts[i] = make([][]*report.Workload, len(workloads))
	}
	for r := 1; r <= o.repeat; r++ {
		for i, c := range conns {
			for j := range workloads {
				if !ready(i) {
					break
				}
				w, err := runWorkload(ctx, o, c, j, r, keyPrefix, progress, console)
				if err != nil {
					out[i].Error = err.Error()
					break
				}
				parts[i][j] = append(parts[i][j], w)
			}
		}
	}
	for i := range conns {
		for j := range workloads {
			if len(parts[i][j]) == 0 {
				continue
			}
			w, err := report.CombineRepeats(parts[i][j])
			if err != nil {
				out[i].Error = err.Error()
				continue
			}
			out[i].Workloads = append(out[i].Workloads, w)
		}
	}
	return out
}

// verifyTarget runs the preflight and the baseline verification on one
// target.
func verifyTarget(ctx context.Context, c connected, keyPrefix string, console io.Writer) report.Target {
	t := c.target
	rt := report.Target{Name: t.Name, URL: t.Redacted(), Embedded: t.Embedded, Workloads: []report.Workload{}}
	fmt.Fprintf(console, "target %s: %s\n", t.Name, t.Redacted())
	srv, err := target.Preflight(ctx, c.target, c.client)
	rt.Server = report.Server(srv)
	if err != nil {
		rt.Error = err.Error()
		return rt
	}
	fmt.Fprintf(console, "  server %s (%s), ping %.3f ms, maxmemory %d, policy %s, persistence %s\n",
		orUnknown(rt.Server.Identity()), orUnknown(srv.Mode), srv.PingRTTMs, srv.MaxMemory, orUnknown(srv.MaxMemoryPolicy), orUnknown(srv.Persistence))
	for _, w := range srv.Warnings {
		fmt.Fprintf(console, "  warning: %s\n", w)
	}
	fmt.Fprintln(console, "verification:")
	v, err := scenario.Verify(ctx, c.client, keyPrefix, console)
	if err != nil {
		rt.Error = err.Error()
		v.Passed = false
		if o := v.Outcome(); o != "FAIL" {
			fmt.Fprintf(console, "  %s: the verification stopped before its end, no check failed (%v)\n", strings.ToUpper(o), err)
		} else {
			fmt.Fprintf(console, "  FAIL: %v\n", err)
		}
	}
	rt.Verification = &v
	return rt
}

// runWorkload runs workload j once (repeat r) on one target and returns
// its report, completed by the workload itself (strategy, source, stale
// reads) and checked against --max-error-rate.
func runWorkload(ctx context.Context, o *runOptions, c connected, j, r int, keyPrefix string, progress, console io.Writer) (*report.Workload, error) {
	w := o.plan.Workloads()[j]
	rep := ""
	if o.repeat > 1 {
		rep = fmt.Sprintf(" (repeat %d/%d)", r, o.repeat)
	}
	if w.Trace != "" {
		fmt.Fprintf(console, "%s: workload %s%s: strategy %s, %d workers, trace %s (%s), ttl %s unless the trace gives one, writes %s, source %s\n",
			c.target.Name, w.Name, rep, w.Strategy, w.Workers, w.Trace, traceTiming(w), w.TTL, w.InvalidateMode, w.SourceLatency)
	} else {
		ttl := w.TTL.String()
		if w.TTLMix != "" {
			ttl = "mix " + w.TTLMix
		}
		prewarm := ""
		if w.Prewarm {
			prewarm = ", prewarmed"
		}
		fmt.Fprintf(console, "%s: workload %s%s: strategy %s, %d workers, %d keys %s%s, ttl %s, invalidate %.3g (%s), source %s\n",
			c.target.Name, w.Name, rep, w.Strategy, w.Workers, w.Keys, w.KeyDist, prewarm, ttl, w.InvalidateRate, w.InvalidateMode, w.SourceLatency)
	}
	ca := o.plan.NewCacheAside(j, c.target, c.client, keyPrefix)
	defer ca.Close()
	cfg := o.plan.BenchConfig(j)
	cfg.Progress = progress
	cfg.Label = c.target.Name + "/" + w.Name
	if o.recordTrace != "" {
		stop, err := recordTrace(ca, o.recordTrace)
		if err != nil {
			return nil, err
		}
		defer func() {
			if err := stop(); err != nil {
				fmt.Fprintf(console, "  --record-trace: %v\n", err)
			} else {
				fmt.Fprintf(console, "  recorded the requests in %s\n", o.recordTrace)
			}
		}()
	}
	if sched := ca.Schedule(); sched != nil {
		cfg.Schedule = sched // a trace replayed on its own clock
	}
	var timing *report.Timing
	if cfg.Rate > 0 {
		defer openLoopCPUs(o, c.target, console)()
		timing = calibrate(ctx, cfg, c, keyPrefix, console)
	}
	pool0 := *c.client.PoolStats()
	sampler := target.NewFollowingSampler(ctx, c.client, ca.Topology())
	mark := markedWorkload{CacheAside: ca, sampler: sampler, started: &atomic.Pointer[time.Time]{}}
	if len(o.faults) > 0 {
		mark.injector = target.NewInjector(c.target, c.client, o.faults, o.clientName)
	}
	res, err := bench.Run(ctx, cfg, mark)
	view := sampler.Stop() // the window's end: before the audit's traffic
	var faults []target.FaultRecord
	if mark.injector != nil {
		faults = mark.injector.Stop()
	}
	pool1 := *c.client.PoolStats()
	if err != nil {
		return nil, err
	}
	rw := report.FromBench(res)
	addServerView(&rw, view)
	addFaults(&rw, faults, ca.TopologyEvents(), mark.start(), ca.Incidents())
	if rw.Client != nil {
		// The first instance's client; extra instances have their own pools.
		rw.Client.PoolWaits = int64(pool1.WaitCount - pool0.WaitCount)
		rw.Client.PoolTimeouts = int64(pool1.Timeouts - pool0.Timeouts)
		rw.Client.Timing = timing
	}
	if err := ca.Finish(context.WithoutCancel(ctx), res, &rw); err != nil {
		rw.Warnings = append(rw.Warnings, "after the run: "+err.Error())
	}
	rw.CheckServerWindow()
	rw.CompleteEvictions()
	rw.Attribute()
	rw.CheckSteady(report.SteadyHints{Known: true, Prewarm: w.Prewarm, Warmup: cfg.Warmup})
	if n := sum(rw.Errors); rw.Ops > 0 && float64(n)/float64(rw.Ops) > o.maxErrorRate {
		rw.AddInvalid(report.ReasonTooManyErrors, fmt.Sprintf("too many errors: %d of %d operations failed (%.2f%%), above --max-error-rate %g",
			n, rw.Ops, 100*float64(n)/float64(rw.Ops), o.maxErrorRate))
	}
	printWorkload(console, rw)
	printServerView(console, rw)
	printServerLatency(console, rw)
	if e := rw.Evictions; e != nil {
		fmt.Fprintf(console, "  evictions: %d keys evicted, %d expired; %d eviction misses (%.2f%% of reads: hits lost to memory)\n",
			e.KeysEvicted, e.KeysExpired, e.EvictionMisses, 100*e.EvictionMissRatio)
	}
	printSlowlog(console, rw)
	if a := rw.Attribution; a != nil {
		fmt.Fprintf(console, "  bound: %s (%s)\n", a.Bound, a.Why)
	}
	printFaults(console, rw)
	return &rw, nil
}
