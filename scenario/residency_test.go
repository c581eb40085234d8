package scenario

import (
	"testing"
	"time"
)

func TestResidency(t *testing.T) {
	r := newResidency(3 * residencyPage)
	const k = residencyPage + 5
	ms := time.Millisecond
	if r.held(k, 0, 0) || r.pages[1].Load() != nil {
		t.Fatal("a key never filled is held, or its page was allocated by a lookup")
	}
	r.hold(k, r.gen(k), 100*ms, 102*ms, 50*ms) // held from 102 ms to 150 ms
	for _, c := range []struct {
		name      string
		sent, now time.Duration
		want      bool
	}{
		{"within", 110 * ms, 120 * ms, true},
		{"to the TTL's last millisecond", 110 * ms, 149 * ms, true},
		{"past it, rounded towards not counting", 110 * ms, 149*ms + 1, false},
		{"the TTL passed: an expiry, not an eviction", 110 * ms, 150 * ms, false},
		{"GET sent before the fill's reply: the server may have run it first", 101 * ms, 120 * ms, false},
		{"GET sent in the fill's reply's millisecond", 102 * ms, 120 * ms, false},
		{"GET sent the millisecond after", 103 * ms, 120 * ms, true},
	} {
		if got := r.held(k, c.sent, c.now); got != c.want {
			t.Errorf("%s: held(sent %v, now %v) = %v, want %v", c.name, c.sent, c.now, got, c.want)
		}
	}
	if r.pages[0].Load() != nil || r.pages[2].Load() != nil {
		t.Error("pages of keys never filled were allocated")
	}
	// A fill racing an invalidation: its SET sent before the DEL, its
	// reply noted after. The DEL may have removed it: not held.
	gen := r.gen(k)
	r.drop(k) // before the DEL is sent
	if r.held(k, 110*ms, 120*ms) {
		t.Error("an invalidated key is still held")
	}
	r.drop(k) // after its reply
	r.hold(k, gen, 104*ms, 105*ms, 50*ms)
	if r.held(k, 110*ms, 120*ms) {
		t.Error("a fill that raced an invalidation is held")
	}
	r.hold(k, r.gen(k), 104*ms, 105*ms, 50*ms) // a fill after it
	if !r.held(k, 110*ms, 120*ms) {
		t.Error("a fill after the invalidation is not held")
	}
	if newResidency(residencyMaxKeys+1) != nil {
		t.Error("a key space above residencyMaxKeys is tracked")
	}
	var none *residency
	none.hold(1, none.gen(1), 0, 0, time.Second)
	none.drop(1)
	if none.held(1, 0, 0) {
		t.Error("no tracker, yet held")
	}
}
