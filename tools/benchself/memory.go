package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/cacheaside/bench/bench"
	"github.com/cacheaside/bench/scenario"
	"github.com/cacheaside/bench/target"
)

// The memory check's workers and warm-up.
const (
	memWorkers = 16
	memWarmup  = 5 * time.Second
)

// memoryCheck runs the memory check twice, over 10,000 keys and over
// o.memKeys keys, each in a process of its own (so that its peak RSS is
// its own), and prints both. The growth from the first half of the
// measured time to the second says whether memory is flat: over a few
// seconds the garbage collector's heap target is still settling (a MB or
// two); -memory-duration 10m shows the long run.
func memoryCheck(ctx context.Context, o options, url string, w io.Writer) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nmemory, %d workers, default workload (zipf:0.99, 256-byte values, 5ms source), cold cache, %s after a %s warm-up, one process each:\n", memWorkers, o.memDur, memWarmup)
	for _, keys := range []uint64{10_000, o.memKeys} {
		cmd := exec.CommandContext(ctx, self, "-memory-child", url,
			"-memory-keys", strconv.FormatUint(keys, 10), "-memory-duration", o.memDur.String())
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		if err != nil {
			return fmt.Errorf("memory check over %d keys: %w", keys, err)
		}
		f := parseFigures(out)
		fmt.Fprintf(w, "  --keys %-11d peak RSS %6.1f MB; highest RSS in the first half %6.1f MB, in the second %6.1f MB (%+.1f MB, %+.1f%%); %.0f ops/s\n",
			keys, f["maxrss_mb"], f["rss_first_mb"], f["rss_second_mb"], f["rss_second_mb"]-f["rss_first_mb"],
			100*(f["rss_second_mb"]/f["rss_first_mb"]-1), f["ops_s"])
		if keys > 10_000 && f["maxrss_mb"] >= 200 {
			fmt.Fprintf(w, "  goal missed: peak RSS %.1f MB is not below 200 MB\n", f["maxrss_mb"])
		}
	}
	return nil
}

// parseFigures reads "name=value" lines.
func parseFigures(out []byte) map[string]float64 {
	f := map[string]float64{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		name, val, ok := strings.Cut(sc.Text(), "=")
		if !ok {
			continue
		}
		if v, err := strconv.ParseFloat(val, 64); err == nil {
			f[name] = v
		}
	}
	return f
}

// memoryChild runs one memory check against the server at o.memChild and
// prints its figures as name=value lines.
func memoryChild(ctx context.Context, o options, w io.Writer) error {
	spec := scenario.Spec{Name: "bench-self-memory", Workloads: []scenario.Workload{{
		Workers:  memWorkers,
		Keys:     o.memKeys,
		Duration: scenario.Duration(o.memDur),
		Warmup:   scenario.Duration(memWarmup),
	}}}
	plan, err := scenario.Prepare(spec)
	if err != nil {
		return err
	}
	t, err := target.ParseTarget(o.memChild)
	if err != nil {
		return err
	}
	c, err := target.ConnectUniversal(ctx, t, target.ConnectOptions{PoolSize: memWorkers + 4})
	if err != nil {
		return err
	}
	defer c.Close()
	prefix, err := scenario.KeyPrefix("benchself-memory", scenario.NewRunID())
	if err != nil {
		return err
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		_, _ = target.Cleanup(cctx, c, prefix)
	}()
	ca := plan.NewCacheAside(0, t, c, prefix)
	defer ca.Close()
	rss := &rssAtMeasure{CacheAside: ca}
	// Sample the RSS every 100ms while measuring: the highest of the first
	// and of the second half of the measured time.
	stop, sampled := make(chan struct{}), make(chan [2]int64)
	go func() {
		var top [2]int64
		defer func() { sampled <- top }()
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				if at := rss.since(); at >= 0 {
					half := min(int(2*at/o.memDur), 1)
					top[half] = max(top[half], currentRSS())
				}
			}
		}
	}()
	res, err := bench.Run(ctx, plan.BenchConfig(0), rss)
	close(stop)
	top := <-sampled
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "maxrss_mb=%.1f\nrss_first_mb=%.1f\nrss_second_mb=%.1f\nops_s=%.0f\n",
		mb(peakRSS()), mb(top[0]), mb(top[1]), res.Throughput())
	return nil
}

func mb(b int64) float64 { return float64(b) / (1 << 20) }

// rssAtMeasure notes when measurement starts (after the warm-up).
type rssAtMeasure struct {
	*scenario.CacheAside
	start atomic.Int64 // UnixNano; 0 until measuring
}

// StartMeasuring implements bench.MeasureStarter.
func (r *rssAtMeasure) StartMeasuring() {
	r.start.Store(time.Now().UnixNano())
	r.CacheAside.StartMeasuring()
}

// since returns the time since measurement started, -1 before.
func (r *rssAtMeasure) since() time.Duration {
	s := r.start.Load()
	if s == 0 {
		return -1
	}
	return time.Since(time.Unix(0, s))
}
