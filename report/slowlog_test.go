package report

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestSlowlogSectionAndRepeats(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	a := &Workload{DurationS: 1, Latency: map[string]Latency{}, Slowlog: &Slowlog{Entries: 3, Slowest: []SlowlogEntry{
		{Node: "n1", ID: 7, At: at, DurationMs: 12.5, Command: "SET k v"}, {Node: "n1", ID: 6, At: at, DurationMs: 2, Command: "GET k"}}}}
	b := &Workload{DurationS: 1, Latency: map[string]Latency{}, Slowlog: &Slowlog{Entries: 200, AtLeast: true, Slowest: []SlowlogEntry{
		{Node: "n1", ID: 90, At: at, DurationMs: 40, Command: "DEL k"}}}}
	w, err := CombineRepeats([]*Workload{a, b})
	if err != nil {
		t.Fatal(err)
	}
	s := w.Slowlog
	if s == nil || s.Entries != 203 || !s.AtLeast || len(s.Slowest) != 3 || s.Slowest[0].Command != "DEL k" || s.Slowest[2].Command != "GET k" {
		t.Fatalf("combined %+v: want 203 entries at least, slowest first", s)
	}
	var md bytes.Buffer
	slowlogSection(&md, &w)
	for _, want := range []string{"Slow log: at least 203 entries", "| n1 | 90 | 2026-01-02T03:04:05Z | 40.000 | `DEL k` |"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("section lacks %q:\n%s", want, md.String())
		}
	}
	md.Reset()
	slowlogSection(&md, &Workload{Slowlog: &Slowlog{}})
	if md.Len() != 0 {
		t.Errorf("a section for an empty slow log:\n%s", md.String())
	}
	if w, _ := CombineRepeats([]*Workload{a, {DurationS: 1, Latency: map[string]Latency{}}}); w.Slowlog != nil {
		t.Errorf("a repeat without a slow log: combined %+v, want none", w.Slowlog)
	}
}
