package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/cacheaside/bench/bench"
	"github.com/cacheaside/bench/gate"
	"github.com/cacheaside/bench/internal/suggest"
	"github.com/cacheaside/bench/report"
	"github.com/cacheaside/bench/scenario"
	"github.com/cacheaside/bench/target"
)

const usageText = `bench: a cache-aside benchmark for Redis deployments

Usage: bench [command] [flags]

Commands:
  run        baseline verification, then the scenario's workloads, on every target (the default)
               bench run --target 127.0.0.1:6379 --duration 30s
  verify     the baseline verification alone
               bench verify --target rediss://default:secret@cache:6380
  capacity   the highest open-loop arrival rate whose latency meets an SLO
               bench capacity --slo 'hit.p99<1ms'
  compare    regression check of two reports (exit 1 on a regression, 4 on an invalid run)
               bench compare results/base/report.json results/new/report.json
  merge      merge the reports of the shards of one run
               bench merge -o all.json shard1/report.json shard2/report.json
  report     re-render report.md, plots and .hgrm files from a saved report.json
               bench report results/20261201T061520Z/report.json
  scenarios  list the built-in scenarios
               bench scenarios --format json
  clean      remove keys left under a prefix by crashed runs (SCAN + UNLINK)
               bench clean --prefix cacheaside --target 127.0.0.1:6379
  trace      characterise a cache trace (twitter, oracle-general, csv; plain, gzip, zstd)
               bench trace stats cluster52.sort.zst
  version    the tool's version, revision and Go version (also --version)
  completion a completion script for bash, zsh or fish
               source <(bench completion bash)

'bench <command> --help' lists a command's flags by group. Docs: README.md, docs/flags.md.
`

// run is the testable entry point: run(args, stdout, stderr) error.
func run(args []string, stdout, stderr io.Writer) error {
	return runContext(context.Background(), args, stdout, stderr)
}

// runContext dispatches the subcommand; ctx is cancelled by SIGINT/SIGTERM.
func runContext(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	target.QuietClientLogs()
	cmd := "run"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	} else if len(args) > 0 {
		// Without a command, bench --help lists the commands and bench
		// --version says the version; other flags are run's.
		switch args[0] {
		case "-h", "-help", "--help":
			cmd = "help"
		case "-version", "--version":
			cmd = "version"
		}
	}
	switch cmd {
	case "version":
		fmt.Fprintln(stdout, versionLine())
		return nil
	case "completion":
		return completionCmd(args, stdout)
	case "run", "verify", "capacity":
		o, err := parseRunFlags(cmd, args, stderr)
		if errors.Is(err, errHelp) {
			return nil
		}
		if err != nil {
			return err
		}
		return execute(ctx, o, stdout, stderr)
	case "scenarios":
		return listScenarios(args, stdout, stderr)
	case "clean":
		return clean(ctx, args, stdout, stderr)
	case "report":
		return rerender(args, stdout, stderr)
	case "help":
		fmt.Fprint(stdout, usageText)
		return nil
	case "compare":
		return compareCmd(args, stdout, stderr)
	case "merge":
		return mergeCmd(args, stdout, stderr)
	case "trace":
		return traceCmd(args, stdout, stderr)
	}
	if near, ok := suggest.Nearest(cmd, commands); ok {
		return &usageError{fmt.Sprintf("unknown command %q: did you mean %s? ('bench --help' lists the commands)", cmd, near)}
	}
	return &usageError{fmt.Sprintf("unknown command %q: want %s ('bench --help' lists them)", cmd, strings.Join(commands, ", "))}
}

// errHelp: -h was asked for and the flag package printed the usage.
var errHelp = errors.New("help")

