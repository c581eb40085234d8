package report

import (
	"bytes"
	"fmt"
	"math"
	"strings"
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
// workload each metric's value on every target, its ratio to the first
// target and the best marked; and the overlaid plots.
func compareSection(b *bytes.Buffer, r *Report, l *layout) {
	b.WriteString("## Side by side\n\n")
	b.WriteString("Same scenario and seed on every target. Each cell: the value, its ratio to the first target; ✅ marks the best.\n\n")
	b.WriteString("| target | server | persistence | maxmemory | verification |\n|---|---|---|---|---|\n")
	for _, t := range r.Targets {
		s := t.Server
		fmt.Fprintf(b, "| %s | %s | %s | %s, %s | %s |\n", Cell(Code(t.Name)), Cell(strings.TrimSpace(orDash(s.Version)+" "+s.Mode)),
			Cell(persistence(s)), maxMemory(s.MaxMemory), Cell(orDash(s.MaxMemoryPolicy)), verificationWord(t.Verification))
	}
	b.WriteString("\n")
	for _, c := range l.compare {
		fmt.Fprintf(b, "### Workload %s\n\n", Code(c.name))
		b.WriteString("| metric | better |")
		for _, t := range r.Targets {
			fmt.Fprintf(b, " %s |", Cell(Code(t.Name)))
		}
		b.WriteString("\n|---|---|")
		for range r.Targets {
			b.WriteString("---:|")
		}
		b.WriteString("\n")
		for _, m := range sideBySideMetrics {
			values := make([]float64, len(r.Targets))
			ok := make([]bool, len(r.Targets))
			for ti, wi := range c.at {
				if wi >= 0 {
					values[ti], ok[ti] = m.Value(&r.Targets[ti].Workloads[wi])
				}
			}
			best := Best(values, ok, m.Better)
			dir := "lower"
			if m.Better == HigherIsBetter {
				dir = "higher"
			}
			fmt.Fprintf(b, "| %s | %s |", m.Label(), dir)
			for ti := range r.Targets {
				fmt.Fprintf(b, " %s |", compareCell(values, ok, best, ti, m.Places()))
			}
			b.WriteString("\n")
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

// compareCell formats target i's value with its ratio to target 0.
func compareCell(values []float64, ok, best []bool, i, places int) string {
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
	if best[i] {
		s = "**" + s + "** ✅"
	}
	return s
}

// compareSpectrum is the overlay of the targets' read latency of one workload.
func compareSpectrum(r *Report, l *layout, c *compareLayout) *lineChart {
	var hs []namedHist
	for ti, wi := range c.at {
		if wi < 0 {
			continue
		}
		if h := l.targets[ti].workloads[wi].hist(compareMetric); h != nil {
			hs = append(hs, namedHist{r.Targets[ti].Name, h})
		}
	}
	return spectrumChart(c.name+": "+compareMetric+" latency by target", hs)
}

// compareTimeseries overlays the targets' time series of one workload.
func compareTimeseries(r *Report, c *compareLayout) []*lineChart {
	var ss []namedSeries
	for ti, wi := range c.at {
		if wi >= 0 && len(r.Targets[ti].Workloads[wi].Timeseries) > 0 {
			ss = append(ss, namedSeries{r.Targets[ti].Name, r.Targets[ti].Workloads[wi].Timeseries})
		}
	}
	return timeseriesPanels(c.name, ss)
}

func verificationWord(v *Verification) string {
	if v == nil {
		return "not run"
	}
	return passFail(v.Passed)
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
