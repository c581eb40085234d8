package main

import (
	"context"
	"fmt"
	"os"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/bench"
	"github.com/cacheaside/bench/embedded"
	"github.com/cacheaside/bench/scenario"
	"github.com/cacheaside/bench/target"
)

// env is one bench-self session: the server, the C tools found and this
// tool's connected client and hit-only plan.
type env struct {
	o          options
	url        string
	host, port string
	rb, mt     string // resolved redis-benchmark and memtier_benchmark; "" = absent
}

func newEnv(o options, srv *embedded.Server) *env {
	host, port := splitAddr(srv.Addr)
	return &env{o: o, url: srv.URL(), host: host, port: port, rb: lookTool("redis-benchmark"), mt: lookTool(o.memtier)}
}

// commands describes what is compared, one line each.
func (e *env) commands() []string {
	var lines []string
	if e.rb != "" {
		lines = append(lines, "redis-benchmark "+strings.Join(e.o.redisBenchmarkArgs(e.host, e.port), " "))
	} else {
		lines = append(lines, "redis-benchmark: not found on PATH, skipped (Debian: apt-get install redis-tools)")
	}
	if e.mt != "" {
		lines = append(lines, "memtier_benchmark "+strings.Join(e.o.memtierArgs(e.host, e.port, "FILE"), " "))
	} else {
		lines = append(lines, "memtier_benchmark: not found on PATH (or -memtier), skipped")
	}
	lines = append(lines, fmt.Sprintf("this tool: bench run --target %s --workers %d --keys %d --key-dist uniform --value-size %d --ttl 1h --invalidate-rate 0 --prewarm=true --duration %s --warmup 1s%s --client-cpus %d (via the scenario and bench packages)",
		e.url, e.o.workers, e.o.keys, e.o.valueSize, e.o.duration, e.respFlag(), e.o.cpus))
	return lines
}

func (e *env) respFlag() string {
	if e.o.resp == 0 {
		return ""
	}
	return " --resp " + strconv.Itoa(e.o.resp)
}

// hitOnly is this tool's side of the comparison: a cache-aside workload of
// reads only over a prewarmed key space, so that every read is a hit.
func (e *env) hitOnly() (*scenario.Plan, error) {
	return e.hitOnlyPlan("bench-self", e.o.workers, 0)
}

// hitOnlyPlan is the hit-only workload named name with workers at rate
// (0: a closed loop).
func (e *env) hitOnlyPlan(name string, workers int, rate float64) (*scenario.Plan, error) {
	return scenario.Prepare(scenario.Spec{Name: name, Workloads: []scenario.Workload{{
		Workers:        workers,
		Rate:           rate,
		Keys:           e.o.keys,
		KeyDist:        "uniform",
		ValueSize:      strconv.Itoa(e.o.valueSize),
		TTL:            scenario.Duration(time.Hour),
		InvalidateRate: 0,
		Duration:       scenario.Duration(e.o.duration),
		Warmup:         scenario.Duration(time.Second),
		Prewarm:        true,
	}}})
}

// tool is this tool's connected client and plan, for a series of runs.
type tool struct {
	target  target.Target
	client  redis.UniversalClient
	plan    *scenario.Plan
	prefix  string
	profile func() (stop func(), err error) // starts a CPU profile of the next run (-cpuprofile)
}

// connect connects this tool to the server as bench run does (a pool of
// workers + 4 connections).
func (e *env) connect(ctx context.Context) (*tool, error) {
	plan, err := e.hitOnly()
	if err != nil {
		return nil, err
	}
	t, err := target.ParseTarget(e.url)
	if err != nil {
		return nil, err
	}
	c, err := target.ConnectUniversal(ctx, t, target.ConnectOptions{PoolSize: e.o.workers + 4, Protocol: e.o.resp})
	if err != nil {
		return nil, err
	}
	prefix, err := scenario.KeyPrefix("benchself", scenario.NewRunID())
	if err != nil {
		c.Close()
		return nil, err
	}
	return &tool{target: t, client: c, plan: plan, prefix: prefix, profile: noProfile}, nil
}

// close removes the tool's keys and closes its client.
func (t *tool) close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := target.Cleanup(ctx, t.client, t.prefix)
	if cerr := t.client.Close(); err == nil {
		err = cerr
	}
	return err
}

// run runs the hit-only workload once (prewarming first) and returns its
// figures; noRecord turns measurement off (bench.Config.NoRecord).
func (t *tool) run(ctx context.Context, noRecord bool) (measure, error) {
	ca := t.plan.NewCacheAside(0, t.target, t.client, t.prefix)
	defer ca.Close()
	cfg := t.plan.BenchConfig(0)
	cfg.NoRecord = noRecord
	meas := &cpuAtMeasure{CacheAside: ca}
	stop, err := t.profile()
	if err != nil {
		return measure{}, err
	}
	res, err := bench.Run(ctx, cfg, meas)
	stop()
	cpu := processCPU() - meas.cpu
	if err != nil {
		return measure{}, err
	}
	if res.Interrupted {
		return measure{}, ctx.Err()
	}
	if n := res.ErrorCount(); n > 0 {
		return measure{}, fmt.Errorf("this tool: %d errors: %v", n, res.Errors)
	}
	return measure{opsPerSec: res.Throughput(), hitRatio: res.HitRatio(), cpu: cpu, ops: float64(res.Ops)}, nil
}

// cpuAtMeasure notes the process's CPU time when measurement starts.
type cpuAtMeasure struct {
	*scenario.CacheAside
	cpu time.Duration
}

// StartMeasuring implements bench.MeasureStarter.
func (c *cpuAtMeasure) StartMeasuring() {
	c.cpu = processCPU()
	c.CacheAside.StartMeasuring()
}

func noProfile() (func(), error) { return func() {}, nil }

// fileProfile returns a profile func that profiles one run into path.
func fileProfile(path string) func() (func(), error) {
	return func() (func(), error) {
		f, err := os.Create(path)
		if err != nil {
			return nil, err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return nil, err
		}
		return func() {
			pprof.StopCPUProfile()
			f.Close()
		}, nil
	}
}