// runOptions is a parsed command line of run or verify.
type runOptions struct {
	command  string
	targets  []string
	plan     *scenario.Plan // nil for verify
	prefix   string
	out      string
	quiet    bool
	poolSize int
	// conn tunes every target's client (timeouts; TLS and auth later).
	conn target.ConnectOptions
	// repeat runs each workload this many times, interleaved across targets.
	repeat int
	// thresholds are --threshold checks of the finished run.
	thresholds []gate.Threshold
	// shard is this process's part of a sharded run, nil when not sharded.
	shard *report.Shard
	// format is "text" or "json" (the report also on stdout).
	format string
	// capacity holds the flags of `bench capacity`.
	capacity capacityOptions
	// maxErrorRate: a workload whose errored operations exceed this
	// fraction of its operations fails the run (exit 1).
	maxErrorRate float64
	// recordTrace is --record-trace: the file the workload's requests are
	// written to as a twitter trace; "" for none.
	recordTrace string
	// clientCPUs is --client-cpus: the Go runtime's GOMAXPROCS while the
	// command runs; 0 leaves Go's default (the CPUs available), but for the
	// private redis-server (clientCPUs).
	clientCPUs int
	// faults are --fault: done to each target during each workload's
	// measured window.
	faults []target.Fault
	// faultsFrom names where the faults come from when it is not --fault
	// (a scenario's), for the refusal of one.
	faultsFrom string
	// clientName names the run's connections when a fault needs it.
	clientName string
}

// maxClientCPUs bounds --client-cpus.
const maxClientCPUs = 1024

// defaultMaxErrorRate is --max-error-rate's default: 1% of operations.
const defaultMaxErrorRate = 0.01

// targetFlags collects repeated --target values.
type targetFlags []string

func (t *targetFlags) String() string     { return strings.Join(*t, ",") }
func (t *targetFlags) Set(v string) error { *t = append(*t, v); return nil }

