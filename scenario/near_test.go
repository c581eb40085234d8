package scenario

import (
	"math"
	"testing"
	"time"
)

// The fetch/invalidation race, without a server: the invalidation of a key
// arrives while its value is being fetched.
func TestNearCacheRace(t *testing.T) {
	for _, tc := range []struct {
		name        string
		unsafe      bool
		invalidate  bool // an invalidation arrives during the fetch
		wantKept    bool
		wantTracked bool
	}{
		{"quiet fetch kept", false, false, true, true},
		{"invalidated fetch dropped", false, true, false, false},
		{"unsafe quiet fetch kept", true, false, true, true},
		{"unsafe invalidated fetch kept untracked", true, true, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newNearCache(10, time.Minute, tc.unsafe)
			tok := c.begin(7)
			if tc.invalidate {
				c.invalidate(7, time.Millisecond)
			}
			if kept := c.end(7, tok, 3, true, 2*time.Millisecond); kept != tc.wantKept {
				t.Fatalf("kept %v, want %v", kept, tc.wantKept)
			}
			v, ok := c.get(7, 3*time.Millisecond)
			if ok != tc.wantKept || ok && v != 3 {
				t.Fatalf("get: %d, %v; want version 3 present = %v", v, ok, tc.wantKept)
			}
			if e, ok := c.lru.Peek(7); ok && e.tracked != tc.wantTracked {
				t.Errorf("tracked %v, want %v", e.tracked, tc.wantTracked)
			}
			if len(c.inflight) != 0 {
				t.Errorf("fetches still in flight: %v", c.inflight)
			}
		})
	}
}

// An invalidation before the fetch began, or of another key, does not stop
// a fetch from being kept; two fetches of one key, one started after the
// invalidation, keep only the later one's value.
func TestNearCacheInvalidationOrder(t *testing.T) {
	c := newNearCache(10, time.Minute, false)
	c.invalidate(1, 0)
	first := c.begin(1)
	c.invalidate(2, 0)
	if !c.end(1, first, 5, true, 0) {
		t.Fatal("a fetch begun after its key's invalidation was dropped")
	}
	a := c.begin(3)
	c.invalidate(3, 0)
	b := c.begin(3)
	if c.end(3, a, 1, true, 0) {
		t.Error("the fetch overtaken by an invalidation was kept")
	}
	if !c.end(3, b, 2, true, 0) {
		t.Error("the fetch begun after the invalidation was dropped")
	}
	if v, ok := c.get(3, 0); !ok || v != 2 {
		t.Errorf("key 3: %d, %v; want 2", v, ok)
	}
	if c.end(4, c.begin(4), 1, false, 0) {
		t.Error("a failed fetch was kept")
	}
}

func TestNearCacheBoundsAndTTL(t *testing.T) {
	c := newNearCache(2, 10*time.Millisecond, false)
	c.startMeasuring()
	for k := range uint64(3) {
		c.end(k, c.begin(k), k, true, 0)
	}
	if _, ok := c.get(0, 0); ok {
		t.Error("the least recently used entry was not evicted")
	}
	if c.evictions != 1 || c.peak != 2 {
		t.Errorf("evictions %d, peak %d; want 1, 2", c.evictions, c.peak)
	}
	if _, ok := c.get(2, 9*time.Millisecond); !ok {
		t.Error("an entry younger than the near ttl was not served")
	}
	if _, ok := c.get(2, 10*time.Millisecond); ok {
		t.Error("an entry as old as the near ttl was served")
	}
	c.invalidate(1, 0)
	if c.evictions != 1 {
		t.Errorf("an invalidation counted as an eviction: %d", c.evictions)
	}
}

