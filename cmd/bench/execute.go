package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/embedded"
	"github.com/cacheaside/bench/report"
	"github.com/cacheaside/bench/scenario"
	"github.com/cacheaside/bench/target"
)

// version is the tool's version, written into every report.
const version = "0.1.0-dev"

// connected is a target with its open client.
type connected struct {
	target target.Target
	client redis.UniversalClient
}

// execute runs verify or run on every target and writes the reports.
func execute(ctx context.Context, o *runOptions, stdout, stderr io.Writer) error {
	// With --format json, stdout carries the report alone and the console
	// lines go to stderr.
	console := stdout
	if o.format == "json" {
		console = stderr
	}
	rep := &report.Report{
		SchemaVersion: report.SchemaVersion,
		Tool:          report.Tool{Name: "cacheaside-bench", Version: version, Go: runtime.Version()},
		RunID:         scenario.NewRunID(),
		StartedAt:     time.Now().UTC(),
		Command:       o.command,
		Targets:       []report.Target{},
	}
	if o.plan != nil {
		spec, err := json.Marshal(o.plan.Spec)
		if err != nil {
			return fmt.Errorf("encode scenario: %w", err)
		}
		rep.Scenario = spec
	}
	keyPrefix, err := scenario.KeyPrefix(o.prefix, rep.RunID)
	if err != nil {
		return err
	}
	outDir := o.out
	if outDir == "" {
		outDir = filepath.Join("results", rep.StartedAt.Format("20060102T150405Z"))
	}

	targets, stopEmbedded, err := resolveTargets(ctx, o.targets, console)
	defer stopEmbedded()
	if err != nil {
		return err
	}
	if n := clientCPUs(o, targets); n > 0 { // for this command only
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(n))
		if o.clientCPUs == 0 {
			fmt.Fprintf(console, "client: GOMAXPROCS %d, one CPU left to the private redis-server (--client-cpus to change)\n", n)
		}
	}
	for _, w := range connWarnings(o.conn, targets) {
		fmt.Fprintf(stderr, "WARNING: %s\n", w)
	}
	// Connect to every target before any load, so an unreachable one fails
	// fast and no result is lost to it later.
	conns := make([]connected, 0, len(targets))
	defer func() {
		for _, c := range conns {
			c.client.Close()
		}
	}()
	if target.NeedsClientName(o.faults) {
		o.clientName = "cacheaside-bench:" + rep.RunID // kill-clients kills these alone
	}
	for _, t := range targets {
		copts := o.conn
		copts.PoolSize = o.poolSize
		copts.ClientName = o.clientName
		c, err := target.ConnectUniversal(ctx, t, copts)
		if err != nil {
			return err
		}
		conns = append(conns, connected{t, c})
		if err := target.CheckFaults(ctx, t, c, o.faults); err != nil { // before any load
			var fe *target.FieldError
			if o.faultsFrom != "" && errors.As(err, &fe) {
				fe.Msg += fmt.Sprintf(" (the fault is %s's: choose others with --fault)", o.faultsFrom)
			}
			return err
		}
		if o.plan != nil { // a near cache needs the server's tracking: say so before any load
			if err := o.plan.CheckTracking(ctx, t, c); err != nil {
				return err
			}
		}
	}

	progress := io.Writer(nil)
	if !o.quiet && isTerminal(stderr) {
		progress = stderr
	}
	rep.Targets = runTargets(ctx, o, conns, keyPrefix, progress, console)
	rep.Interrupted = ctx.Err() != nil
	failed, tooManyErrors, noCapacity := false, false, false
	var unfinished []string // verifications stopped by a timeout or an error, no check failed
	for _, rt := range rep.Targets {
		if rt.Verification == nil || !rt.Verification.Passed {
			failed = true
		}
		if v := rt.Verification; v != nil && !v.Passed && v.Outcome() != "FAIL" && v.Outcome() != "interrupted" {
			unfinished = append(unfinished, fmt.Sprintf("%s (%s: %s)", rt.Name, v.Outcome(), rt.Error))
		}
		if c := rt.Capacity; c != nil && c.MaxRateOpsS == 0 && rt.Error == "" {
			noCapacity = true
		}
		for _, w := range rt.Workloads {
			for _, why := range w.Invalid {
				fmt.Fprintf(console, "  invalid: %s/%s: %s\n", rt.Name, w.Name, why)
			}
			tooManyErrors = tooManyErrors || w.HasReason(report.ReasonTooManyErrors)
		}
	}
	// Thresholds are judged on complete, verified runs; the report is
	// written either way.
	var breaches []string
	var thresholdErr error
	if len(o.thresholds) > 0 && !rep.Interrupted && !failed {
		breaches, thresholdErr = checkThresholds(rep, o.thresholds)
	}
	rep.FinishedAt = time.Now().UTC()
	if o.shard != nil {
		rep.Shard = o.shard
	}
	if o.command == "run" {
		fmt.Fprintln(console)
		report.Summary(console, rep)
	}
	for _, b := range breaches {
		fmt.Fprintf(console, "threshold breached: %s\n", b)
	}
	paths, werr := report.WriteAll(outDir, rep)
	printWritten(console, paths)
	if o.format == "json" {
		js, err := rep.MarshalIndent()
		if err != nil {
			return err
		}
		if _, err := stdout.Write(js); err != nil {
			return fmt.Errorf("write the JSON report to stdout: %w", err)
		}
	}
	switch {
	case werr != nil:
		return werr
	case rep.Interrupted:
		return errInterrupted
	case len(unfinished) > 0:
		return fmt.Errorf("the verification did not finish, no check failed, on %s", strings.Join(unfinished, "; "))
	case failed:
		return errVerifyFailed
	case tooManyErrors:
		return errTooManyErrors
	case noCapacity:
		return errNoCapacity
	case thresholdErr != nil:
		return thresholdErr
	}
	return nil
}

