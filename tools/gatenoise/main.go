// Command gatenoise counts the false alarms of `bench compare` (make
// gate-noise): on a private redis-server it runs K pairs of identical runs
// at each --repeat asked for and compares each pair, then runs real
// regressions and checks that they are flagged: a source 20 times slower
// with one run a side, and values four times larger (a throughput loss) at
// the largest repeat count. It prints every verdict, the false-alarm count
// per repeat count and the detections; it exits 1 when a false alarm
// happened or a regression went unflagged.
//
// An identical pair that compare calls a regression (exit 1) is a false
// alarm; an inconclusive or noisy verdict (exit 0) is the right answer,
// and an invalid run (exit 4) is counted apart: it means the machine could
// not run the load asked for, not that the gate erred. For each repeat
// count it also prints the largest change for the worse seen between
// identical runs, metric by metric, past the default thresholds: the
// drift of this machine between runs, in --max-regression's syntax.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/cacheaside/bench/embedded"
	"github.com/cacheaside/bench/gate"
	"github.com/cacheaside/bench/report"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "gatenoise:", err)
		}
		os.Exit(1)
	}
}

// options are gatenoise's flags.
type options struct {
	pairs        int
	repeats      []int
	duration     string
	warmup       string
	workers      int
	keys         int
	invalidate   string
	source       time.Duration
	slowFactor   int
	valueSize    int
	bench        string
	target       string
	extra        []string
	keep         string
	skipDetector bool
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("gatenoise", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.pairs, "k", 20, "identical pairs per repeat count")
	reps := fs.String("repeats", "1,3,6", "comma-separated --repeat values to test")
	fs.StringVar(&o.duration, "duration", "1s", "--duration of every run")
	fs.StringVar(&o.warmup, "warmup", "0.5s", "--warmup of every run")
	fs.IntVar(&o.workers, "workers", 8, "--workers of every run")
	fs.IntVar(&o.keys, "keys", 500, "--keys of every run")
	fs.StringVar(&o.invalidate, "invalidate-rate", "0.05", "--invalidate-rate of every run")
	fs.DurationVar(&o.source, "source-latency", 2*time.Millisecond, "--source-latency of every run")
	fs.IntVar(&o.slowFactor, "slow-factor", 20, "the slow-source regression multiplies --source-latency by this")
	fs.IntVar(&o.valueSize, "value-size", 16384, "--value-size of every run; the throughput regression uses four times this")
	fs.StringVar(&o.bench, "bench", "", "bench binary (default: build ./cmd/bench into a temporary folder)")
	fs.StringVar(&o.target, "target", "", "redis URL to run against (default: a private redis-server from PATH)")
	extra := fs.String("run-flags", "", "extra flags for every bench run, space-separated")
	fs.StringVar(&o.keep, "keep", "", "keep the reports under this folder (default: a temporary folder, removed)")
	fs.BoolVar(&o.skipDetector, "no-regressions", false, "run the identical pairs only")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	for _, s := range strings.Split(*reps, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return o, fmt.Errorf("-repeats: want positive integers such as 1,3,6, got %q", *reps)
		}
		o.repeats = append(o.repeats, n)
	}
	if o.pairs < 0 || o.slowFactor < 1 || o.valueSize < 1 {
		return o, errors.New("-k, -slow-factor and -value-size must be positive")
	}
	o.extra = strings.Fields(*extra)
	return o, nil
}

func run(args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	dir := o.keep
	if dir == "" {
		if dir, err = os.MkdirTemp("", "gatenoise-"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	}
	if o.bench == "" {
		o.bench = filepath.Join(dir, "bench")
		build := exec.CommandContext(ctx, "go", "build", "-o", o.bench, "./cmd/bench")
		build.Stdout, build.Stderr = stderr, stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("build ./cmd/bench (run from the repository root): %w", err)
		}
	}
	if o.target == "" {
		srv, err := embedded.Start(ctx, embedded.Options{NoEmulator: true})
		if err != nil {
			return fmt.Errorf("start a private redis-server: %w", err)
		}
		defer srv.Stop()
		o.target = srv.URL()
		// The client's CPUs are bench run's own choice for a loopback
		// server (every CPU in the closed loop): forcing one made runs with
		// values four times larger client-bound, and so not comparable.
		fmt.Fprintf(stdout, "private redis-server %s on %s\n", srv.Version, srv.Addr)
	}
	g := &gauge{o: o, dir: dir, out: stdout}
	fmt.Fprintf(stdout, "runs: --duration %s --warmup %s --workers %d --keys %d --invalidate-rate %s --source-latency %s --value-size %d %s\n",
		o.duration, o.warmup, o.workers, o.keys, o.invalidate, o.source, o.valueSize, strings.Join(o.extra, " "))
	start := time.Now()
	var summary []string
	failed := false
	for _, rep := range o.repeats {
		var alarms, inconclusive, invalid int
		drift := map[string]float64{} // metric key: largest |change| of a worse median
		for k := 1; k <= o.pairs; k++ {
			name := fmt.Sprintf("same-r%d-%d", rep, k)
			code, line, err := g.pair(ctx, name, rep, nil, nil)
			if err != nil {
				return err
			}
			if err := g.drift(name, drift); err != nil {
				return err
			}
			switch code {
			case 1:
				alarms++
			case 4:
				invalid++
			}
			if strings.HasPrefix(line, "INCONCLUSIVE") {
				inconclusive++
			}
			fmt.Fprintf(stdout, "identical pair %2d, --repeat %d: exit %d  %s\n", k, rep, code, clip(line))
		}
		s := fmt.Sprintf("--repeat %d: %d false alarm(s) in %d identical pairs (%d inconclusive, %d invalid)", rep, alarms, o.pairs, inconclusive, invalid)
		fmt.Fprintln(stdout, s)
		summary = append(summary, s)
		if d := driftLine(drift); d != "" {
			fmt.Fprintf(stdout, "--repeat %d: largest change for the worse between identical runs, past the default thresholds: %s\n", rep, d)
			summary = append(summary, fmt.Sprintf("--repeat %d drift past the default thresholds: %s", rep, d))
		}
		failed = failed || alarms > 0
	}
	if !o.skipDetector {
		maxRep := 1
		for _, r := range o.repeats {
			maxRep = max(maxRep, r)
		}
		slow := []string{"--source-latency", (o.source * time.Duration(o.slowFactor)).String()}
		code, line, err := g.pair(ctx, "slow-source", 1, nil, slow)
		if err != nil {
			return err
		}
		s := fmt.Sprintf("%d× slower source, --repeat 1: exit %d, %s  %s", o.slowFactor, code, detected(code), clip(line))
		fmt.Fprintln(stdout, s)
		summary = append(summary, s)
		failed = failed || code != 1
		big := []string{"--value-size", strconv.Itoa(4 * o.valueSize)}
		code, line, err = g.pair(ctx, "big-values", maxRep, nil, big)
		if err != nil {
			return err
		}
		s = fmt.Sprintf("values 4× larger (%d → %d B), --repeat %d: exit %d, %s  %s", o.valueSize, 4*o.valueSize, maxRep, code, detected(code), clip(line))
		fmt.Fprintln(stdout, s)
		summary = append(summary, s)
		failed = failed || code != 1
	}
	fmt.Fprintf(stdout, "\nsummary (%s):\n", time.Since(start).Round(time.Second))
	for _, s := range summary {
		fmt.Fprintln(stdout, "  "+s)
	}
	if failed {
		return errors.New("a false alarm or a missed regression (see above)")
	}
	return nil
}

