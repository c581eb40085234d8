package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"time"
)

// redisBenchmarkArgs are the arguments of one measured redis-benchmark run.
func (o options) redisBenchmarkArgs(host, port string) []string {
	return []string{"-h", host, "-p", port, "-t", "get", "-c", strconv.Itoa(o.workers),
		"-d", strconv.Itoa(o.valueSize), "-r", strconv.FormatUint(o.keys, 10), "-n", strconv.Itoa(o.requests), "--csv"}
}

// memtierArgs are the arguments of one measured memtier_benchmark run,
// writing its JSON summary to out.
func (o options) memtierArgs(host, port, out string) []string {
	return []string{"-s", host, "-p", port, "-t", "1", "-c", strconv.Itoa(o.workers), "--ratio", "0:1",
		"--key-minimum", "1", "--key-maximum", strconv.FormatUint(o.keys, 10), "-d", strconv.Itoa(o.valueSize),
		"--test-time", strconv.Itoa(max(int(o.duration.Round(time.Second)/time.Second), 1)),
		"--hide-histogram", "--json-out-file", out}
}

func splitAddr(addr string) (host, port string) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr, ""
	}
	return host, port
}

// lookTool resolves name on PATH (or as a path); "" when not found.
func lookTool(name string) string {
	if name == "" {
		return ""
	}
	p, err := exec.LookPath(name)
	if err != nil {
		return ""
	}
	return p
}

// measure is one run's figures.
type measure struct {
	opsPerSec float64
	hitRatio  float64       // -1 when the tool does not say
	cpu       time.Duration // the client's CPU time (user + system)
	ops       float64       // operations, to turn cpu into a cost per operation
}

// cpuPerOp returns the client's CPU time per operation in µs.
func (m measure) cpuPerOp() float64 {
	if m.ops <= 0 {
		return 0
	}
	return float64(m.cpu) / float64(time.Microsecond) / m.ops
}

// runChild runs bin with args, bounded by a generous timeout (a C tool can
// retry a refused connection for ever), and returns its output and CPU.
func runChild(ctx context.Context, timeout time.Duration, bin string, args ...string) ([]byte, time.Duration, time.Duration, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	t0 := time.Now()
	out, err := cmd.CombinedOutput()
	wall := time.Since(t0)
	var cpu time.Duration
	if cmd.ProcessState != nil {
		cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	if err != nil {
		return out, cpu, wall, fmt.Errorf("%s: %w: %s", filepath.Base(bin), err, tail(out))
	}
	return out, cpu, wall, nil
}

func tail(b []byte) string {
	const n = 300
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}

// redisBenchmark runs one measured redis-benchmark GET test.
func (e *env) redisBenchmark(ctx context.Context) (measure, error) {
	out, cpu, _, err := runChild(ctx, 10*time.Minute, e.rb, e.o.redisBenchmarkArgs(e.host, e.port)...)
	if err != nil {
		return measure{}, err
	}
	rps, err := parseRedisBenchmarkCSV(out)
	if err != nil {
		return measure{}, err
	}
	return measure{opsPerSec: rps, hitRatio: -1, cpu: cpu, ops: float64(e.o.requests)}, nil
}

var rbGET = regexp.MustCompile(`(?m)^"GET","([0-9.]+)"`)

// parseRedisBenchmarkCSV returns the GET test's requests per second from
// redis-benchmark --csv output.
func parseRedisBenchmarkCSV(out []byte) (float64, error) {
	m := rbGET.FindSubmatch(out)
	if m == nil {
		return 0, fmt.Errorf("redis-benchmark: no GET line in its output: %s", tail(out))
	}
	return strconv.ParseFloat(string(m[1]), 64)
}

// memtier runs one measured memtier_benchmark GET-only run.
func (e *env) memtierRun(ctx context.Context) (measure, error) {
	f, err := os.CreateTemp("", "benchself-memtier-*.json")
	if err != nil {
		return measure{}, err
	}
	path := f.Name()
	f.Close()
	defer os.Remove(path)
	_, cpu, wall, err := runChild(ctx, e.o.duration+5*time.Minute, e.mt, e.o.memtierArgs(e.host, e.port, path)...)
	if err != nil {
		return measure{}, err
	}
	js, err := os.ReadFile(path)
	if err != nil {
		return measure{}, err
	}
	m, err := parseMemtierJSON(js)
	if err != nil {
		return measure{}, err
	}
	m.cpu = cpu
	m.ops = m.opsPerSec * min(wall, e.o.duration).Seconds()
	return m, nil
}

// parseMemtierJSON returns the Gets' throughput and hit ratio from
// memtier_benchmark's --json-out-file.
func parseMemtierJSON(js []byte) (measure, error) {
	var doc struct {
		All map[string]struct {
			Ops    float64 `json:"Ops/sec"`
			Hits   float64 `json:"Hits/sec"`
			Misses float64 `json:"Misses/sec"`
		} `json:"ALL STATS"`
	}
	if err := json.Unmarshal(js, &doc); err != nil {
		return measure{}, fmt.Errorf("memtier_benchmark JSON: %w", err)
	}
	g, ok := doc.All["Gets"]
	if !ok || g.Ops <= 0 {
		return measure{}, errors.New("memtier_benchmark JSON: no Gets throughput")
	}
	m := measure{opsPerSec: g.Ops, hitRatio: -1}
	if n := g.Hits + g.Misses; n > 0 {
		m.hitRatio = g.Hits / n
	}
	return m, nil
}

// prefillExternal caches every key the C tools read: redis-benchmark's
// key:000000000000… and memtier_benchmark's memtier-1…, so that their GETs
// are hits like this tool's.
func (e *env) prefillExternal(ctx context.Context) error {
	keys := strconv.FormatUint(e.o.keys, 10)
	if e.rb != "" {
		// Random keys, 20 per key of the space: all but a negligible share set.
		n := strconv.FormatUint(20*e.o.keys, 10)
		if _, _, _, err := runChild(ctx, 10*time.Minute, e.rb, "-h", e.host, "-p", e.port, "-t", "set",
			"-r", keys, "-d", strconv.Itoa(e.o.valueSize), "-n", n, "-P", "16", "-q"); err != nil {
			return err
		}
	}
	if e.mt == "" {
		return nil
	}
	_, _, _, err := runChild(ctx, 10*time.Minute, e.mt, "-s", e.host, "-p", e.port, "-t", "1", "-c", "1",
		"--ratio", "1:0", "--key-pattern", "P:P", "--key-minimum", "1", "--key-maximum", keys,
		"-d", strconv.Itoa(e.o.valueSize), "-n", "allkeys", "--pipeline", "16", "--hide-histogram")
	return err
}
