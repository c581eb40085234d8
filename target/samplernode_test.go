package target

import (
	"testing"
	"time"
)

// info is a reading with GETs, hits and commands at the given counts.
func info(runID string, gets int64) nodeInfo {
	return nodeInfo{runID: runID, hits: gets, commands: gets + 1, calls: map[string]int64{"get": gets},
		hasCPU: true, hasStats: true, hasCommandStats: true}
}

// TestSamplerNodeParts: each node is differenced only against its own
// readings of one run of the server; a retired node's last part goes into
// the next point and the window; a restart starts a new part.
func TestSamplerNodeParts(t *testing.T) {
	old := &samplerNode{addr: "old", hasBase: true}
	old.base, old.mark, old.last = info("a", 1000), info("a", 1000), info("a", 1000)
	// A point: old counted 300.
	old.last = info("a", 1300)
	if d := old.take(); d.calls["get"] != 300 {
		t.Fatalf("first point: old took %d GETs, want 300", d.calls["get"])
	}
	// The switch: the new master opens at its own (larger) counters, the
	// old one closes after 50 more.
	nw := &samplerNode{addr: "new", hasBase: true}
	nw.base, nw.mark, nw.last = info("b", 90000), info("b", 90000), info("b", 90000)
	old.last = info("a", 1350)
	old.pending = addInfo(old.pending, subInfo(old.last, old.mark))
	old.mark, old.retired = old.last, true
	nw.last = info("b", 90200)
	s := &Sampler{nodes: []*samplerNode{old, nw}}
	t0 := time.Now()
	iv := s.collect(t0, t0.Add(time.Second))
	if iv.d.calls["get"] != 250 {
		t.Errorf("the switch's point: %d GETs, want 50 on the old master and 200 on the new", iv.d.calls["get"])
	}
	// The new master restarts: its counts start again from 0.
	nw.last = info("b", 90400)
	if !nw.readInfo(info("c", 30)) {
		t.Fatal("readInfo refused a reading")
	}
	if len(nw.notes) != 1 {
		t.Errorf("notes %q, want one on the restart", nw.notes)
	}
	w := s.window()
	if w.Nodes != 2 || w.GetCalls != 350+400 || w.KeyspaceHits != 750 || !w.CommandStats {
		t.Errorf("window %+v, want 2 nodes, 750 GETs and hits (old 350, new 400 before its restart, 0 after)", *w)
	}
	nw.last = info("c", 130)
	if w := s.window(); w.GetCalls != 850 {
		t.Errorf("window after 100 more GETs on the restarted node: %d GETs, want 850", w.GetCalls)
	}
	if d := s.collect(t0, t0.Add(time.Second)).d; d.calls["get"] != 300 {
		t.Errorf("the point of the restart: %d GETs, want 300 (200 before it, from its mark at 90200, and 100 after its first reading)", d.calls["get"])
	}
}