// gauge runs bench and bench compare.
type gauge struct {
	o   options
	dir string
	out io.Writer
}

// pair runs a baseline and a current run (each with its extra flags) and
// compares them: compare's exit code and its closing line.
func (g *gauge) pair(ctx context.Context, name string, repeat int, baseFlags, curFlags []string) (int, string, error) {
	base := filepath.Join(g.dir, name, "base")
	cur := filepath.Join(g.dir, name, "current")
	if err := g.bench(ctx, base, repeat, baseFlags); err != nil {
		return 0, "", err
	}
	if err := g.bench(ctx, cur, repeat, curFlags); err != nil {
		return 0, "", err
	}
	cmd := exec.CommandContext(ctx, g.o.bench, "compare", filepath.Join(base, "report.json"), filepath.Join(cur, "report.json"))
	out, err := cmd.Output()
	code := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		return 0, "", fmt.Errorf("bench compare: %w", err)
	}
	if ctx.Err() != nil {
		return 0, "", ctx.Err()
	}
	if code != 0 && code != 1 && code != 4 {
		return 0, "", fmt.Errorf("bench compare %s: exit %d: %s", name, code, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return code, lines[len(lines)-1], nil
}

// drift adds the identical pair name's changes for the worse (the medians
// of its metrics, as bench compare judges them) to worst.
func (g *gauge) drift(name string, worst map[string]float64) error {
	var rs [2]*report.Report
	for i, side := range []string{"base", "current"} {
		r, err := report.Read(filepath.Join(g.dir, name, side, "report.json"))
		if err != nil {
			return err
		}
		rs[i] = r
	}
	res, err := gate.Regress(rs[0], rs[1], gate.RegressOptions{})
	if err != nil {
		return err
	}
	for _, w := range res.Workloads {
		for _, m := range w.Metrics {
			worse := (m.Current-m.Base)*float64(m.Metric.Better) < 0
			if worse && m.HasBase && m.HasCurrent && math.Abs(m.Change) > m.MaxRegression {
				worst[m.Metric.Key] = max(worst[m.Metric.Key], math.Abs(m.Change))
			}
		}
	}
	return nil
}

// driftLine formats the largest drifts in --max-regression's syntax, in
// the order of gate.RegressMetrics.
func driftLine(worst map[string]float64) string {
	var parts []string
	for _, k := range gate.RegressMetricKeys() {
		if v, ok := worst[k]; ok && !math.IsInf(v, 0) {
			parts = append(parts, fmt.Sprintf("%s=%.0f%%", k, 100*v))
		}
	}
	return strings.Join(parts, ",")
}

// bench runs one `bench run` into dir.
func (g *gauge) bench(ctx context.Context, dir string, repeat int, flags []string) error {
	o := g.o
	args := []string{"run", "--target", o.target, "--quiet", "--out", dir, "--repeat", strconv.Itoa(repeat),
		"--duration", o.duration, "--warmup", o.warmup, "--workers", strconv.Itoa(o.workers), "--keys", strconv.Itoa(o.keys),
		"--invalidate-rate", o.invalidate, "--source-latency", o.source.String(), "--value-size", strconv.Itoa(o.valueSize)}
	args = append(append(args, o.extra...), flags...) // later flags win
	cmd := exec.CommandContext(ctx, o.bench, args...)
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil {
		return fmt.Errorf("bench %s: %w\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}

func detected(code int) string {
	if code == 1 {
		return "flagged"
	}
	return "NOT flagged"
}

// clip shortens a closing line for the console.
func clip(s string) string {
	if r := []rune(s); len(r) > 200 {
		return string(r[:200]) + "…"
	}
	return s
}
