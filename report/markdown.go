package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// latencyOrder is the order latency rows appear in; others follow sorted.
var latencyOrder = []string{"read", "hit", "miss", "write", "service", "lag", "redis_get", "redis_set", "redis_del", "source"}

// Markdown renders r as GitHub-flavoured Markdown. The output depends on r
// alone, so a saved report.json renders to the same bytes.
func Markdown(w io.Writer, r *Report) error {
	var b bytes.Buffer
	var sc scenarioView
	if len(r.Scenario) > 0 {
		_ = json.Unmarshal(r.Scenario, &sc)
	}
	title := "Cache-aside verification"
	if r.Command == "run" {
		title = "Cache-aside benchmark: " + orDash(sc.Name)
	}
	fmt.Fprintf(&b, "# %s\n\n", title)
	fmt.Fprintf(&b, "Run `%s` · started %s · finished %s · %s %s (%s)\n\n", r.RunID,
		r.StartedAt.UTC().Format(time.RFC3339), r.FinishedAt.UTC().Format(time.RFC3339), r.Tool.Name, r.Tool.Version, r.Tool.Go)
	if r.Interrupted {
		b.WriteString("> [!WARNING]\n> The run was interrupted: these results are partial.\n\n")
	}
	for _, t := range r.Targets {
		if t.Embedded == "miniredis" {
			fmt.Fprintf(&b, "> [!WARNING]\n> Target `%s` is an in-process emulator (miniredis), not Redis: its numbers say nothing about a Redis deployment. Install redis-server or pass --target.\n\n", t.Name)
		}
	}
	summary(&b, r)
	if sc.Name != "" {
		scenarioSection(&b, sc)
	}
	for _, t := range r.Targets {
		target(&b, t)
	}
	_, err := w.Write(b.Bytes())
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// scenarioView is the part of the saved scenario the Markdown shows.
type scenarioView struct {
	Name        string           `json:"name"`
	Description string           `json:"description"`
	Seed        int64            `json:"seed"`
	Workloads   []map[string]any `json:"workloads"`
}

func summary(b *bytes.Buffer, r *Report) {
	b.WriteString("## Summary\n\n")
	b.WriteString("| target | verification | workload | throughput (ops/s) | hit ratio | read p50 (ms) | read p99 (ms) | speedup p50 | errors |\n")
	b.WriteString("|---|---|---|---:|---:|---:|---:|---:|---:|\n")
	for _, t := range r.Targets {
		v := "not run"
		if t.Verification != nil {
			v = passFail(t.Verification.Passed)
		}
		if len(t.Workloads) == 0 {
			fmt.Fprintf(b, "| %s | %s | – | | | | | | |\n", t.Name, v)
		}
		for _, w := range t.Workloads {
			rd := w.Latency["read"]
			fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %s | %s | %d |\n", t.Name, v, w.Name,
				num(w.ThroughputOpsS, 0), num(w.HitRatio, 4), num(rd.P50Ms, 3), num(rd.P99Ms, 3), times(w.Speedup.P50), errorTotal(w.Errors))
		}
	}
	b.WriteString("\n")
}

