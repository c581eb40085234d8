package report

import (
	"bytes"
	"fmt"
	"math"
)

// Foreign GETs: the server may count this many more GETs than the client
// sent (beyond the scripts' own) before the workload is said to share the
// server: a fraction of the client's GETs, and at least a count, so that
// the window's edges (the first reading follows the window's start by one
// INFO round trip) never trigger it.
const (
	foreignGetFraction = 0.02
	foreignGetMin      = 50
)

// CheckServerWindow compares the server's count of GETs over the measured
// window with the GETs the client sent (the redis_get histogram's count,
// plus one GET in each lease script) and adds a warning when the server
// saw clearly more: something else is using it, and its figures are not
// this workload's alone. Without INFO commandstats it compares the
// server's keyspace lookups (hits + misses) instead. It does nothing
// without a ServerWindow.
func (w *Workload) CheckServerWindow() {
	sw := w.ServerWindow
	if sw == nil {
		return
	}
	client := w.Latency["redis_get"].Count
	server, what := sw.GetCalls-sw.ScriptCalls, "GETs"
	if !sw.CommandStats {
		server, what = sw.KeyspaceHits+sw.KeyspaceMisses-sw.ScriptCalls, "keyspace lookups (hits + misses)"
	}
	excess := server - client
	if excess <= foreignGetMin || float64(excess) <= foreignGetFraction*float64(client) {
		return
	}
	w.Warnings = append(w.Warnings, fmt.Sprintf(
		"the server counted %d %s during the measured window, the client sent %d GETs (hits %d, misses %d; the server's keyspace hits %d, misses %d): something else is using the server, and its figures are not this workload's alone",
		server, what, client, w.Hits, w.Misses, sw.KeyspaceHits, sw.KeyspaceMisses))
}

// serverSection writes the server's own view: its window totals beside the
// client's, and a row a second.
func serverSection(b *bytes.Buffer, w *Workload) {
	sw, pts := w.ServerWindow, w.ServerTimeseries
	if sw == nil && len(pts) == 0 {
		return
	}
	b.WriteString("#### Server view\n\n")
	if sw != nil {
		gets := "not given (no INFO commandstats)"
		if sw.CommandStats {
			gets = fmt.Sprintf("%d GETs, %d SETs, %d DELs, %d scripts", sw.GetCalls, sw.SetCalls, sw.DelCalls, sw.ScriptCalls)
		}
		fmt.Fprintf(b, "Over the measured window, on %d node(s): %d commands; %s; keyspace hits %d, misses %d; evicted %d, expired %d keys. The client sent %d GETs (%d hits, %d misses).\n\n",
			sw.Nodes, sw.Commands, gets, sw.KeyspaceHits, sw.KeyspaceMisses, sw.EvictedKeys, sw.ExpiredKeys, w.Latency["redis_get"].Count, w.Hits, w.Misses)
	}
	if len(pts) == 0 {
		return
	}
	b.WriteString("| t (s) | CPU (% of a core) | used memory (MiB) | ops/s | hits/s | misses/s | evicted/s | expired/s | clients | net in (KiB/s) | net out (KiB/s) |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, p := range pts {
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %s | %s | %d | %s | %s |\n", Num(p.TS, 1), Num(p.CPUPct, 1), Num(float64(p.UsedMemory)/(1<<20), 2),
			Num(p.Ops, 0), Num(p.KeyspaceHits, 0), Num(p.KeyspaceMisses, 0), Num(p.EvictedKeys, 0), Num(p.ExpiredKeys, 0), p.ConnectedClients,
			Num(p.NetInBytes/1024, 1), Num(p.NetOutBytes/1024, 1))
	}
	b.WriteString("\n")
}

// serverSeries is one server time series of a plot, named.
type serverSeries struct {
	name string
	pts  []ServerPoint
}

// serverCPUPanel draws the servers' CPU over time, a line each, beside
// the client's throughput (x, whose time axis it shares); nil without a
// server time series.
func serverCPUPanel(title string, ss []serverSeries, x *lineChart) *lineChart {
	c := &lineChart{title: title + ": server CPU", xLabel: "time (s)", yLabel: "% of one core", xMin: x.xMin, xMax: x.xMax, xTicks: x.xTicks}
	cpuMax := 0.0
	for _, s := range ss {
		if len(s.pts) == 0 {
			continue
		}
		line := make([]point, len(s.pts))
		for i, p := range s.pts {
			line[i] = point{p.TS, p.CPUPct}
			cpuMax = math.Max(cpuMax, p.CPUPct)
		}
		c.series = append(c.series, series{name: s.name, pts: line, markers: true})
	}
	if len(c.series) == 0 {
		return nil
	}
	c.yMax, c.yTicks = linearAxis(math.Max(cpuMax, 100))
	c.markOverlaps()
	return c
}

// combineServerViews puts repeats' server views one after the other, as
// their time series are, and adds up their windows (nil unless every
// repeat has one).
func combineServerViews(parts []*Workload) ([]ServerPoint, *ServerWindow) {
	var pts []ServerPoint
	var offset float64
	for _, p := range parts {
		for _, pt := range p.ServerTimeseries {
			pt.TS = round(pt.TS+offset, 3)
			pts = append(pts, pt)
		}
		offset += p.DurationS
	}
	var sum *ServerWindow
	for i, p := range parts {
		x := p.ServerWindow
		if x == nil {
			return pts, nil
		}
		if i == 0 {
			c := *x
			sum = &c
			continue
		}
		sum.Nodes = max(sum.Nodes, x.Nodes)
		sum.Commands += x.Commands
		sum.GetCalls += x.GetCalls
		sum.SetCalls += x.SetCalls
		sum.DelCalls += x.DelCalls
		sum.ScriptCalls += x.ScriptCalls
		sum.CommandStats = sum.CommandStats && x.CommandStats
		sum.KeyspaceHits += x.KeyspaceHits
		sum.KeyspaceMisses += x.KeyspaceMisses
		sum.EvictedKeys += x.EvictedKeys
		sum.ExpiredKeys += x.ExpiredKeys
		sum.CPU = sum.CPU && x.CPU
	}
	return pts, sum
}
