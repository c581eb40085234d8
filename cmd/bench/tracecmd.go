package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/cacheaside/bench/report"
	"github.com/cacheaside/bench/scenario"
	"github.com/cacheaside/bench/scenario/trace"
)

// traceCmd is `bench trace stats FILE`: it characterises a trace
// (trace.Characterise) and prints the figures, as text or JSON.
func traceCmd(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "stats" {
		return &usageError{"trace: want a subcommand: bench trace stats FILE [--format json] [--head N] [--trace-format F]"}
	}
	fs := flag.NewFlagSet("bench trace stats", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "text, or json")
	head := fs.Int64("head", 0, "read only the first `N` requests (0 = the whole trace)")
	traceFormat := fs.String("trace-format", "", "twitter, oracle-general or csv (default: detected from the file)")
	files, err := parseInterspersed(fs, args[1:])
	if errors.Is(err, errHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	switch {
	case len(files) != 1:
		return &usageError{"trace stats: want one trace FILE"}
	case *format != "text" && *format != "json":
		return &usageError{fmt.Sprintf("--format: want text or json, got %q", *format)}
	case *head < 0:
		return &usageError{fmt.Sprintf("--head: want 0 (the whole trace) or a number of requests, got %d", *head)}
	}
	if err := trace.CheckFormat(*traceFormat); err != nil {
		return &usageError{"--trace-format: " + err.Error()}
	}
	r, err := trace.Open(files[0], *traceFormat)
	if err != nil {
		return traceOpenError(err)
	}
	defer r.Close()
	s, err := trace.Characterise(r, *head)
	if err != nil {
		return err
	}
	if *format == "json" {
		js, err := json.MarshalIndent(s, "", "  ")
		if err != nil {
			return fmt.Errorf("trace stats: %w", err)
		}
		_, err = fmt.Fprintf(stdout, "%s\n", js)
		return err
	}
	fmt.Fprintf(stdout, "trace %s\n", files[0])
	return s.WriteText(stdout)
}

// traceOpenError makes a trace that cannot be opened or recognised a usage
// error (exit 2), naming the flag that helps.
func traceOpenError(err error) error {
	switch {
	case errors.Is(err, trace.ErrFormat):
		return &usageError{err.Error() + " (--trace-format names it)"}
	case errors.Is(err, os.ErrNotExist), errors.Is(err, os.ErrPermission):
		return &usageError{err.Error()}
	}
	return err
}

// traceTiming says how a workload replays its trace, for the console.
func traceTiming(w scenario.Workload) string {
	switch {
	case w.Rate > 0:
		return fmt.Sprintf("in order, spread over %g ops/s", w.Rate)
	case w.Speed != nil && *w.Speed > 0:
		return fmt.Sprintf("at %gx its own pace", *w.Speed)
	}
	return "in order, as fast as the workers go"
}

// printTrace prints a replay's account under the workload's figures.
func printTrace(w io.Writer, t *report.Trace) {
	if t == nil {
		return
	}
	end := "to its end"
	if !t.Ended {
		end = "not to its end"
	}
	fmt.Fprintf(w, "  trace: %d requests replayed (%d reads, %d writes, %d deletes) of %d read, %s; %.1fs of trace time, %d lines skipped\n",
		t.Requests, t.Reads, t.Writes, t.Deletes, t.Read, end, t.CoveredS, t.Skipped)
	for _, r := range t.SkipReasons {
		fmt.Fprintf(w, "    skipped %s\n", r)
	}
	if t.Speed > 0 {
		fmt.Fprintf(w, "  trace clock: speed %gx asked, %.3gx achieved; lag behind it p50 %.3f ms, p99 %.3f ms, max %.3f ms\n",
			t.Speed, t.AchievedSpeed, t.LagP50Ms, t.LagP99Ms, t.LagMaxMs)
	}
}

// checkRecordTrace refuses --record-trace where one file cannot hold one
// run: several workloads, targets or repeats, or a replay.
func checkRecordTrace(o *runOptions) error {
	if o.recordTrace == "" {
		return nil
	}
	ws := o.plan.Workloads()
	switch {
	case len(ws) > 1 || len(o.targets) > 1 || o.repeat > 1:
		return &usageError{fmt.Sprintf("--record-trace records one workload's run on one target: this run has %d workloads, %d targets and %d repeats (use one strategy, one --target, --repeat 1)", len(ws), max(len(o.targets), 1), o.repeat)}
	case ws[0].Trace != "":
		return &usageError{"--record-trace with --trace: the trace is already the record of its requests"}
	case o.shard != nil:
		return &usageError{"--record-trace with --shard: each shard would write its own part; record an unsharded run"}
	}
	if dir := filepath.Dir(o.recordTrace); dir != "" {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return &usageError{fmt.Sprintf("--record-trace: folder %s does not exist", dir)}
		}
	}
	return nil
}

// recordTrace makes ca write its requests to the file at path; stop
// flushes and closes it.
func recordTrace(ca *scenario.CacheAside, path string) (stop func() error, err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("--record-trace: %w", err)
	}
	ca.RecordTrace(f)
	return func() error { return errors.Join(ca.FlushRecord(), f.Close()) }, nil
}
