package main

import (
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"time"

	"github.com/cacheaside/bench/report"
	"github.com/cacheaside/bench/scenario"
	"github.com/cacheaside/bench/target"
)

// markedWorkload is a workload that also tells the server sampler when
// its measured window starts (bench calls StartMeasuring then, from a
// worker: Sampler.Start returns at once). Every other method is the
// CacheAside's own.
type markedWorkload struct {
	*scenario.CacheAside
	sampler  *target.Sampler
	injector *target.Injector // nil without --fault
	started  *atomic.Pointer[time.Time]
}

// StartMeasuring implements bench.MeasureStarter.
func (m markedWorkload) StartMeasuring() {
	now := time.Now()
	m.started.Store(&now)
	m.CacheAside.StartMeasuring()
	m.sampler.Start()
	if m.injector != nil {
		m.injector.Start()
	}
}

// start returns when the measured window started; zero if it did not.
func (m markedWorkload) start() time.Time {
	if t := m.started.Load(); t != nil {
		return *t
	}
	return time.Time{}
}

// addServerView puts the sampler's view of the window into rw.
func addServerView(rw *report.Workload, v target.ServerView) {
	for _, p := range v.Points {
		rw.ServerTimeseries = append(rw.ServerTimeseries, report.ServerPoint(p))
	}
	if v.Window != nil {
		sw := report.ServerWindow(*v.Window)
		rw.ServerWindow = &sw
	}
	rw.Warnings = append(rw.Warnings, v.Notes...)
	if v.Latency != nil {
		rw.ServerLatency = map[string]report.ServerLatency{}
		for cmd, bs := range v.Latency {
			if len(bs) == 0 {
				continue
			}
			rb := make([]report.ServerLatencyBucket, len(bs))
			for i, b := range bs {
				rb[i] = report.ServerLatencyBucket(b)
			}
			rw.ServerLatency[cmd] = report.NewServerLatency(rb)
		}
	}
	rw.ServerLatencyNote = v.LatencyNote
	if s := v.Slowlog; s != nil {
		rw.Slowlog = &report.Slowlog{Entries: s.Entries, AtLeast: s.AtLeast}
		for _, e := range s.Slowest {
			rw.Slowlog.Slowest = append(rw.Slowlog.Slowest, report.SlowlogEntry{Node: e.Node, ID: e.ID, At: e.At,
				DurationMs: float64(e.Duration.Microseconds()) / 1000, Command: e.Command})
		}
	}
}

// printSlowlog prints the slow log's count and its slowest entry.
func printSlowlog(w io.Writer, r report.Workload) {
	s := r.Slowlog
	if s == nil || s.Entries == 0 {
		return
	}
	line := fmt.Sprintf("  slow log: %d entries", s.Entries)
	if len(s.Slowest) > 0 {
		e := s.Slowest[0]
		line += fmt.Sprintf(", slowest %.3f ms: %s", e.DurationMs, e.Command)
	}
	fmt.Fprintln(w, line)
}

// printServerView prints the server's view of a workload in one line.
func printServerView(w io.Writer, r report.Workload) {
	if len(r.ServerTimeseries) == 0 {
		return
	}
	var cpuMax, cpuSum, ops float64
	for _, p := range r.ServerTimeseries {
		cpuMax = max(cpuMax, p.CPUPct)
		cpuSum += p.CPUPct
		ops += p.Ops
	}
	n := float64(len(r.ServerTimeseries))
	line := fmt.Sprintf("  server: CPU %.0f%% of a core (max %.0f%%), %.0f commands/s", cpuSum/n, cpuMax, ops/n)
	if sw := r.ServerWindow; sw != nil {
		line += fmt.Sprintf(", keyspace hits %d misses %d, evicted %d, expired %d", sw.KeyspaceHits, sw.KeyspaceMisses, sw.EvictedKeys, sw.ExpiredKeys)
		if sw.CommandStats {
			line += fmt.Sprintf("; %d GETs (client sent %d)", sw.GetCalls, r.Latency["redis_get"].Count)
		}
	}
	fmt.Fprintln(w, line)
}

// printServerLatency prints the server's own time per command beside the
// client's, or why it is absent.
func printServerLatency(w io.Writer, r report.Workload) {
	if r.ServerLatency == nil {
		if r.ServerLatencyNote != "" {
			fmt.Fprintf(w, "  server latency: not available (%s)\n", r.ServerLatencyNote)
		}
		return
	}
	for _, c := range report.ServerLatencyCommands {
		s, ok := r.ServerLatency[c.Name]
		cl, okC := r.Latency[c.Client]
		if !ok || !okC {
			continue
		}
		fmt.Fprintf(w, "  server %s: %d calls, p50 ≤%.3f ms, p99 ≤%.3f ms, p99.9 ≤%.3f ms; client %s: %d, p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms\n",
			strings.ToUpper(c.Name), s.Count, s.P50Ms, s.P99Ms, s.P999Ms, c.Client, cl.Count, cl.P50Ms, cl.P99Ms, cl.P999Ms)
	}
}
