package report

import (
	"strings"
	"testing"
)

func TestAttribute(t *testing.T) {
	cpu := func(pcts ...float64) []ServerPoint {
		var pts []ServerPoint
		for i, p := range pcts {
			pts = append(pts, ServerPoint{TS: float64(i + 1), CPUPct: p})
		}
		return pts
	}
	get := func(clientP50, serverP50 float64) (map[string]Latency, map[string]ServerLatency) {
		return map[string]Latency{"redis_get": {Count: 1000, P50Ms: clientP50}, "lag": {P99Ms: 2}, "service": {P50Ms: 0.5}},
			map[string]ServerLatency{"get": {Count: 1000, P50Ms: serverP50}}
	}
	for _, tc := range []struct {
		name  string
		w     Workload
		bound string // "" for no attribution
		why   []string
	}{
		{name: "server CPU", bound: BoundServer, why: []string{"CPU was at 90% of a core", "max 95%"},
			w: Workload{ServerTimeseries: cpu(85, 90, 95)}},
		{name: "server CPU beats a busy client", bound: BoundServer, why: []string{"at or above 85%"},
			w: Workload{ServerTimeseries: cpu(88), ReasonKinds: []ReasonKind{ReasonClientBound}}},
		{name: "server's own time", bound: BoundServer, why: []string{"own GET time was 60% of the client's", "≤0.600 ms on the server"},
			w: Workload{ServerTimeseries: cpu(30)}},
		{name: "client-bound", bound: BoundClient, why: []string{"client-bound", "client CPU 95% of 2 cores"},
			w: Workload{ServerTimeseries: cpu(40), ReasonKinds: []ReasonKind{ReasonClientBound}, Client: &Client{CPUUtil: 0.95, GOMAXPROCS: 2, Bound: true}}},
		{name: "generator-dominated", bound: BoundClient, why: []string{"generator-dominated (lag p99 2.000 ms above service p50 0.500 ms)"},
			w: Workload{ServerTimeseries: cpu(10), ReasonKinds: []ReasonKind{ReasonGeneratorDominated}}},
		{name: "client-bound, server not sampled", bound: BoundClient, why: []string{"client-bound"},
			w: Workload{Client: &Client{CPUUtil: 0.95, GOMAXPROCS: 2, Bound: true}}},
		{name: "not sampled", bound: "", w: Workload{Client: &Client{CPUUtil: 0.2, GOMAXPROCS: 2}}},
		{name: "no CPU time from the server", bound: "", w: Workload{ServerTimeseries: cpu(0, 0), ServerWindow: &ServerWindow{}}},
		{name: "network", bound: BoundNetwork, why: []string{"98% of a GET's time", "GET p50 0.050 ms at the client, ≤0.001 ms on the server"},
			w: Workload{ServerTimeseries: cpu(40, 45), Client: &Client{CPUUtil: 0.4, GOMAXPROCS: 2}}},
		{name: "network inferred", bound: BoundNetwork, why: []string{"inferred", "server's own time unknown"},
			w: Workload{ServerTimeseries: cpu(40), Latency: map[string]Latency{"redis_get": {Count: 10, P50Ms: 0.05}}}},
		{name: "open loop met its rate", bound: BoundNone, why: []string{"met its rate (1000 of 1000 ops/s)", "well below capacity"},
			w: Workload{ServerTimeseries: cpu(5), Client: &Client{CPUUtil: 0.1, GOMAXPROCS: 2}, TargetRateOpsS: 1000, AchievedRateOpsS: 1000}},
		{name: "open loop short of its rate", bound: BoundNetwork, why: []string{"outside the server"},
			w: Workload{ServerTimeseries: cpu(5), Client: &Client{CPUUtil: 0.1, GOMAXPROCS: 2}, TargetRateOpsS: 1000, AchievedRateOpsS: 800}},
		{name: "open loop, busier server", bound: BoundNetwork, why: []string{"outside the server"},
			w: Workload{ServerTimeseries: cpu(60), TargetRateOpsS: 1000, AchievedRateOpsS: 1000}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := tc.w
			if len(w.ServerTimeseries) > 0 && w.ServerWindow == nil {
				w.ServerWindow = &ServerWindow{CPU: true}
			}
			switch tc.name {
			case "server's own time":
				w.Latency, w.ServerLatency = get(1, 0.6)
			case "network inferred":
			default:
				w.Latency, w.ServerLatency = get(0.05, 0.001)
			}
			w.Attribute()
			a := w.Attribution
			if tc.bound == "" {
				if a != nil {
					t.Fatalf("attribution %+v, want none", *a)
				}
				return
			}
			if a == nil || a.Bound != tc.bound {
				t.Fatalf("attribution %+v, want bound %s", a, tc.bound)
			}
			for _, s := range tc.why {
				if !strings.Contains(a.Why, s) {
					t.Errorf("why %q lacks %q", a.Why, s)
				}
			}
		})
	}
}

func TestAttributeCombinedRepeats(t *testing.T) {
	part := func(pct float64) *Workload {
		w := &Workload{DurationS: 1, Latency: map[string]Latency{}, ServerTimeseries: []ServerPoint{{TS: 1, CPUPct: pct}}, ServerWindow: &ServerWindow{CPU: true}}
		w.Attribute()
		return w
	}
	w, err := CombineRepeats([]*Workload{part(95), part(95)})
	if err != nil {
		t.Fatal(err)
	}
	if w.Attribution == nil || w.Attribution.Bound != BoundServer {
		t.Errorf("combined attribution %+v, want server", w.Attribution)
	}
}
