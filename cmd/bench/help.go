package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cacheaside/bench/scenario"
)

// flagGroups are the headings of a command's help and their flags, in
// order; a flag in none is listed under "Other".
var flagGroups = []struct {
	title string
	names []string
}{
	{"Targets and connection", []string{"target", "user", "password-file", "tls-ca", "tls-cert", "tls-key",
		"tls-server-name", "tls-insecure", "resp", "read-from", "dial-timeout", "io-timeout", "client-cpus", "prefix"}},
	{"Workload (each overrides the scenario on every workload)", []string{"scenario", "strategy", "duration", "warmup", "ops", "workers",
		"keys", "key-dist", "value-size", "ttl", "ttl-jitter", "ttl-mix", "invalidate-rate", "invalidate-mode",
		"source-latency", "source-concurrency", "prewarm", "seed", "instances", "xfetch-beta", "double-delete-delay",
		"fill-delay", "invalidate-delay", "near-size", "near-ttl", "tracking", "near-over", "trace", "trace-format", "speed", "fault"}},
	{"Open loop and capacity", []string{"rate", "arrival", "slo", "start-rate", "max-steps", "precision"}},
	{"Output", []string{"out", "o", "format", "quiet", "markdown", "record-trace", "head"}},
	{"Gate", []string{"repeat", "threshold", "max-error-rate", "max-regression", "map-target", "shard"}},
}

// usageLines are the usage lines of the commands that take arguments, by
// flag set name.
var usageLines = map[string]string{
	"bench compare":     "bench compare [flags] BASE.json CUR.json\n\nExit 0 no regression (or inconclusive, said plainly), 1 regression shown by evidence, 2 usage, 4 invalid run.",
	"bench merge":       "bench merge -o OUT.json IN.json...",
	"bench report":      "bench report [--format md|benchstat] RUN.json",
	"bench trace stats": "bench trace stats FILE [flags]",
	"bench capacity":    "bench capacity --slo EXPR [flags]",
}

// helpFor writes fs's help to its output: a usage line, then its flags by
// group, each with its real default, or for a flag that overrides the
// scenario the default scenario's value ("from the scenario (default:
// 8s)").
func helpFor(fs *flag.FlagSet) {
	w := fs.Output()
	usage, ok := usageLines[fs.Name()]
	if !ok {
		usage = fs.Name() + " [flags]"
	}
	fmt.Fprintf(w, "Usage: %s\n", usage)
	defaults := defaultScenarioValues()
	// Only a command that runs a scenario has flags that override it.
	overrides := fs.Lookup("scenario") != nil
	listed := map[string]bool{}
	section := func(title string, flags []*flag.Flag) {
		if len(flags) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s:\n", title)
		for _, f := range flags {
			left, right := flagHelpLine(f, defaults, overrides)
			if len(left) > 30 {
				fmt.Fprintf(w, "%s\n%32s%s\n", left, "", right)
				continue
			}
			fmt.Fprintf(w, "%-30s  %s\n", left, right)
		}
	}
	for _, g := range flagGroups {
		var flags []*flag.Flag
		for _, n := range g.names {
			if f := fs.Lookup(n); f != nil {
				flags = append(flags, f)
				listed[n] = true
			}
		}
		title := g.title
		if !overrides {
			title, _, _ = strings.Cut(title, " (")
		}
		section(title, flags)
	}
	var other []*flag.Flag
	fs.VisitAll(func(f *flag.Flag) {
		if !listed[f.Name] {
			other = append(other, f)
		}
	})
	section("Other", other)
	fmt.Fprintf(w, "\nFlags take one dash or two. Every flag: docs/flags.md.\n")
}

// flagHelpLine is a flag's name with what it takes, and its help with its
// default; overrides says whether the command's flags override a scenario.
func flagHelpLine(f *flag.Flag, defaults map[string]string, overrides bool) (left, right string) {
	metavar, usage := flag.UnquoteUsage(f)
	_, fromScenario := scenario.FlagHelp[f.Name]
	fromScenario = fromScenario && overrides
	if m, ok := metavars[f.Name]; ok && (metavar == "string" || metavar == "value") {
		metavar = m
	} else if fromScenario && (metavar == "string" || metavar == "value") {
		metavar = metavarOf(defaults[f.Name])
	}
	switch metavar {
	case "string", "value":
		metavar = "VALUE"
	case "duration":
		metavar = "DURATION"
	case "int", "int64", "uint":
		metavar = "N"
	case "float":
		metavar = "X"
	}
	left = "  " + dashes(f.Name)
	if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok || !b.IsBoolFlag() {
		left += " " + metavar
	}
	right = usage
	switch d, ok := defaults[f.Name]; {
	case fromScenario && ok:
		right += " (from the scenario; default: " + d + ")"
	case fromScenario:
		right += " (from the scenario)"
	case !zeroDefault(f.DefValue):
		right += " (default: " + f.DefValue + ")"
	}
	return left, right
}

// metavars name what the string flags take where neither their help nor
// the default scenario's value says it.
var metavars = map[string]string{
	"ops": "N", "source-concurrency": "N", "near-size": "N", "rate": "RATE", "speed": "X",
	"fill-delay": "DURATION", "invalidate-delay": "DURATION", "near-ttl": "DURATION",
	"out": "DIR", "format": "FORMAT", "tracking": "MODE", "near-over": "STRATEGY", "trace-format": "FORMAT",
	"strategy": "LIST", "key-dist": "DIST", "value-size": "SIZE", "source-latency": "LATENCY",
	"invalidate-mode": "MODE", "arrival": "MODE", "read-from": "WHERE", "ttl-mix": "MIX",
	"max-regression": "LIST", "markdown": "FILE",
}

// zeroDefault says whether a flag's default says nothing worth showing.
func zeroDefault(v string) bool {
	return v == "" || v == "0" || v == "false" || v == "0s" || v == "[]"
}

// metavarOf names what a flag takes from the default scenario's value.
func metavarOf(v string) string {
	if _, err := time.ParseDuration(v); err == nil {
		return "DURATION"
	}
	if _, err := strconv.ParseInt(v, 10, 64); err == nil {
		return "N"
	}
	if _, err := strconv.ParseFloat(v, 64); err == nil {
		return "X"
	}
	return "VALUE"
}

// defaultScenarioValues maps each workload flag to the default scenario's
// value of its field, resolved ("8s", "16", "zipf:0.99"), as its JSON
// field (the flag's name with underscores); fields at their zero value
// are left out.
func defaultScenarioValues() map[string]string {
	out := map[string]string{}
	s, ok := scenario.Builtin("default")
	if !ok {
		return out
	}
	p, err := scenario.Prepare(s)
	if err != nil || len(p.Spec.Workloads) == 0 {
		return out
	}
	fields := map[string]any{}
	for _, v := range []any{p.Spec, p.Spec.Workloads[0]} {
		js, err := json.Marshal(v)
		if err == nil {
			_ = json.Unmarshal(js, &fields) // the workload's fields win
		}
	}
	for _, name := range scenario.OverrideFlags {
		v, ok := fields[strings.ReplaceAll(name, "-", "_")]
		if !ok {
			continue
		}
		s := fmt.Sprint(v)
		if slices.Contains([]string{"", "0", "0s", "false"}, s) && name != "prewarm" {
			continue
		}
		out[name] = s
	}
	return out
}
