package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/cacheaside/bench/internal/suggest"
)

// parseArgs parses args with fs, flags and positional arguments in any
// order when interspersed (else positional arguments after the flags, as
// the flag package does), and returns the positional ones. -h or --help
// prints the help (helpFor) and returns errHelp. A bad flag is one line, never the help after it: an
// unknown flag names the nearest one and points at --help. Both "-flag"
// and "--flag" are accepted, as the flag package does.
func parseArgs(fs *flag.FlagSet, args []string, interspersed bool) ([]string, error) {
	help := func() { helpFor(fs) }
	// The flag package prints its error and calls Usage on every error:
	// quiet both, and show the help only when asked for.
	out := fs.Output()
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	defer fs.SetOutput(out)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(out)
				help()
				return nil, errHelp
			}
			return nil, flagError(fs, err)
		}
		if !interspersed || fs.NArg() == 0 {
			return append(pos, fs.Args()...), nil
		}
		pos, args = append(pos, fs.Arg(0)), fs.Args()[1:]
	}
}

// singleDashFlag matches the flag package's "-name" in its messages.
var singleDashFlag = regexp.MustCompile(`(^|[\s:])-([A-Za-z][\w-]*)`)

// flagError turns the flag package's error into one line with the flag
// written as --name; an unknown flag gets the nearest one, if any is near.
func flagError(fs *flag.FlagSet, err error) error {
	help := fmt.Sprintf("'%s --help' lists the flags", fs.Name())
	if name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: "); ok {
		name = strings.TrimLeft(name, "-")
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		if near, ok := suggest.Nearest(name, names); ok {
			return &usageError{fmt.Sprintf("unknown flag %s: did you mean %s? (%s)", dashes(name), dashes(near), help)}
		}
		return &usageError{fmt.Sprintf("unknown flag %s (%s)", dashes(name), help)}
	}
	msg := singleDashFlag.ReplaceAllStringFunc(err.Error(), func(m string) string {
		i := strings.Index(m, "-")
		return m[:i] + dashes(m[i+1:])
	})
	return &usageError{fmt.Sprintf("%s (%s)", msg, help)}
}

// dashes writes a flag's name as it is shown: --name, or -o for one letter.
func dashes(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}
