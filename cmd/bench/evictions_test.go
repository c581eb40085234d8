package main

import (
	"strings"
	"testing"

	"github.com/cacheaside/bench/internal/testredis"
)

// TestEvictionsOfARun: a 2 MB server with allkeys-lru under a key space
// that does not fit (8,000 keys of 1 KiB, prewarmed) evicts keys the run
// filled, reads miss on them before their TTL, and the attribution names
// memory as the cause of the lost hits.
func TestEvictionsOfARun(t *testing.T) {
	srv := testredis.Start(t, "--maxmemory", "2mb", "--maxmemory-policy", "allkeys-lru")
	dir := t.TempDir()
	err, out, _ := cli(t, "run", "--target", srv.URL(), "--out", dir, "--duration", "1s", "--warmup", "100ms",
		"--workers", "4", "--keys", "8000", "--value-size", "1024", "--key-dist", "uniform", "--ttl", "60s",
		"--prewarm", "--source-latency", "100us", "--quiet")
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	w := readReport(t, dir).Targets[0].Workloads[0]
	e := w.Evictions
	if e == nil || e.KeysEvicted <= 0 || e.EvictionMisses <= 0 || !e.MissesTracked || e.EvictionMisses > w.Misses {
		t.Fatalf("evictions %+v (misses %d): want keys evicted and eviction misses, at most the misses", e, w.Misses)
	}
	if want := float64(e.EvictionMisses) / float64(w.Reads); e.EvictionMissRatio < want*0.99 || e.EvictionMissRatio > want*1.01 {
		t.Errorf("eviction_miss_ratio %v, want %v", e.EvictionMissRatio, want)
	}
	if a := w.Attribution; a == nil || !strings.Contains(a.Why, "memory") || !strings.Contains(a.Why, "eviction misses") {
		t.Errorf("attribution %+v: want why to name memory as the cause of the lost hits", a)
	}
	if !strings.Contains(out, "  evictions: ") {
		t.Errorf("console lacks the evictions line:\n%s", out)
	}
}

// TestSlowlogOfARun: on a server that logs every command, the workload's
// slow log holds its GETs, SETs and DELs of the measured window (but for
// the window's edges), the slowest listed first, in the report and the
// console.
func TestSlowlogOfARun(t *testing.T) {
	// The default slowlog-max-len, 128: the count comes from the ids.
	srv := testredis.Start(t, "--slowlog-log-slower-than", "0")
	dir := t.TempDir()
	err, out, _ := cli(t, "run", "--target", srv.URL(), "--out", dir, "--duration", "500ms", "--warmup", "100ms",
		"--workers", "2", "--keys", "100", "--source-latency", "1ms", "--quiet")
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	w := readReport(t, dir).Targets[0].Workloads[0]
	s := w.Slowlog
	if s == nil {
		t.Fatal("no slowlog")
	}
	sent := w.Latency["redis_get"].Count + w.Latency["redis_set"].Count + w.Latency["redis_del"].Count
	// The window's edges are read by the sampler a round trip or two
	// away from the workers' first and last commands: at ~20k commands/s,
	// tens of commands either way.
	tolerance := max(int64(50), sent/50)
	if d := s.Entries - sent; s.AtLeast || d < -tolerance || d > tolerance {
		t.Errorf("slowlog %d entries (at least: %v), the client sent %d GETs, SETs and DELs: want the same but for the window's edges", s.Entries, s.AtLeast, sent)
	}
	if len(s.Slowest) != 5 || s.Slowest[0].DurationMs < s.Slowest[4].DurationMs || s.Slowest[0].Command == "" {
		t.Errorf("slowest %+v: want 5 entries, slowest first, with their commands", s.Slowest)
	}
	if !strings.Contains(out, "  slow log: ") {
		t.Errorf("console lacks the slow log:\n%s", out)
	}
}
