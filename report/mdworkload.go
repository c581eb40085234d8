package report

import (
	"bytes"
	"fmt"
	"strings"
)

// workloadSection writes one workload of one target.
func workloadSection(b *bytes.Buffer, t *Target, w *Workload, wl *workloadLayout) {
	fmt.Fprintf(b, "### Workload %s (%s)\n\n", Code(w.Name), orDash(w.Strategy))
	if len(w.Invalid) > 0 {
		b.WriteString("> [!CAUTION]\n> This run is **invalid**: it does not measure what it was asked to.\n")
		for _, s := range w.Invalid {
			fmt.Fprintf(b, "> - %s\n", OneLine(s))
		}
		b.WriteString("\n")
	}
	if w.Interrupted {
		b.WriteString("Interrupted: partial results.\n\n")
	}
	fmt.Fprintf(b, "%s s measured with %d workers: %d ops (%d reads: %d hits, %d misses; %d writes; %d errors), **%s ops/s**, hit ratio %s",
		Num(w.DurationS, 1), w.Workers, w.Ops, w.Reads, w.Hits, w.Misses, w.Writes, w.ErrorTotal(), Num(w.ThroughputOpsS, 0), Num(w.HitRatio, 4))
	if e := w.HitRatioExpected; e != nil {
		fmt.Fprintf(b, " (expected %s)", Num(*e, 4))
	}
	b.WriteString(".\n")
	if w.TargetRateOpsS > 0 {
		fmt.Fprintf(b, "Open loop: %s ops/s asked, %s ops/s started.\n", Num(w.TargetRateOpsS, 0), Num(w.AchievedRateOpsS, 0))
	} else {
		b.WriteString("Closed loop.\n")
	}
	fmt.Fprintf(b, "Speedup (miss/hit): mean %s, p50 %s, p99 %s.\n\n", times(w.Speedup.Mean), times(w.Speedup.P50), times(w.Speedup.P99))
	steadySection(b, w)

	latencyTable(b, w)
	serverLatencySection(b, w)
	evictionsLine(b, w)
	slowlogSection(b, w)
	if a := w.Attribution; a != nil {
		fmt.Fprintf(b, "**Bound: %s.** %s.\n\n", a.Bound, OneLine(a.Why))
	}
	if wl.spectrum != "" {
		fmt.Fprintf(b, "![%s · %s latency percentile spectrum](%s)\n\n", alt(t.Name), alt(w.Name), wl.spectrum)
	}
	if len(wl.hists) > 0 {
		links := make([]string, len(wl.hists))
		for i, h := range wl.hists {
			links[i] = fmt.Sprintf("[%s](%s)", alt(h.metric), h.file)
		}
		fmt.Fprintf(b, "Histograms as .hgrm (HdrHistogram's percentile format; latencies in ms): %s.\n\n", strings.Join(links, " · "))
	}
	sourceTable(b, w)
	serverSection(b, w)
	staleSection(b, w)
	nearSection(b, w)
	if len(w.Counters) > 0 {
		b.WriteString("| strategy counter | count |\n|---|---:|\n")
		for _, k := range orderedKeys(w.Counters, nil) {
			fmt.Fprintf(b, "| %s | %d |\n", Cell(k), w.Counters[k])
		}
		b.WriteString("\n")
	}
	if c := w.Client; c != nil {
		fmt.Fprintf(b, "Client: CPU %s of %d cores (GOMAXPROCS), %d GC pauses (p99 %s ms, max %s ms), connection pool waits %d, timeouts %d",
			Pct(c.CPUUtil, 0), c.GOMAXPROCS, c.GCPauses, Num(c.GCPauseP99Ms, 3), Num(c.GCPauseMaxMs, 3), c.PoolWaits, c.PoolTimeouts)
		if p := c.cpuWaitPhrase(w.DurationS); p != "" {
			b.WriteString("; " + p)
		}
		if c.Bound {
			b.WriteString("; **client-bound**: the load generator, not the server, limited this run")
		}
		b.WriteString(".\n\n")
	}
	if len(w.Errors) > 0 {
		b.WriteString("| error | count |\n|---|---:|\n")
		for _, k := range orderedKeys(w.Errors, nil) {
			fmt.Fprintf(b, "| %s | %d |\n", Cell(k), w.Errors[k])
		}
		b.WriteString("\n")
	}
	if len(w.Warnings) > 0 {
		for _, s := range w.Warnings {
			fmt.Fprintf(b, "> [!NOTE]\n> %s\n\n", OneLine(s))
		}
	}
	timeseriesSection(b, t, w, wl)
	faultsSection(b, w)
}

// latencyTable writes the percentiles of every latency histogram.
func latencyTable(b *bytes.Buffer, w *Workload) {
	if len(w.Latency) == 0 {
		return
	}
	b.WriteString("| latency (ms) | count | mean | p50 | p90 | p99 | p99.9 | max |\n|---|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, name := range orderedKeys(w.Latency, latencyOrder) {
		latencyRow(b, name, w.Latency[name])
	}
	b.WriteString("\n")
}

