package report

import (
	"strings"
	"testing"
)

func TestCheckServerWindow(t *testing.T) {
	for _, tc := range []struct {
		name   string
		window *ServerWindow
		warn   bool
	}{
		{"not sampled", nil, false},
		{"the client's GETs", &ServerWindow{CommandStats: true, GetCalls: 10000}, false},
		{"a round trip's worth fewer", &ServerWindow{CommandStats: true, GetCalls: 9990}, false},
		{"within the tolerance", &ServerWindow{CommandStats: true, GetCalls: 10150}, false},
		{"lease scripts' GETs", &ServerWindow{CommandStats: true, GetCalls: 13000, ScriptCalls: 3000}, false},
		{"someone else's GETs", &ServerWindow{CommandStats: true, GetCalls: 15000}, true},
		{"no commandstats, lookups agree", &ServerWindow{KeyspaceHits: 9000, KeyspaceMisses: 1000}, false},
		{"no commandstats, lookups exceed", &ServerWindow{KeyspaceHits: 19000, KeyspaceMisses: 1000}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := Workload{Hits: 9000, Misses: 1000, Latency: map[string]Latency{"redis_get": {Count: 10000}}, ServerWindow: tc.window}
			w.CheckServerWindow()
			got := len(w.Warnings) == 1 && strings.Contains(w.Warnings[0], "something else is using the server")
			if got != tc.warn || (!tc.warn && len(w.Warnings) > 0) {
				t.Errorf("warnings %q, want a foreign-traffic warning: %v", w.Warnings, tc.warn)
			}
		})
	}
}

func TestCombineRepeatsServerView(t *testing.T) {
	a := &Workload{DurationS: 2, Latency: map[string]Latency{}, ServerTimeseries: []ServerPoint{{TS: 1, Ops: 10}, {TS: 2, Ops: 20}},
		ServerWindow: &ServerWindow{Nodes: 1, CommandStats: true, GetCalls: 30, KeyspaceHits: 25}}
	b := &Workload{DurationS: 2, Latency: map[string]Latency{}, ServerTimeseries: []ServerPoint{{TS: 1, Ops: 30}, {TS: 2, Ops: 40}},
		ServerWindow: &ServerWindow{Nodes: 1, CommandStats: true, GetCalls: 70, KeyspaceHits: 60}}
	w, err := CombineRepeats([]*Workload{a, b})
	if err != nil {
		t.Fatal(err)
	}
	if len(w.ServerTimeseries) != 4 || w.ServerTimeseries[2].TS != 3 || w.ServerTimeseries[3].Ops != 40 {
		t.Errorf("server_timeseries %+v, want the second repeat's after the first's", w.ServerTimeseries)
	}
	if sw := w.ServerWindow; sw == nil || sw.GetCalls != 100 || sw.KeyspaceHits != 85 || !sw.CommandStats {
		t.Errorf("server_window %+v, want the sums", w.ServerWindow)
	}
}
