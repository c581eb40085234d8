package report

import (
	"bytes"
	"fmt"
	"math"
	"strings"

	"github.com/cacheaside/bench/internal/evidence"
)

// sideBySideMetrics are the figures of the side-by-side section, in order.
var sideBySideMetrics = metricsNamed("throughput", "hit_ratio", "read.p50", "read.p99", "hit.p99", "miss.p99", "write.p99",
	"speedup.p50", "source_calls", "stale_reads", "errors")

// metricsNamed looks up metrics by canonical name; a name the table lacks
// would read as never measured (the tests look every name up).
func metricsNamed(names ...string) []Metric {
	out := make([]Metric, len(names))
	for i, n := range names {
		out[i], _ = LookupMetric(n)
	}
	return out
}

// Best returns, for each value, whether it is the best of values in the
// direction d; ok[i] false values take no part. When all present values are
// equal, none is marked.
func Best(values []float64, ok []bool, d Direction) []bool {
	best := math.NaN()
	distinct := false
	for i, v := range values {
		if !ok[i] {
			continue
		}
		switch {
		case math.IsNaN(best):
			best = v
		case v != best:
			distinct = true
			if (d == HigherIsBetter && v > best) || (d == LowerIsBetter && v < best) {
				best = v
			}
		}
	}
	out := make([]bool, len(values))
	if !distinct {
		return out
	}
	for i, v := range values {
		out[i] = ok[i] && v == best
	}
	return out
}

// compareSection writes the side-by-side section: the targets, then per
// workload one sentence (which target is better on what and by how much,
// or that nothing stands out of the noise) and each metric's value on every
// target with its ratio to the first target, ✅ on the best where the
// difference stands out of the noise (judgeRow) and ≈ where it does not;
// and the overlaid plots.
func compareSection(b *bytes.Buffer, r *Report, l *layout) {
	b.WriteString("## Side by side\n\n")
	fmt.Fprintf(b, "Same scenario and seed on every target. Each cell: the value, its ratio to the first target. ✅ marks the best only where the difference stands out of the noise, by the rule of `bench compare`: with %d or more repeats on each target an exact Mann-Whitney U test (p < %s); with fewer, counted events by a count test allowing for run-to-run variation, the rest when the change is beyond the metric's threshold and noise floor. ≈: no difference stands out. Counted events are per 1,000 reads or operations.\n\n",
		evidence.MinRepeats(sideAlpha), Num(sideAlpha, 2))
	b.WriteString("| target | server | persistence | maxmemory | verification |\n|---|---|---|---|---|\n")
	names := make([]string, len(r.Targets))
	for i, t := range r.Targets {
		names[i] = t.Name
		s := t.Server
		fmt.Fprintf(b, "| %s | %s | %s | %s, %s | %s |\n", Cell(Code(t.Name)), Cell(strings.TrimSpace(orDash(s.Identity())+" "+s.Mode)),
			Cell(persistence(s)), maxMemory(s.MaxMemory), Cell(orDash(s.MaxMemoryPolicy)), verificationWord(t.Verification))
	}
	b.WriteString("\n")
	for _, c := range l.compare {
		fmt.Fprintf(b, "### Workload %s\n\n", Code(c.name))
		rows, sentence, ws := judgeWorkload(r, names, c)
		fmt.Fprintf(b, "%s (%s.)\n\n", sentence, repeatsWord(names, ws))
		b.WriteString("| metric | better |")
		for _, t := range r.Targets {
			fmt.Fprintf(b, " %s |", Cell(Code(t.Name)))
		}
		b.WriteString(" difference |\n|---|---|")
		for range r.Targets {
			b.WriteString("---:|")
		}
		b.WriteString("---|\n")
		for _, row := range rows {
			dir := "lower"
			if row.m.Better == HigherIsBetter {
				dir = "higher"
			}
			fmt.Fprintf(b, "| %s | %s |", sideLabel(row.m), dir)
			for ti := range r.Targets {
				fmt.Fprintf(b, " %s |", compareCell(row.values, row.ok, ti, row.best, sidePlaces(row.m)))
			}
			diff := "≈"
			if row.best >= 0 {
				diff = "✅ " + Code(names[row.best]) + " (" + row.why + ")"
			}
			fmt.Fprintf(b, " %s |\n", Cell(diff))
		}
		b.WriteString("\n")
		if c.spectrum != "" {
			fmt.Fprintf(b, "![%s latency spectrum by target](%s)\n\n", alt(c.name), c.spectrum)
		}
		if c.timeseries != "" {
			fmt.Fprintf(b, "![%s throughput and p99 over time by target](%s)\n\n", alt(c.name), c.timeseries)
		}
	}
}

