// Command benchself measures the load generator against the C tools on
// the same server (make bench-self): it starts a private redis-server,
// then alternates, round after round, redis-benchmark's GET test,
// memtier_benchmark's GET-only run (when memtier_benchmark is on PATH or
// given with -memtier) and this tool's hit-only cache-aside workload
// (through the scenario and bench packages, with the workload's keys
// prewarmed), and prints each one's median throughput and the ratios.
// Every tool runs 50 connections, one request per connection at a time,
// 100-byte values over 10,000 keys, all of them cached beforehand.
//
// It also prints what recording costs (the workload with and without
// bench.Config.NoRecord, alternating) and the peak RSS of a run over 100
// million keys with 16 workers against one over 10,000 keys, each in a
// process of its own.
//
// Throughput on one machine is shared between client and server: on a
// small machine the client that needs the least CPU per request leaves
// the most to redis-server, so the numbers depend on the machine and on
// whatever else runs on it. Alternating rounds and medians keep such
// drift from favouring one tool.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"time"

	"github.com/cacheaside/bench/embedded"
	"github.com/cacheaside/bench/target"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "benchself:", err)
		}
		os.Exit(1)
	}
}

// options are benchself's flags.
type options struct {
	rounds    int
	duration  time.Duration
	requests  int
	workers   int
	keys      uint64
	valueSize int
	resp      int
	memtier   string
	overhead  int
	memory    bool
	precision bool // the open loop's precision section
	near      bool // the near cache's section
	memKeys   uint64
	memDur    time.Duration
	memChild  string // hidden: run the memory check against this URL and exit
	cpuProf   string
	cpus      int // GOMAXPROCS of this tool's runs (bench run --client-cpus); 0 = Go's default
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("benchself", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.rounds, "rounds", 5, "alternating rounds of each tool")
	fs.DurationVar(&o.duration, "duration", 5*time.Second, "measured time of each run of this tool and memtier_benchmark")
	fs.IntVar(&o.requests, "requests", 500000, "requests of each redis-benchmark run (-n)")
	fs.IntVar(&o.workers, "workers", 50, "connections (workers) of every tool")
	fs.Uint64Var(&o.keys, "keys", 10000, "key space of every tool")
	fs.IntVar(&o.valueSize, "value-size", 100, "value size in bytes")
	fs.IntVar(&o.resp, "resp", 0, "RESP version of this tool's client: 2, 3, or 0 for go-redis's default (as bench run)")
	fs.StringVar(&o.memtier, "memtier", "memtier_benchmark", "memtier_benchmark binary; skipped when not found")
	fs.IntVar(&o.overhead, "overhead-rounds", 5, "rounds with and without recording (0 = skip)")
	fs.BoolVar(&o.memory, "memory", true, "measure peak RSS over a huge key space")
	fs.BoolVar(&o.near, "near", true, "measure a near-hit-only workload (--strategy near) against Redis GET hits")
	fs.BoolVar(&o.precision, "precision", true, "measure the open loop's precision at 1,000, 5,000 and 20,000 ops/s")
	fs.Uint64Var(&o.memKeys, "memory-keys", 100_000_000, "key space of the memory check")
	fs.DurationVar(&o.memDur, "memory-duration", 5*time.Second, "measured time of the memory check (after a 5s warm-up)")
	fs.IntVar(&o.cpus, "client-cpus", 1, "CPUs this tool runs on (bench run --client-cpus, GOMAXPROCS), like the C tools' one thread; 0 = all available")
	fs.StringVar(&o.cpuProf, "cpuprofile", "", "write a CPU profile of this tool's run in the last throughput round to `FILE` (go tool pprof)")
	fs.StringVar(&o.memChild, "memory-child", "", "internal: run one memory check against `URL` and print its figures")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	switch {
	case fs.NArg() > 0:
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case o.rounds < 1, o.duration <= 0, o.requests < 1, o.workers < 1, o.keys < 1, o.valueSize < 1, o.overhead < 0:
		return o, errors.New("-rounds, -duration, -requests, -workers, -keys and -value-size must be positive, -overhead-rounds not negative")
	case o.cpus < 0:
		return o, errors.New("-client-cpus must be 0 (all available) or a number of CPUs")
	case o.resp != 0 && o.resp != 2 && o.resp != 3:
		return o, errors.New("-resp must be 0, 2 or 3")
	}
	return o, nil
}

func run(args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	target.QuietClientLogs()
	if o.memChild != "" {
		return memoryChild(ctx, o, stdout)
	}

	if o.cpus > 0 {
		runtime.GOMAXPROCS(o.cpus) // this process runs nothing else while measuring
	}
	srv, err := embedded.Start(ctx, embedded.Options{NoEmulator: true})
	if err != nil {
		return err
	}
	defer srv.Stop()
	env := newEnv(o, srv)
	fmt.Fprintf(stdout, "bench-self: redis-server %s at %s; %d CPUs, GOMAXPROCS %d, %s\n",
		srv.Version, srv.Addr, runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.Version())
	fmt.Fprintf(stdout, "workload: %d connections, %d keys, %d-byte values, all cached; GET only, closed loop\n", o.workers, o.keys, o.valueSize)
	for _, line := range env.commands() {
		fmt.Fprintln(stdout, "  "+line)
	}
	if err := env.prefill(ctx); err != nil {
		return err
	}
	if err := env.throughput(ctx, stdout); err != nil {
		return err
	}
	if o.near {
		if err := env.near(ctx, stdout); err != nil {
			return err
		}
	}
	if o.precision {
		if err := env.precision(ctx, stdout); err != nil {
			return err
		}
	}
	if o.overhead > 0 {
		if err := env.recordingOverhead(ctx, stdout); err != nil {
			return err
		}
	}
	if o.memory {
		if err := memoryCheck(ctx, o, srv.URL(), stdout); err != nil {
			return err
		}
	}
	return nil
}