func latencyRow(b *bytes.Buffer, name string, l Latency) {
	fmt.Fprintf(b, "| %s | %d | %s | %s | %s | %s | %s | %s |\n", Cell(name), l.Count,
		Num(l.MeanMs, 3), Num(l.P50Ms, 3), Num(l.P90Ms, 3), Num(l.P99Ms, 3), Num(l.P999Ms, 3), Num(l.MaxMs, 3))
}

// sourceTable writes the source's ground truth and the stampede figures.
func sourceTable(b *bytes.Buffer, w *Workload) {
	s := w.Source
	b.WriteString("| source and stampedes | value |\n|---|---:|\n")
	fmt.Fprintf(b, "| loads (source calls) | %d |\n", s.Calls)
	fmt.Fprintf(b, "| writes | %d |\n", s.Writes)
	fmt.Fprintf(b, "| peak calls in flight | %d |\n", s.PeakInFlight)
	if w.Misses > 0 {
		fmt.Fprintf(b, "| loads per read miss | %s |\n", Num(float64(s.Calls)/float64(w.Misses), 3))
	}
	if h := s.Herd; h != nil {
		fmt.Fprintf(b, "| herd size per fill: episodes | %d |\n", h.Count)
		fmt.Fprintf(b, "| herd size: mean / p50 / p99 / max | %s / %s / %s / %s |\n", Num(h.Mean, 2), Num(h.P50, 0), Num(h.P99, 0), Num(h.Max, 0))
	}
	if e := s.CallsPerExpiryExpected; e != nil {
		fmt.Fprintf(b, "| expected calls per expiry (naive, 1 + λδ) | %s |\n", Num(*e, 3))
	}
	b.WriteString("\n")
}

// staleSection writes the stale reads when they were measured.
func staleSection(b *bytes.Buffer, w *Workload) {
	st := w.Staleness
	if st == nil && w.StaleReads == 0 {
		return
	}
	b.WriteString("| stale reads | value |\n|---|---:|\n")
	fmt.Fprintf(b, "| stale reads | %d of %d reads |\n", w.StaleReads, w.Reads)
	ratio := Pct(w.StaleReadRatio, 4)
	if st != nil {
		ratio += fmt.Sprintf(" (95%% CI %s – %s)", Pct(st.RatioCILow, 4), Pct(st.RatioCIHigh, 4))
	}
	fmt.Fprintf(b, "| ratio | %s |\n", ratio)
	if st != nil {
		if v := st.VersionLag; v != nil {
			fmt.Fprintf(b, "| versions behind: mean / p50 / p99 / max | %s / %s / %s / %s |\n", Num(v.Mean, 2), Num(v.P50, 0), Num(v.P99, 0), Num(v.Max, 0))
		}
		if a := st.Age; a != nil {
			fmt.Fprintf(b, "| age of the stale value (ms): p50 / p99 / max | %s / %s / %s |\n", Num(a.P50Ms, 3), Num(a.P99Ms, 3), Num(a.MaxMs, 3))
		}
		fmt.Fprintf(b, "| audit after the run: keys checked / still stale | %d / %d |\n", st.AuditKeys, st.AuditStale)
	}
	b.WriteString("\n")
}

// timeseriesSection writes the throughput chart, the plot link and the table.
func timeseriesSection(b *bytes.Buffer, t *Target, w *Workload, wl *workloadLayout) {
	if len(w.Timeseries) == 0 {
		return
	}
	mermaidThroughput(b, t.Name+" · "+w.Name+": throughput (ops/s)", w.Timeseries)
	if wl.timeseries != "" {
		fmt.Fprintf(b, "![%s · %s throughput and read p99 over time](%s)\n\n", alt(t.Name), alt(w.Name), wl.timeseries)
	}
	b.WriteString("<details><summary>Time series</summary>\n\n")
	b.WriteString("| t (s) | ops | ops/s | hit ratio | read p50 (ms) | read p99 (ms) | errors |\n|---:|---:|---:|---:|---:|---:|---:|\n")
	rates := throughputPoints(w.Timeseries)
	for i, p := range w.Timeseries {
		fmt.Fprintf(b, "| %s | %d | %s | %s | %s | %s | %d |\n", Num(p.TS, 1), p.Ops, Num(rates[i].y, 0), Num(p.HitRatio, 4), Num(p.P50Ms, 3), Num(p.P99Ms, 3), p.Errors)
	}
	b.WriteString("\n</details>\n\n")
}

// steadySection writes the steady-state check: a line when steady or not
// decided, a warning with the advice when not steady; nothing for reports
// written before the check.
func steadySection(b *bytes.Buffer, w *Workload) {
	s := w.SteadySentence()
	switch {
	case s == "":
		return
	case w.Steady != nil && !*w.Steady:
		fmt.Fprintf(b, "> [!WARNING]\n> **Not steady** %s. The averages above describe no single state.\n> %s.\n\n", strings.TrimPrefix(s, "not steady "), upperFirst(w.SteadyState.Advice))
		return
	}
	fmt.Fprintf(b, "%s.\n\n", upperFirst(s))
}

// upperFirst capitalises s's first letter.
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