// judgeWorkload judges every side-by-side metric of one workload across
// the targets and says the outcome in one sentence; a workload whose run
// is invalid or interrupted on some target is not judged.
func judgeWorkload(r *Report, names []string, c compareLayout) ([]sideRow, string, []*Workload) {
	ws := make([]*Workload, len(r.Targets))
	var untrusted []string
	for ti, wi := range c.at {
		if wi >= 0 {
			ws[ti] = &r.Targets[ti].Workloads[wi]
			if len(ws[ti].Invalid) > 0 || ws[ti].Interrupted {
				untrusted = append(untrusted, Code(names[ti]))
			}
		}
	}
	rows := make([]sideRow, len(sideBySideMetrics))
	for i, m := range sideBySideMetrics {
		rows[i] = judgeRow(m, ws)
		if len(untrusted) > 0 {
			rows[i].best = -1
		}
	}
	if len(untrusted) > 0 {
		return rows, fmt.Sprintf("Not judged: the run on %s is invalid or interrupted, so its differences say nothing.", joinAnd(untrusted)), ws
	}
	return rows, verdictSentence(names, rows), ws
}

// SideBySideSentences gives, for a run on several targets, each workload's
// one-sentence verdict of the side-by-side section, "WORKLOAD: sentence",
// without Markdown; nil for a single target.
func SideBySideSentences(r *Report) []string {
	if len(r.Targets) < 2 {
		return nil
	}
	names := make([]string, len(r.Targets))
	for i, t := range r.Targets {
		names[i] = t.Name
	}
	var out []string
	for _, c := range compareWorkloads(r) {
		_, sentence, ws := judgeWorkload(r, names, c)
		out = append(out, strings.ReplaceAll(c.name+": "+sentence+" ("+repeatsWord(names, ws)+".)", "`", ""))
	}
	return out
}

// compareCell formats target i's value with its ratio to target 0, bold
// with ✅ when i is the marked best.
func compareCell(values []float64, ok []bool, i, best, places int) string {
	if !ok[i] {
		return "–"
	}
	s := Num(values[i], places)
	if i > 0 {
		if ok[0] && values[0] != 0 {
			s += " (" + Num(values[i]/values[0], 2) + "x)"
		} else {
			s += " (–)"
		}
	}
	if i == best {
		s = "**" + s + "** ✅"
	}
	return s
}

// compareSpectrum overlays the targets' latency of one workload, a panel
// for each of compareMetrics that some target measured: what a caller
// sees (read), a hit, and the cache's own commands.
func compareSpectrum(r *Report, l *layout, c *compareLayout) []*lineChart {
	var panels []*lineChart
	for _, m := range compareMetrics {
		var hs []namedHist
		for ti, wi := range c.at {
			if wi < 0 {
				continue
			}
			if h := l.targets[ti].workloads[wi].hist(m); h != nil {
				hs = append(hs, namedHist{r.Targets[ti].Name, h})
			}
		}
		if len(hs) > 0 {
			panels = append(panels, spectrumChart("workload "+c.name+": "+m+" latency by target", hs))
		}
	}
	return panels
}

// compareTimeseries overlays the targets' time series of one workload:
// throughput, read p99 and, where sampled, the servers' CPU.
func compareTimeseries(r *Report, c *compareLayout) []*lineChart {
	var ss []namedSeries
	var servers []serverSeries
	for ti, wi := range c.at {
		if wi >= 0 && len(r.Targets[ti].Workloads[wi].Timeseries) > 0 {
			w := &r.Targets[ti].Workloads[wi]
			ss = append(ss, namedSeries{r.Targets[ti].Name, w.Timeseries})
			servers = append(servers, serverSeries{r.Targets[ti].Name, w.ServerTimeseries})
		}
	}
	title := "workload " + c.name
	panels := timeseriesPanels(title, ss)
	if cpu := serverCPUPanel(title, servers, panels[0]); cpu != nil {
		panels = append(panels, cpu) // beside the client's throughput, as on each workload's plot
	}
	return panels
}

func verificationWord(v *Verification) string {
	if v == nil {
		return "not run"
	}
	return v.Outcome()
}

func maxMemory(n int64) string {
	switch {
	case n == 0:
		return "no limit"
	case n < 0:
		return "unknown"
	default:
		return fmt.Sprintf("%d bytes", n)
	}
}

// persistence describes RDB and AOF, with the fsync policy when AOF is on.
func persistence(s Server) string {
	p := orDash(s.Persistence)
	if strings.Contains(s.Persistence, "aof") && s.AppendFsync != "" {
		p += ", appendfsync " + s.AppendFsync
	}
	return p
}
