package report

import (
	"fmt"
	"strings"
)

// Bounds of Attribution.Bound.
const (
	BoundServer  = "server"
	BoundClient  = "client"
	BoundNetwork = "network"
	BoundNone    = "none"
)

// The figures the attribution rules turn on (docs/report.md, "Where the
// time went").
const (
	// serverBusyPct: the server's CPU, averaged over the window (the
	// busiest node's each second), at or above this share of one core is a
	// server at its limit: a single-threaded server cannot go much past it.
	serverBusyPct = 85.0
	// serverShare: the server's own GET p50 at or above this share of the
	// client's redis_get p50 is the server's time dominating.
	serverShare = 0.5
	// networkFactor: the client's GET p50 at or above this multiple of the
	// server's is time spent outside the server.
	networkFactor = 4.0
	// idleServerPct and idleClientCPU: below both, with an open-loop rate
	// met, the load is well below capacity.
	idleServerPct = 50.0
	idleClientCPU = 0.5
	// rateMet: the open loop started at least this share of its target rate.
	rateMet = 0.95
)

// Attribution says what limited a workload, or that nothing did, and the
// figures that decided it.
type Attribution struct {
	// Bound is server, client, network or none.
	Bound string `json:"bound"`
	// Why gives the figures that decided it.
	Why string `json:"why"`
}

// Attribute sets w.Attribution from w's own figures: the server's CPU
// (server_timeseries), its own GET time (server_latency), the client's
// (latency.redis_get), the generator's verdicts (client_bound,
// generator_dominated) and, in the open loop, whether the rate was met.
// The first rule that holds decides:
//   - server: its CPU at or above 85% of a core, or its own GET p50 at
//     least half the client's;
//   - client: the generator's rules said client-bound or
//     generator-dominated;
//   - none: an open loop that met its rate with the server under 50% of a
//     core and the client under 50% of its CPUs;
//   - network: the client's GET p50 at least 4× the server's, neither
//     busy (in the closed loop, the round trip is what paces the workers).
//
// Without the server's CPU (not sampled, or INFO gives no CPU time, as
// the emulator's) only the client rule can decide;
// otherwise w.Attribution stays nil. Without the server's own latency the
// network rule rests on neither being busy, and why says so.
func (w *Workload) Attribute() {
	w.Attribution = nil
	cpu, cpuMax, sampled := w.serverCPU()
	clientCPU, gomaxprocs := 0.0, 0
	if c := w.Client; c != nil {
		clientCPU, gomaxprocs = c.CPUUtil, c.GOMAXPROCS
	}
	clientBusy := w.HasReason(ReasonClientBound) || w.HasReason(ReasonGeneratorDominated) || (w.Client != nil && w.Client.Bound)
	sl, hasSL := w.ServerLatency["get"]
	cl, hasCL := w.Latency["redis_get"]
	hasSL = hasSL && sl.Count > 0 && hasCL && cl.Count > 0

	var figures []string
	if sampled {
		figures = append(figures, fmt.Sprintf("server CPU %.0f%% of a core (max %.0f%%)", cpu, cpuMax))
	}
	if gomaxprocs > 0 {
		figures = append(figures, fmt.Sprintf("client CPU %s of %d cores", Pct(clientCPU, 0), gomaxprocs))
	}
	if hasSL {
		figures = append(figures, fmt.Sprintf("GET p50 %s ms at the client, ≤%s ms on the server", Num(cl.P50Ms, 3), Num(sl.P50Ms, 3)))
	} else if hasCL && cl.Count > 0 {
		figures = append(figures, fmt.Sprintf("GET p50 %s ms at the client, the server's own time unknown", Num(cl.P50Ms, 3)))
	}
	memory := w.memoryClause()
	set := func(bound, reason string) {
		why := reason + ": " + strings.Join(figures, "; ")
		if memory != "" {
			why += ". Lost hits: " + memory
		}
		w.Attribution = &Attribution{Bound: bound, Why: why}
	}
	switch {
	case sampled && cpu >= serverBusyPct:
		set(BoundServer, fmt.Sprintf("the server's CPU was at %.0f%% of a core, at or above %.0f%%", cpu, serverBusyPct))
	case hasSL && cl.P50Ms > 0 && sl.P50Ms >= serverShare*cl.P50Ms:
		set(BoundServer, fmt.Sprintf("the server's own GET time was %.0f%% of the client's, at least %.0f%%", 100*sl.P50Ms/cl.P50Ms, 100*serverShare))
	case clientBusy:
		set(BoundClient, w.clientReason())
	case !sampled:
		return
	case w.TargetRateOpsS > 0 && w.AchievedRateOpsS >= rateMet*w.TargetRateOpsS && cpu < idleServerPct && clientCPU < idleClientCPU:
		set(BoundNone, fmt.Sprintf("the open loop met its rate (%s of %s ops/s) with the server under %.0f%% of a core and the client under %s: load well below capacity",
			Num(w.AchievedRateOpsS, 0), Num(w.TargetRateOpsS, 0), idleServerPct, Pct(idleClientCPU, 0)))
	case hasSL && cl.P50Ms >= networkFactor*sl.P50Ms:
		set(BoundNetwork, fmt.Sprintf("%.0f%% of a GET's time at the client was outside the server (network and client stack) with neither busy",
			100*(1-sl.P50Ms/cl.P50Ms)))
	case !hasSL:
		set(BoundNetwork, "neither the server nor the client was busy, so the round trip paced the run (the server's own time is unknown: inferred)")
	default:
		set(BoundNone, "no rule held: neither busy, and the server's own time neither dominates nor is far below the client's")
	}
}

// serverCPU is the server's CPU over the window, the mean and the highest
// of its points; false without points or where the server did not give
// its CPU time.
func (w *Workload) serverCPU() (mean, peak float64, ok bool) {
	pts := w.ServerTimeseries
	if len(pts) == 0 || w.ServerWindow == nil || !w.ServerWindow.CPU {
		return 0, 0, false
	}
	var sum float64
	for _, p := range pts {
		sum += p.CPUPct
		peak = max(peak, p.CPUPct)
	}
	return sum / float64(len(pts)), peak, true
}

// clientReason names the generator's rules that held.
func (w *Workload) clientReason() string {
	var r []string
	if w.HasReason(ReasonClientBound) || (w.Client != nil && w.Client.Bound) {
		r = append(r, "client-bound (its CPU at its limit)")
	}
	if w.HasReason(ReasonGeneratorDominated) {
		r = append(r, fmt.Sprintf("generator-dominated (lag p99 %s ms above service p50 %s ms)", Num(w.Latency["lag"].P99Ms, 3), Num(w.Latency["service"].P50Ms, 3)))
	}
	return "the load generator limited the run, " + strings.Join(r, " and ")
}