// clientCPUs returns the GOMAXPROCS of the command: --client-cpus when
// given; else, for a run against the private redis-server alone, one CPU
// fewer than Go's own choice, left to the server, which runs one thread
// on the same machine (as bench-self measured, a client on every CPU of a
// small machine takes CPU from its server); else 0, Go's choice (an open
// loop against a server on this machine still leaves it one: openLoopCPUs).
func clientCPUs(o *runOptions, targets []target.Target) int {
	if o.clientCPUs != 0 {
		return o.clientCPUs
	}
	if len(targets) != 1 || targets[0].Embedded != "redis-server" {
		return 0
	}
	return max(runtime.GOMAXPROCS(0)-1, 0)
}

// openLoopCPUs sets GOMAXPROCS for an open-loop workload (or a capacity
// search) on target t and returns what undoes it: without --client-cpus,
// when t's server runs on this machine (a loopback address or a unix
// socket: target.Local) and the command left Go's choice, one is left to the
// server for the workload. The open loop spins while it
// waits, its pacing for the next operation and its readers for their
// replies, so on every CPU of a small machine it keeps them all busy and
// the server waits for one (5,000 ops/s on loopback, 2 CPUs: hit p50
// 0.09-0.23 ms on both against 0.03 ms on one; docs/generator.md). The
// closed loop keeps Go's choice: it is no faster on one CPU, and a
// closed loop on one CPU is client-bound, which bench compare refuses.
func openLoopCPUs(o *runOptions, t target.Target, console io.Writer) (undo func()) {
	n := runtime.GOMAXPROCS(0)
	if o.clientCPUs != 0 || t.Embedded != "" || !t.Local() || n < 2 {
		return func() {}
	}
	runtime.GOMAXPROCS(n - 1)
	fmt.Fprintf(console, "  client: GOMAXPROCS %d for the open loop, one CPU left to the server on this machine (--client-cpus to change)\n", n-1)
	return func() { runtime.GOMAXPROCS(n) }
}

// resolveTargets returns the targets to measure: --target values, else
// $REDIS_URL, else an embedded server that the returned stop function ends.
func resolveTargets(ctx context.Context, args []string, stdout io.Writer) ([]target.Target, func(), error) {
	nop := func() {}
	if len(args) == 0 {
		if u := os.Getenv("REDIS_URL"); u != "" {
			args = []string{"REDIS_URL=" + u}
		}
	}
	if len(args) > 0 {
		out := make([]target.Target, 0, len(args))
		names := map[string]bool{}
		for _, a := range args {
			t, err := target.ParseTarget(a)
			if err != nil {
				return nil, nop, err
			}
			if names[t.Name] {
				return nil, nop, &usageError{fmt.Sprintf("--target: name %q is used twice; name targets with NAME=URL", t.Name)}
			}
			names[t.Name] = true
			out = append(out, t)
		}
		return out, nop, nil
	}
	srv, err := embedded.Start(ctx, embedded.Options{})
	if err != nil {
		return nil, nop, fmt.Errorf("start the embedded target: %w", err)
	}
	stop := func() { _ = srv.Stop() }
	if srv.Kind == "miniredis" {
		fmt.Fprintln(stdout, "WARNING: no --target, no $REDIS_URL and no redis-server on PATH: using miniredis, an in-process emulator.")
		fmt.Fprintln(stdout, "WARNING: its numbers say nothing about Redis; install redis-server or pass --target redis://HOST:PORT.")
	} else {
		fmt.Fprintf(stdout, "no --target or $REDIS_URL: started a private redis-server %s on %s (persistence off, stopped at exit)\n", srv.Version, srv.Addr)
	}
	t, err := target.ParseTarget("default=" + srv.URL())
	if err != nil {
		stop()
		return nil, nop, err
	}
	t.Embedded = srv.Kind
	return []target.Target{t}, stop, nil
}

