package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/cacheaside/bench/gate"
	"github.com/cacheaside/bench/report"
)

// errRegression: bench compare found a regression (exit 1); the console
// said which metrics.
var errRegression = errors.New("regression")

// invalidRunError: a run given to bench compare is invalid (missed its
// rate, client-bound, too many errors, verification failed, interrupted)
// or lacks a workload of the baseline, so no verdict can be trusted. Its
// exit code (4) differs from a regression's (1).
type invalidRunError struct{ reasons []string }

func (e *invalidRunError) Error() string {
	s := "invalid run, no verdict: " + e.reasons[0]
	if n := len(e.reasons) - 1; n > 0 {
		s += fmt.Sprintf(" (and %d more)", n)
	}
	return s
}

// compareFormats are the output formats of bench compare.
var compareFormats = []string{"text", "markdown", "benchstat", "json"}

// targetMap is --map-target OLD=NEW, repeatable.
type targetMap map[string]string

func (m targetMap) String() string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, k+"="+m[k])
	}
	return strings.Join(parts, ",")
}

func (m targetMap) Set(v string) error {
	old, cur, ok := strings.Cut(v, "=")
	if !ok || old == "" || cur == "" {
		return fmt.Errorf("want OLD=NEW (a target of the baseline = a target of the current run), got %q", v)
	}
	if _, dup := m[old]; dup {
		return fmt.Errorf("target %q of the baseline is mapped twice", old)
	}
	m[old] = cur
	return nil
}

// checkTargetMap checks that --map-target names targets the runs have, and
// that every target of each run has its counterpart: otherwise it says
// plainly what the runs hold and how to map them.
func checkTargetMap(base, cur *report.Report, m targetMap) error {
	names := func(r *report.Report) []string {
		var out []string
		for _, t := range r.Targets {
			out = append(out, t.Name)
		}
		return out
	}
	for _, old := range slices.Sorted(maps.Keys(m)) {
		switch {
		case base.Target(old) == nil:
			return &usageError{fmt.Sprintf("--map-target %s=%s: the baseline has no target %q; its targets: %s", old, m[old], old, strings.Join(names(base), ", "))}
		case cur.Target(m[old]) == nil:
			return &usageError{fmt.Sprintf("--map-target %s=%s: the current run has no target %q; its targets: %s", old, m[old], m[old], strings.Join(names(cur), ", "))}
		}
	}
	baseOnly, curOnly := gate.TargetMismatch(base, cur, m)
	if len(baseOnly) == 0 || len(curOnly) == 0 {
		return nil // all matched, or targets only missing (an invalid run, judged as such)
	}
	var eg []string
	for i := range min(len(baseOnly), len(curOnly)) {
		eg = append(eg, "--map-target "+baseOnly[i]+"="+curOnly[i])
	}
	return &usageError{fmt.Sprintf("the runs name their targets differently: the baseline has %s, the current run %s; say which is which with --map-target OLD=NEW, e.g. %s",
		strings.Join(baseOnly, ", "), strings.Join(curOnly, ", "), strings.Join(eg, " "))}
}

// compareCmd is `bench compare BASE.json CUR.json`: the regression check.
// It prints the comparison (a table, Markdown, benchstat lines or JSON), writes
// the Markdown to --markdown FILE and appends it to $GITHUB_STEP_SUMMARY
// when that is set, and returns nil when clean, an error wrapping
// errRegression on a regression, an *invalidRunError when a run is invalid
// (which comes first), or a *usageError.
func compareCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	maxReg := fs.String("max-regression", "", "override relative thresholds, e.g. 'read.p99=15%,throughput=5%' (metrics: "+strings.Join(gate.RegressMetricKeys(), ", ")+")")
	maxErr := fs.Float64("max-error-rate", gate.DefaultMaxErrorRate, "a run whose failed operations exceed this fraction is invalid")
	mdFile := fs.String("markdown", "", "also write the comparison as Markdown to `FILE`")
	format := fs.String("format", "text", "output: "+strings.Join(compareFormats, ", "))
	mapTarget := targetMap{}
	fs.Var(mapTarget, "map-target", "`OLD=NEW`: compare the baseline's target OLD with the current run's target NEW (repeatable), for runs that name them differently")
	files, err := parseInterspersed(fs, args)
	if errors.Is(err, errHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(files) != 2 {
		return &usageError{"compare takes two arguments: BASE.json CUR.json"}
	}
	if !slices.Contains(compareFormats, *format) {
		return &usageError{fmt.Sprintf("--format: want one of %s, got %q", strings.Join(compareFormats, ", "), *format)}
	}
	if !(*maxErr > 0 && *maxErr <= 1) {
		return &usageError{fmt.Sprintf("--max-error-rate: want a fraction in (0, 1], got %v", *maxErr)}
	}
	limits, err := gate.ParseMaxRegression(*maxReg)
	if err != nil {
		return &usageError{"--max-regression: " + err.Error()}
	}
	base, err := report.Read(files[0])
	if err != nil {
		return &usageError{err.Error()}
	}
	cur, err := report.Read(files[1])
	if err != nil {
		return &usageError{err.Error()}
	}
	if err := checkTargetMap(base, cur, mapTarget); err != nil {
		return err
	}
	res, err := gate.Regress(base, cur, gate.RegressOptions{MaxRegression: limits, MaxErrorRate: *maxErr, MapTarget: mapTarget})
	if err != nil {
		return &usageError{err.Error()}
	}
	var md bytes.Buffer
	if err := res.Markdown(&md); err != nil {
		return err
	}
	switch *format {
	case "markdown":
		_, err = stdout.Write(md.Bytes())
	case "benchstat":
		err = report.BenchstatPair(stdout, base, cur)
	case "json":
		err = res.JSON(stdout)
	default:
		err = res.Text(stdout)
	}
	if err != nil {
		return err
	}
	if *mdFile != "" {
		if err := report.WriteFileAtomic(*mdFile, md.Bytes()); err != nil {
			return err
		}
	}
	if p := os.Getenv("GITHUB_STEP_SUMMARY"); p != "" {
		if err := appendFile(p, md.Bytes()); err != nil {
			return err
		}
	}
	switch res.Status() {
	case gate.StatusInvalid:
		return &invalidRunError{res.InvalidRuns()}
	case gate.StatusRegression:
		var names []string
		for _, f := range res.Regressions() {
			names = append(names, f.Target+" "+f.Workload+" "+f.Metric.Key)
		}
		return fmt.Errorf("%w in %s", errRegression, strings.Join(names, ", "))
	}
	return nil
}

// appendFile appends data to the file at path, creating it if needed.
func appendFile(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("append to $GITHUB_STEP_SUMMARY: %w", err)
	}
	_, err = f.Write(append([]byte("\n"), data...))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("append to $GITHUB_STEP_SUMMARY: %w", err)
	}
	return nil
}