// The ledger owes an instance an invalidation for a write of a key it holds
// tracked, measures the lag from the write's reply, and counts what never
// comes.
func TestNearLedger(t *testing.T) {
	ms := time.Millisecond
	c := newNearCache(10, time.Minute, true)
	c.startMeasuring()
	c.end(1, c.begin(1), 0, true, 0) // held, tracked
	c.end(2, c.begin(2), 0, true, 0)
	tok := c.begin(3)
	c.invalidate(3, 0)
	c.end(3, tok, 0, true, 0) // near-unsafe kept it untracked
	if c.expect(9, false, 0) {
		t.Error("a key not held is owed an invalidation")
	}
	if c.expect(3, false, 0) {
		t.Error("an untracked entry is owed an invalidation: the server no longer tracks it")
	}
	if !c.expect(1, false, 0) || !c.expect(1, false, 0) {
		t.Fatal("a held key is not owed an invalidation")
	}
	c.acked(1, true, 10*ms)
	c.invalidate(1, 13*ms)
	if !c.expect(2, false, 0) {
		t.Fatal("key 2 not owed")
	}
	c.invalidate(2, 20*ms) // before the reply
	c.acked(2, true, 21*ms)
	if !c.expect(5, true, 0) { // bcast: owed whatever is held
		t.Fatal("bcast: key 5 not owed")
	}
	c.acked(5, false, 30*ms) // nothing changed: nothing owed
	if !c.expect(6, true, 0) {
		t.Fatal("bcast: key 6 not owed")
	}
	c.acked(6, true, 40*ms) // never invalidated: lost
	if c.expected != 3 || c.beforeAck != 1 || c.owed() != 1 {
		t.Errorf("expected %d, before ack %d, owed %d; want 3, 1, 1", c.expected, c.beforeAck, c.owed())
	}
	if n, mx := c.lag.TotalCount(), time.Duration(c.lag.Max()); n != 2 || mx < 3*ms || mx > 3*ms+ms/100 {
		t.Errorf("lag histogram: %d values, max %v; want 2, 3ms", n, mx)
	}
	c.flush()
	if c.owed() != 0 || c.lru.Len() != 0 {
		t.Errorf("after a flush: owed %d, entries %d", c.owed(), c.lru.Len())
	}
}

// The reads an instance looks up between a write's source update and the
// receipt of its invalidation are the window's, weighed by the written
// key's probability; reads before the write or after the receipt are not.
func TestNearLedgerCountsWindowReads(t *testing.T) {
	c := newNearCache(10, time.Minute, false)
	c.keyProb = func(k uint64) float64 { return float64(k) / 10 }
	c.startMeasuring()
	c.end(2, c.begin(2), 0, true, 0)
	c.end(4, c.begin(4), 0, true, 0)
	lookups := func(n int) {
		for range n {
			c.lookup(7, 0)
		}
	}
	lookups(5) // before any write
	if !c.expect(2, false, c.readMark()) {
		t.Fatal("key 2 not owed")
	}
	lookups(3)
	mark4 := c.readMark()
	lookups(4)
	if !c.expect(4, false, mark4) { // the DEL is sent later than the source write
		t.Fatal("key 4 not owed")
	}
	c.acked(2, true, 0)
	c.invalidate(2, 0) // key 2's window: 3 + 4 reads
	lookups(6)
	c.invalidate(4, 0) // key 4's window: 4 + 6 reads
	lookups(9)         // after every window
	if c.windowReads != 17 {
		t.Errorf("window reads %d, want 7 + 10", c.windowReads)
	}
	if want := 7*0.2 + 10*0.4; math.Abs(c.windowStale-want) > 1e-9 {
		t.Errorf("expected stale hits %v, want %v", c.windowStale, want)
	}
}

func TestResolveNear(t *testing.T) {
	s := Spec{Workloads: []Workload{{Strategy: "near", TTL: Duration(5 * time.Second)}, {}}}
	s.Resolve()
	near, naive := s.Workloads[0], s.Workloads[1]
	if near.NearSize != DefaultNearSize || near.NearTTL != Duration(5*time.Second) || near.Tracking != DefaultTracking {
		t.Errorf("near resolved to size %d, ttl %s, tracking %q", near.NearSize, near.NearTTL, near.Tracking)
	}
	if naive.NearSize != 0 || naive.NearTTL != 0 || naive.Tracking != "" {
		t.Errorf("naive got near fields: %+v", naive)
	}
}