// printWorkload prints a workload's compact summary.
func printWorkload(w io.Writer, r report.Workload) {
	rd, hit, miss := r.Latency["read"], r.Latency["hit"], r.Latency["miss"]
	fmt.Fprintf(w, "  %d ops in %.1fs: %.0f ops/s, hit ratio %.4f, source calls %d (peak %d in flight), errors %d\n",
		r.Ops, r.DurationS, r.ThroughputOpsS, r.HitRatio, r.Source.Calls, r.Source.PeakInFlight, sum(r.Errors))
	fmt.Fprintf(w, "  %-6s %10s %10s %10s %10s\n", "ms", "p50", "p99", "p99.9", "max")
	for _, row := range []struct {
		name string
		l    report.Latency
	}{{"read", rd}, {"hit", hit}, {"miss", miss}} {
		fmt.Fprintf(w, "  %-6s %10.3f %10.3f %10.3f %10.3f\n", row.name, row.l.P50Ms, row.l.P99Ms, row.l.P999Ms, row.l.MaxMs)
	}
	if r.Speedup.P50 > 0 {
		fmt.Fprintf(w, "  speedup (miss/hit): p50 %.1fx, p99 %.1fx\n", r.Speedup.P50, r.Speedup.P99)
	}
	switch s := r.SteadySentence(); {
	case r.Steady != nil && !*r.Steady:
		fmt.Fprintf(w, "  NOT STEADY: %s\n  advice: %s\n", strings.TrimPrefix(s, "not steady "), r.SteadyState.Advice)
	case s != "":
		fmt.Fprintf(w, "  %s\n", s)
	}
	if n := r.Near; n != nil {
		fmt.Fprintf(w, "  near: hit ratio %.4f (p50 %.4f ms), %d stale hits (%.4f), invalidations %d received, %d of %d owed lost, lag p50 %.3f ms p99 %.3f ms\n",
			n.HitRatio, r.Latency["near_hit"].P50Ms, n.StaleHits, n.StaleHitRatio, n.InvalidationsReceived,
			n.InvalidationsLost, n.InvalidationsExpected, r.Latency["invalidation_lag"].P50Ms, r.Latency["invalidation_lag"].P99Ms)
		if n.StaleHitsExpectedInWindows > 0 {
			fmt.Fprintf(w, "  near: %d stale hits of values current when kept, %.1f expected from the %d reads inside the invalidation windows\n",
				n.StaleWindowHits, n.StaleHitsExpectedInWindows, n.StaleWindowReads)
		}
		if n.StaleHitsExpected > 0 {
			fmt.Fprintf(w, "  near: %.1f (%.4f of near hits) expected were reads spread evenly over the %.3f ms mean window\n",
				n.StaleHitsExpected, n.StaleHitRatioExpected, n.StaleWindowMs)
		}
	}
	printTrace(w, r.Trace)
}

// printWritten names report.json and report.md and counts the plots, the
// .hgrm files and any other files beside them, each kind on its own.
func printWritten(w io.Writer, paths []string) {
	var plots, hgrms, others int64
	for _, p := range paths {
		switch base := filepath.Base(p); {
		case base == "report.json", base == "report.md":
			fmt.Fprintf(w, "wrote %s\n", p)
		case strings.HasSuffix(base, ".svg"):
			plots++
		case strings.HasSuffix(base, ".hgrm"):
			hgrms++
		default:
			others++
		}
	}
	var kinds []string
	for _, k := range []struct {
		n    int64
		what string
	}{{plots, "plot"}, {hgrms, ".hgrm file"}, {others, "other file"}} {
		if k.n > 0 {
			kinds = append(kinds, plural(k.n, k.what))
		}
	}
	if len(kinds) > 0 {
		fmt.Fprintf(w, "wrote %s beside them\n", strings.Join(kinds, " and "))
	}
}

// plural is "1 key", "2 keys": n and the noun, in the plural unless n is 1.
func plural(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func sum(m map[string]int64) int64 {
	var n int64
	for _, v := range m {
		n += v
	}
	return n
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

// rerender re-renders report.md, plots and .hgrm files beside a saved
// report.json, from it alone; with --format benchstat it prints Go
// benchmark lines instead.
func rerender(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "md", "md: re-render report.md, plots and .hgrm files; benchstat: print Go benchmark lines to stdout")
	if _, err := parseArgs(fs, args, false); err != nil {
		if errors.Is(err, errHelp) {
			return nil
		}
		return err
	}
	if fs.NArg() != 1 || (*format != "md" && *format != "benchstat") {
		return &usageError{"usage: bench report [--format md|benchstat] RUN.json"}
	}
	path := fs.Arg(0)
	r, err := report.Read(path)
	if err != nil {
		return &usageError{err.Error()}
	}
	if *format == "benchstat" {
		return report.Benchstat(stdout, r)
	}
	paths, err := report.Render(filepath.Dir(path), r)
	printWritten(stdout, paths)
	return err
}
