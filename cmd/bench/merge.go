package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/cacheaside/bench/report"
)

// mergeCmd is `bench merge -o OUT.json IN.json...`: it merges the reports
// of the shards of one run (report.Merge), writes OUT.json and prints the
// merged summary. Unreadable inputs and inputs that must not be merged
// (other scenarios, schema versions, repeated shards) are usage errors.
func mergeCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench merge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var out string
	fs.StringVar(&out, "o", "", "write the merged report.json to `FILE` (required)")
	fs.StringVar(&out, "out", "", "same as -o")
	files, err := parseInterspersed(fs, args)
	if errors.Is(err, errHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if out == "" {
		return &usageError{"merge needs -o OUT.json, the merged report to write"}
	}
	if len(files) == 0 {
		return &usageError{"merge needs the shard reports: bench merge -o OUT.json IN.json..."}
	}
	reports := make([]*report.Report, 0, len(files))
	for _, f := range files {
		r, err := report.Read(f)
		if err != nil {
			return &usageError{err.Error()}
		}
		reports = append(reports, r)
	}
	merged, err := report.Merge(reports)
	if err != nil {
		return &usageError{err.Error()}
	}
	js, err := merged.MarshalIndent()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return fmt.Errorf("merge: %w", err)
	}
	if err := report.WriteFileAtomic(out, js); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "merged %d reports of run %s\n\n", len(reports), merged.RunID)
	report.Summary(stdout, merged)
	fmt.Fprintf(stdout, "\nwrote %s (bench report %s renders report.md and the plots beside it)\n", out, out)
	return nil
}

// parseInterspersed parses fs from args with flags and positional
// arguments in any order (the flag package stops at the first positional
// one) and returns the positional arguments; errHelp after -h, when the
// usage is printed; a *usageError for a bad flag (parseArgs).
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	return parseArgs(fs, args, true)
}
