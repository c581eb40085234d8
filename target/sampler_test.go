package target

import (
	"math"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2/server"

	"github.com/cacheaside/bench/internal/testredis"
)

func TestParseNodeInfo(t *testing.T) {
	sec := infoSections(t, "valkey-8.0.1.info")
	n := parseNodeInfo(sec["stats"] + sec["cpu"] + sec["memory"] + sec["clients"] + sec["commandstats"])
	if !n.hasCPU || !n.hasStats || !n.hasCommandStats {
		t.Fatalf("parsed %+v: want CPU, stats and commandstats", n)
	}
	for _, c := range []struct {
		name      string
		got, want int64
	}{
		{"used_memory", n.usedMemory, 1745624}, {"connected_clients", n.clients, 5},
		{"keyspace_hits", n.hits, 701221}, {"keyspace_misses", n.misses, 48310},
		{"expired_keys", n.expired, 1203}, {"total_commands_processed", n.commands, 812544},
		{"total_net_input_bytes", n.netIn, 49215733}, {"get calls", n.calls["get"], 749531},
		{"del calls", n.calls["del"], 14422},
	} {
		if c.got != c.want {
			t.Errorf("%s = %d, want %d", c.name, c.got, c.want)
		}
	}
	if want := 21.402311 + 38.117205; math.Abs(n.cpuSec-want) > 1e-9 {
		t.Errorf("cpu = %v, want %v", n.cpuSec, want)
	}
}

// TestSamplerCountsTheWindow: on a real redis-server, the window's GET
// count and keyspace hits and misses are exactly the GETs sent between
// Start and Stop; those before Start are not counted.
func TestSamplerCountsTheWindow(t *testing.T) {
	s := testredis.Start(t)
	c := connectTo(t, s.URL())
	ctx := t.Context()
	if err := c.Set(ctx, "sampler:hit", "v", 0).Err(); err != nil {
		t.Fatal(err)
	}
	for range 7 { // before the window
		c.Get(ctx, "sampler:hit")
	}
	sm := NewSampler(ctx, c)
	sm.interval = 5 * time.Millisecond
	sm.started = make(chan struct{})
	sm.Start()
	<-sm.started
	const hits, misses = 300, 120
	for i := range hits + misses {
		key := "sampler:hit"
		if i%(hits+misses)/hits == 1 || i >= hits {
			key = "sampler:miss:" + strconv.Itoa(i)
		}
		if err := c.Get(ctx, key).Err(); err != nil && !strings.Contains(err.Error(), "nil") {
			t.Fatal(err)
		}
	}
	v := sm.Stop()
	w := v.Window
	if w == nil {
		t.Fatalf("no window: notes %q", v.Notes)
	}
	if w.Nodes != 1 || !w.CommandStats || !w.CPU || w.GetCalls != hits+misses || w.KeyspaceHits != hits || w.KeyspaceMisses != misses {
		t.Errorf("window %+v, want 1 node, %d GETs, %d hits, %d misses", *w, hits+misses, hits, misses)
	}
	if w.Commands < hits+misses {
		t.Errorf("commands %d, want at least the %d GETs", w.Commands, hits+misses)
	}
	if len(v.Points) == 0 {
		t.Fatal("no points")
	}
	var sumHits float64
	prev := 0.0
	for _, p := range v.Points {
		if p.TS <= prev || p.UsedMemory <= 0 || p.ConnectedClients < 2 || p.CPUPct < 0 {
			t.Errorf("point %+v after t=%v: want a later time, memory, both clients, CPU", p, prev)
		}
		sumHits += p.KeyspaceHits * (p.TS - prev)
		prev = p.TS
	}
	if sumHits < hits*0.9 || sumHits > hits*1.1 {
		t.Errorf("the points' hit rates add up to %.1f hits, want about %d", sumHits, hits)
	}
	if again := sm.Stop(); len(again.Points) != len(v.Points) {
		t.Errorf("a second Stop changed the view")
	}
}

// TestSamplerOneSectionAtATime: a server that takes one INFO argument
// (before Redis 7) is read with INFO all.
func TestSamplerOneSectionAtATime(t *testing.T) {
	sec := infoSections(t, "dragonfly-1.15.1.info")
	m := testredis.Emulator(t)
	var mu sync.Mutex
	var forms []string
	m.Server().SetPreHook(func(p *server.Peer, cmd string, args ...string) bool {
		if cmd != "INFO" || (len(args) == 1 && args[0] == "cluster") { // cluster: ConnectUniversal's
			return false
		}
		mu.Lock()
		forms = append(forms, strings.Join(args, " "))
		mu.Unlock()
		if len(args) != 1 || args[0] != "all" {
			p.WriteError("ERR syntax error")
			return true
		}
		p.WriteBulk(sec["clients"] + sec["memory"] + sec["stats"] + sec["cpu"] + sec["commandstats"])
		return true
	})
	sm := NewSampler(t.Context(), connectTo(t, "redis://"+m.Addr()))
	sm.Start()
	v := sm.Stop()
	if v.Window == nil || !v.Window.CommandStats || v.Window.GetCalls != 0 {
		t.Fatalf("window %+v (notes %q), want one with commandstats and no change", v.Window, v.Notes)
	}
	if len(v.Points) != 1 || v.Points[0].UsedMemory != 2654208 || v.Points[0].ConnectedClients != 5 {
		t.Errorf("points %+v, want one with Dragonfly's used_memory and clients", v.Points)
	}
	mu.Lock()
	defer mu.Unlock()
	if forms[0] != "server clients memory stats cpu commandstats" || forms[1] != "all" || forms[len(forms)-1] != "all" {
		t.Errorf("INFO forms asked %q, want sections, then all from then on", forms)
	}
}

// TestSamplerInfoRefused: a server refusing INFO leaves no view, a note,
// and no error.
func TestSamplerInfoRefused(t *testing.T) {
	m := testredis.Emulator(t)
	m.Server().SetPreHook(func(p *server.Peer, cmd string, args ...string) bool {
		if cmd == "INFO" {
			p.WriteError("NOPERM no permissions to run the 'info' command")
			return true
		}
		return false
	})
	sm := NewSampler(t.Context(), connectTo(t, "redis://"+m.Addr()))
	sm.Start()
	v := sm.Stop()
	if v.Window != nil || len(v.Points) != 0 || len(v.Notes) == 0 {
		t.Errorf("view %+v, want no window, no points, a note", v)
	}
}

// TestSamplerNeverStarted: Stop without Start returns an empty view.
func TestSamplerNeverStarted(t *testing.T) {
	m := testredis.Emulator(t)
	sm := NewSampler(t.Context(), connectTo(t, "redis://"+m.Addr()))
	if v := sm.Stop(); v.Window != nil || len(v.Points) != 0 {
		t.Errorf("view %+v, want empty", v)
	}
}