// parseRunFlags parses and validates everything before any connection.
func parseRunFlags(cmd string, args []string, stderr io.Writer) (*runOptions, error) {
	fs := flag.NewFlagSet("bench "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := &runOptions{command: cmd}
	var targets targetFlags
	fs.Var(&targets, "target", "`[NAME=]URL` of a deployment, or host:port (repeatable); default $REDIS_URL, else a private redis-server")
	fs.StringVar(&o.prefix, "prefix", "cacheaside", "key namespace: every key of a run lives under `PREFIX`:<run id>:")
	fs.StringVar(&o.out, "out", "", "report folder (default results/<UTC timestamp>/)")
	fs.BoolVar(&o.quiet, "quiet", false, "no progress line")
	fs.StringVar(&o.format, "format", "text", "text, or json: also print report.json to stdout (console lines go to stderr)")
	fs.DurationVar(&o.conn.DialTimeout, "dial-timeout", 3*time.Second, "bound on each connection attempt")
	fs.DurationVar(&o.conn.IOTimeout, "io-timeout", 3*time.Second, "bound on each read and write of a command")
	fs.Float64Var(&o.maxErrorRate, "max-error-rate", defaultMaxErrorRate, "fail the run (exit 1) when more than this fraction of a workload's operations fail")
	fs.IntVar(&o.clientCPUs, "client-cpus", 0, "CPUs the load generator runs on at once (GOMAXPROCS), like memtier_benchmark's --threads; 0 = all available (all but one against the private redis-server, and in an open loop against a server on loopback or a unix socket). On a machine shared with the server, fewer leave the rest to it")
	scen := "default"
	var slo, precision string
	if cmd == "capacity" {
		fs.StringVar(&slo, "slo", "", "latency objective, e.g. 'p99<5ms' or 'hit.p999<2ms' (required)")
		fs.Float64Var(&o.capacity.startRate, "start-rate", bench.DefaultStartRate, "first arrival rate tried, in ops/s")
		fs.IntVar(&o.capacity.maxSteps, "max-steps", bench.DefaultMaxSteps, "most steps (runs of --duration) the search takes, repeats and confirmations included")
		fs.StringVar(&precision, "precision", "2%", "stop when the answer is bracketed this closely: the bracket's half-width over its middle, e.g. 2% or 0.02")
	}
	var thresholds, faults targetFlags
	var shard string
	if cmd == "run" {
		fs.Var(&faults, "fault", "do `AT:KIND[=ARG]` to the target AT into each workload's measured window (repeatable): failover, pause=DUR, kill-clients, debug-sleep=DUR")
		fs.IntVar(&o.repeat, "repeat", 1, "run each workload `N` times (interleaved across targets); report.json keeps each repeat's figures")
		fs.Var(&thresholds, "threshold", "fail (exit 1) unless `METRIC<VALUE` holds, e.g. 'read.p99<2ms' or 'hit_ratio>0.9' (repeatable)")
		fs.StringVar(&shard, "shard", "", "run shard `i/n` (1-based): a disjoint 1/n of the key space at 1/n of the rate; merge with bench merge")
		fs.StringVar(&o.recordTrace, "record-trace", "", "write the requests the workload issues to `FILE` as a twitter trace (bench trace stats, --trace); one workload on one target only")
	}
	if cmd == "run" || cmd == "capacity" {
		fs.StringVar(&scen, "scenario", "default", "built-in scenario `NAME` (bench scenarios) or a YAML/JSON FILE")
		for _, name := range scenario.OverrideFlags {
			if name == "prewarm" {
				fs.Bool(name, false, scenario.FlagHelp[name]) // a bare --prewarm means true
				continue
			}
			fs.String(name, "", scenario.FlagHelp[name])
		}
	}
	cf := addConnFlags(fs)
	if _, err := parseArgs(fs, args, false); err != nil {
		if errors.Is(err, errHelp) {
			return nil, errHelp
		}
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, &usageError{fmt.Sprintf("unexpected argument %q: flags only (bench %s -h)", fs.Arg(0), cmd)}
	}
	if o.conn.DialTimeout <= 0 || o.conn.IOTimeout <= 0 {
		return nil, &usageError{"--dial-timeout and --io-timeout must be positive durations"}
	}
	co, err := cf.options(os.Getenv)
	if err != nil {
		return nil, err
	}
	co.DialTimeout, co.IOTimeout = o.conn.DialTimeout, o.conn.IOTimeout
	o.conn = co
	if o.format != "text" && o.format != "json" {
		return nil, &usageError{fmt.Sprintf("--format: want text or json, got %q", o.format)}
	}
	if o.clientCPUs < 0 || o.clientCPUs > maxClientCPUs {
		return nil, &usageError{fmt.Sprintf("--client-cpus: want 0 (all available) or a number of CPUs up to %d, got %d", maxClientCPUs, o.clientCPUs)}
	}
	if !(o.maxErrorRate >= 0 && o.maxErrorRate <= 1) {
		return nil, &usageError{fmt.Sprintf("--max-error-rate: want a fraction in [0, 1], got %v", o.maxErrorRate)}
	}
	o.targets = targets
	for _, t := range targets {
		if _, err := target.ParseTarget(t); err != nil {
			return nil, err
		}
	}
	if _, err := scenario.KeyPrefix(o.prefix, "x"); err != nil {
		return nil, err
	}
	if o.repeat == 0 {
		o.repeat = 1
	}
	if o.repeat < 1 || o.repeat > 1000 {
		return nil, &usageError{fmt.Sprintf("--repeat: want 1 to 1000, got %d", o.repeat)}
	}
	if len(thresholds) > 0 {
		if o.thresholds, err = parseThresholds(thresholds); err != nil {
			return nil, err
		}
	}
	if shard != "" {
		sh, err := report.ParseShard(shard)
		if err != nil {
			return nil, &usageError{"--shard: " + err.Error()}
		}
		o.shard = &sh
	}
	if cmd == "capacity" {
		if slo == "" {
			return nil, &usageError{"capacity needs --slo, e.g. --slo 'p99<5ms'"}
		}
		var err error
		if o.capacity.slo, err = gate.ParseSLO(slo); err != nil {
			return nil, &usageError{"--slo: " + err.Error()}
		}
		if !(o.capacity.startRate > 0 && o.capacity.startRate <= bench.MaxRate) || o.capacity.maxSteps < 1 {
			return nil, &usageError{"--start-rate must be a rate > 0 and --max-steps at least 1"}
		}
		if o.capacity.precision, err = parsePrecision(precision); err != nil {
			return nil, err
		}
	}
	if cmd == "run" || cmd == "capacity" {
		spec, err := scenario.Load(scen)
		if err != nil {
			return nil, err
		}
		// --trace first: it clears the scenario's duration and warm-up
		// (a replay runs to the trace's end), which --duration and
		// --warmup then set again when given.
		var oerr error
		if f := fs.Lookup("trace"); f != nil && f.Value.String() != "" {
			oerr = spec.Override("trace", f.Value.String())
		}
		fs.Visit(func(f *flag.Flag) {
			if _, ok := scenario.FlagHelp[f.Name]; ok && oerr == nil && f.Name != "trace" {
				oerr = spec.Override(f.Name, f.Value.String())
			}
		})
		if oerr != nil {
			return nil, oerr
		}
		if o.plan, err = scenario.Prepare(spec); err != nil {
			return nil, err
		}
		for _, w := range o.plan.Workloads() {
			switch {
			case w.Trace == "":
			case cmd == "capacity":
				return nil, &usageError{"--trace: bench capacity searches over arrival rates of drawn keys; replay a trace with bench run --trace FILE [--speed X | --rate R]"}
			case o.shard != nil:
				return nil, &usageError{"--trace with --shard: each shard would replay the whole trace; run one replay, with --workers for more concurrency"}
			}
		}
		if err := checkRecordTrace(o); err != nil {
			return nil, err
		}
		if o.shard != nil {
			o.plan.SetShard(o.shard.Index, o.shard.Count)
		}
		for _, w := range o.plan.Workloads() {
			o.poolSize = max(o.poolSize, w.Workers+4)
		}
	}
	if len(faults) == 0 && o.plan != nil && cmd == "run" {
		faults, o.faultsFrom = o.plan.Spec.Faults, "scenario "+o.plan.Spec.Name
	}
	if o.faults, err = parseFaults(faults, o.plan); err != nil {
		return nil, err
	}
	if o.plan != nil && cmd == "run" {
		o.plan.Spec.Faults = faults // report.json's scenario says which faults ran
	}
	return o, nil
}

// parseFaults parses the --fault values; each must fall inside every
// workload's measured window (when it has a duration: a trace replay runs
// to the trace's end, and a fault due after it is not done).
func parseFaults(args []string, plan *scenario.Plan) ([]target.Fault, error) {
	var out []target.Fault
	for _, a := range args {
		f, err := target.ParseFault(a)
		if err != nil {
			return nil, err
		}
		for _, w := range plan.Workloads() {
			if d := w.Duration.D(); d > 0 && f.At >= d { // 0: a replay, to its trace's end
				return nil, &usageError{fmt.Sprintf("--fault %s: AT %s is not inside workload %s's measured window of %s (--duration): want an offset below it", a, f.At, w.Name, d)}
			}
		}
		out = append(out, f)
	}
	return out, nil
}

// parsePrecision parses --precision: a percentage ("2%") or a fraction
// ("0.02") in (0, 1).
func parsePrecision(s string) (float64, error) {
	v, pct := strings.CutSuffix(strings.TrimSpace(s), "%")
	f, err := strconv.ParseFloat(v, 64)
	if pct {
		f /= 100
	}
	if err != nil || !(f > 0 && f < 1) {
		return 0, &usageError{fmt.Sprintf("--precision: want a percentage such as 2%% or a fraction such as 0.02, above 0 and below 100%%, got %q", s)}
	}
	return f, nil
}

// listScenarios prints the built-in scenarios, one line each, or with
// --format json each fully resolved spec (as report.json's scenario).
func listScenarios(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench scenarios", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output: text (one line each) or json (every field of every workload, defaults filled in)")
	if _, err := parseArgs(fs, args, false); err != nil {
		if errors.Is(err, errHelp) {
			return nil
		}
		return err
	}
	if fs.NArg() > 0 {
		return &usageError{"scenarios takes no arguments"}
	}
	switch *format {
	case "text":
		for _, s := range scenario.Builtins() {
			fmt.Fprintf(stdout, "%-12s %s\n", s.Name, s.Description)
		}
		return nil
	case "json":
		specs := []scenario.Spec{}
		for _, s := range scenario.Builtins() {
			p, err := scenario.Prepare(s)
			if err != nil {
				return fmt.Errorf("built-in scenario %s: %w", s.Name, err)
			}
			specs = append(specs, p.Spec)
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(specs)
	}
	return &usageError{fmt.Sprintf("--format: want text or json, got %q", *format)}
}

// isTerminal reports whether w is a terminal, for the progress line.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	return termIsTerminal(int(f.Fd()))
}
