package target

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/internal/testredis"
)

func TestWindowEntries(t *testing.T) {
	log := []redis.SlowLog{ // newest first
		{ID: 20, Duration: 3 * time.Millisecond, Args: []string{"GET", "k"}},
		{ID: 19, Duration: time.Second, Args: []string{"info", "all"}}, // the sampler's own
		{ID: 17, Duration: 12 * time.Millisecond, Args: []string{"SET", "k", strings.Repeat("v", 100)}},
		{ID: 15, Duration: time.Millisecond, Args: []string{"GET", "before"}},
	}
	got, count, atLeast := windowEntries("n1", 15, log)
	if len(got) != 2 || got[0].ID != 20 || got[1].ID != 17 || got[1].Node != "n1" {
		t.Fatalf("entries %+v: want ids 20 and 17 (not the sampler's INFO, not 15 from before)", got)
	}
	if !strings.HasPrefix(got[1].Command, "SET k vvvv") || !strings.HasSuffix(got[1].Command, "…") || len(got[1].Command) > 80 {
		t.Errorf("command %q: want SET k and the value cut", got[1].Command)
	}
	if count != 4 || atLeast { // ids 16 to 20 but the sampler's 19; 16 and 18 no longer in the log
		t.Errorf("count %d (at least: %v), want 4 by the ids", count, atLeast)
	}
	if _, count, atLeast := windowEntries("n1", -1, log); count != 3 || atLeast {
		t.Errorf("from a log empty at the start: count %d (at least: %v), want the 3 read, exact as the log is not full", count, atLeast)
	}
	if _, count, _ := windowEntries("n1", 20, log); count != 0 {
		t.Errorf("nothing new: count %d", count)
	}
}

// TestSamplerSlowlog: on a real redis-server logging every command, the
// window's slow log holds exactly the workload's commands sent between
// Start and Stop, the slowest first; the emulator, which has no SLOWLOG,
// gives none.
func TestSamplerSlowlog(t *testing.T) {
	s := testredis.Start(t, "--slowlog-log-slower-than", "0")
	c := connectTo(t, s.URL())
	ctx := t.Context()
	for range 3 { // before the window
		c.Get(ctx, "slow:k")
	}
	sm := NewSampler(ctx, c)
	sm.interval = 5 * time.Millisecond
	sm.started = make(chan struct{})
	sm.Start()
	<-sm.started
	const gets = 40
	for i := range gets {
		c.Get(ctx, "slow:"+strconv.Itoa(i))
	}
	sl := sm.Stop().Slowlog
	if sl == nil {
		t.Fatal("no slow log")
	}
	if sl.Entries != gets || sl.AtLeast || len(sl.Slowest) != SlowestKept {
		t.Errorf("slow log %+v: want exactly the %d GETs, the %d slowest listed", sl, gets, SlowestKept)
	}
	for i, e := range sl.Slowest {
		if !strings.HasPrefix(e.Command, "get slow:") && !strings.HasPrefix(e.Command, "GET slow:") || (i > 0 && e.Duration > sl.Slowest[i-1].Duration) {
			t.Errorf("slowest %+v: want the window's GETs, slowest first", sl.Slowest)
		}
	}

	m := testredis.Emulator(t)
	sm = NewSampler(ctx, connectTo(t, "redis://"+m.Addr()))
	sm.Start()
	if v := sm.Stop(); v.Slowlog != nil {
		t.Errorf("emulator: slow log %+v, want none", *v.Slowlog)
	}
}
