package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
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
var compareFormats = []string{"text", "markdown", "benchstat"}

// compareCmd is `bench compare BASE.json CUR.json`: the regression check.
// It prints the comparison (a table, Markdown or benchstat lines), writes
// the Markdown to --markdown FILE and appends it to $GITHUB_STEP_SUMMARY
// when that is set, and returns nil when clean, an error wrapping
// errRegression on a regression, an *invalidRunError when a run is invalid
// (which comes first), or a *usageError.
func compareCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: bench compare [flags] BASE.json CUR.json\n\nexit 0 no regression (or inconclusive, said plainly), 1 regression shown by evidence, 2 usage, 4 invalid run\n\n")
		fs.PrintDefaults()
	}
	maxReg := fs.String("max-regression", "", "override relative thresholds, e.g. 'read.p99=15%,throughput=5%' (metrics: "+strings.Join(gate.RegressMetricKeys(), ", ")+")")
	maxErr := fs.Float64("max-error-rate", gate.DefaultMaxErrorRate, "a run whose failed operations exceed this fraction is invalid")
	mdFile := fs.String("markdown", "", "also write the comparison as Markdown to `FILE`")
	format := fs.String("format", "text", "output: "+strings.Join(compareFormats, ", "))
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
	res, err := gate.Regress(base, cur, gate.RegressOptions{MaxRegression: limits, MaxErrorRate: *maxErr})
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