func scenarioSection(b *bytes.Buffer, sc scenarioView) {
	fmt.Fprintf(b, "## Scenario `%s`\n\n", sc.Name)
	if sc.Description != "" {
		fmt.Fprintf(b, "%s\n\n", sc.Description)
	}
	fmt.Fprintf(b, "Seed %d.\n\n", sc.Seed)
	if len(sc.Workloads) == 0 {
		return
	}
	keys := map[string]bool{}
	for _, w := range sc.Workloads {
		for k := range w {
			keys[k] = true
		}
	}
	fields := make([]string, 0, len(keys))
	for k := range keys {
		if k != "name" {
			fields = append(fields, k)
		}
	}
	sort.Strings(fields)
	b.WriteString("| parameter |")
	for _, w := range sc.Workloads {
		fmt.Fprintf(b, " %v |", w["name"])
	}
	b.WriteString("\n|---|" + strings.Repeat("---|", len(sc.Workloads)) + "\n")
	for _, f := range fields {
		fmt.Fprintf(b, "| %s |", f)
		for _, w := range sc.Workloads {
			fmt.Fprintf(b, " %v |", w[f])
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
}

func target(b *bytes.Buffer, t Target) {
	fmt.Fprintf(b, "## Target `%s`\n\n", t.Name)
	s := t.Server
	embedded := ""
	if t.Embedded != "" {
		embedded = " (embedded " + t.Embedded + ")"
	}
	fmt.Fprintf(b, "- URL: `%s`%s\n", t.URL, embedded)
	fmt.Fprintf(b, "- server: %s, mode %s, ping %s ms\n", orDash(s.Version), orDash(s.Mode), num(s.PingRTTMs, 3))
	mm := "unknown"
	if s.MaxMemory == 0 {
		mm = "no limit"
	} else if s.MaxMemory > 0 {
		mm = fmt.Sprintf("%d bytes", s.MaxMemory)
	}
	fmt.Fprintf(b, "- maxmemory: %s, policy %s; persistence %s\n", mm, orDash(s.MaxMemoryPolicy), orDash(s.Persistence))
	fmt.Fprintf(b, "- keys removed at the end: %d\n", t.KeysRemoved)
	if t.Error != "" {
		fmt.Fprintf(b, "- **error:** %s\n", t.Error)
	}
	b.WriteString("\n")
	for _, w := range s.Warnings {
		fmt.Fprintf(b, "> [!WARNING]\n> %s\n\n", w)
	}
	if v := t.Verification; v != nil {
		b.WriteString("### Verification\n\n| check | result |\n|---|---|\n")
		fmt.Fprintf(b, "| first read is a miss through the 50 ms source (%s ms) | %s |\n", num(v.MissLatencyMs, 3), passFail(v.CacheMissOK))
		fmt.Fprintf(b, "| second read is a hit, equal after the JSON round trip (%s ms) | %s |\n", num(v.HitLatencyMs, 3), passFail(v.CacheHitOK))
		fmt.Fprintf(b, "| hit faster than miss (speedup %sx) | %s |\n", num(v.Speedup, 1), passFail(v.CacheHitFaster))
		fmt.Fprintf(b, "| key carries a TTL in (0, 60] s | %s |\n", passFail(v.TTLOK))
		fmt.Fprintf(b, "| read after invalidation is a miss | %s |\n", passFail(v.InvalidationOK))
		fmt.Fprintf(b, "| **verification** | **%s** |\n\n", passFail(v.Passed))
	}
	for _, w := range t.Workloads {
		workload(b, w)
	}
}

func workload(b *bytes.Buffer, w Workload) {
	fmt.Fprintf(b, "### Workload `%s` (%s)\n\n", w.Name, w.Strategy)
	if w.Interrupted {
		b.WriteString("Interrupted: partial results.\n\n")
	}
	fmt.Fprintf(b, "%s s measured with %d workers: %d ops (%d reads: %d hits, %d misses; %d writes), %s ops/s, hit ratio %s.\n",
		num(w.DurationS, 1), w.Workers, w.Ops, w.Reads, w.Hits, w.Misses, w.Writes, num(w.ThroughputOpsS, 0), num(w.HitRatio, 4))
	fmt.Fprintf(b, "Source: %d calls, %d writes, peak %d in flight. Speedup (miss/hit): mean %s, p50 %s, p99 %s.\n\n",
		w.Source.Calls, w.Source.Writes, w.Source.PeakInFlight, times(w.Speedup.Mean), times(w.Speedup.P50), times(w.Speedup.P99))
	b.WriteString("| latency (ms) | count | mean | p50 | p90 | p99 | p99.9 | max |\n|---|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, name := range orderedKeys(w.Latency, latencyOrder) {
		l := w.Latency[name]
		fmt.Fprintf(b, "| %s | %d | %s | %s | %s | %s | %s | %s |\n", name, l.Count,
			num(l.MeanMs, 3), num(l.P50Ms, 3), num(l.P90Ms, 3), num(l.P99Ms, 3), num(l.P999Ms, 3), num(l.MaxMs, 3))
	}
	b.WriteString("\n")
	if len(w.Errors) > 0 {
		b.WriteString("| error | count |\n|---|---:|\n")
		for _, k := range orderedKeys(w.Errors, nil) {
			fmt.Fprintf(b, "| %s | %d |\n", k, w.Errors[k])
		}
		b.WriteString("\n")
	}
	if len(w.Timeseries) > 0 {
		b.WriteString("<details><summary>Time series</summary>\n\n")
		b.WriteString("| t (s) | ops | hit ratio | read p50 (ms) | read p99 (ms) | errors |\n|---:|---:|---:|---:|---:|---:|\n")
		for _, p := range w.Timeseries {
			fmt.Fprintf(b, "| %s | %d | %s | %s | %s | %d |\n", num(p.TS, 1), p.Ops, num(p.HitRatio, 4), num(p.P50Ms, 3), num(p.P99Ms, 3), p.Errors)
		}
		b.WriteString("\n</details>\n\n")
	}
}

// orderedKeys returns m's keys: those in first, in that order, then the rest sorted.
func orderedKeys[V any](m map[string]V, first []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, k := range first {
		if _, ok := m[k]; ok {
			out = append(out, k)
			seen[k] = true
		}
	}
	var rest []string
	for k := range m {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}

func errorTotal(m map[string]int64) int64 {
	var n int64
	for _, v := range m {
		n += v
	}
	return n
}

func passFail(ok bool) string {
	if ok {
		return "PASS"
	}
	return "FAIL"
}

func num(f float64, places int) string { return fmt.Sprintf("%.*f", places, f) }

func times(f float64) string {
	if f == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1fx", f)
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}
