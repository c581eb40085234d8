package scenario

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"
)

func TestSourceVersionsAndAges(t *testing.T) {
	ctx := context.Background()
	s := NewSource(LatencyDist{}, 0)
	rng := rand.New(rand.NewPCG(1, 2))
	if v := s.Version(7); v != 0 {
		t.Fatalf("unwritten key at version %d", v)
	}
	for want := uint64(1); want <= 6; want++ {
		v, err := s.Write(ctx, 7, rng)
		if err != nil || v != want {
			t.Fatalf("write %d: version %d, %v", want, v, err)
		}
		time.Sleep(2 * time.Millisecond)
	}
	if v := s.Version(7); v != 6 {
		t.Fatalf("version %d, want 6", v)
	}
	// Version 6 is current; 5 was superseded ~2ms ago, 4 ~4ms ago, …
	if a := s.SupersededFor(7, 6); a != 0 {
		t.Errorf("current version superseded for %v", a)
	}
	a5, a4, a0 := s.SupersededFor(7, 5), s.SupersededFor(7, 4), s.SupersededFor(7, 0)
	if a5 < 2*time.Millisecond || a4 < a5+2*time.Millisecond {
		t.Errorf("ages: v5 %v, v4 %v: want v4 ≥ v5 + 2ms ≥ 4ms", a4, a5)
	}
	// Version 1 appeared before the kept bump times: a lower bound, the
	// oldest kept (version 3's), is returned, at least v4's age.
	if a0 < a4 {
		t.Errorf("age of v0 %v below v4's %v", a0, a4)
	}
	if st := s.Stats(); st.Writes != 6 || st.Calls != 0 {
		t.Errorf("stats %+v", st)
	}
	n := 0
	s.Written(10, func(k, v uint64) {
		n++
		if k != 7 || v != 6 {
			t.Errorf("written key %d at %d", k, v)
		}
	})
	if n != 1 {
		t.Errorf("visited %d written keys", n)
	}
}

func TestSourceWrittenLimit(t *testing.T) {
	s := NewSource(LatencyDist{}, 0)
	rng := rand.New(rand.NewPCG(1, 2))
	for k := range uint64(1000) {
		if _, err := s.Write(context.Background(), k, rng); err != nil {
			t.Fatal(err)
		}
	}
	for _, limit := range []int{0, 1, 300, 1000, 5000} {
		seen := map[uint64]bool{}
		got := s.Written(limit, func(k, v uint64) { seen[k] = true })
		if want := min(limit, 1000); got != want || len(seen) != want {
			t.Errorf("limit %d: visited %d (%d distinct), want %d", limit, got, len(seen), want)
		}
	}
}

func TestHerdEpisodes(t *testing.T) {
	ctx := context.Background()
	s := NewSource(LatencyDist{}, 0)
	rng := rand.New(rand.NewPCG(1, 2))
	load := func(k uint64) {
		if _, err := s.Load(ctx, k, rng); err != nil {
			t.Fatal(err)
		}
	}
	// Key 1: three misses, three loads, then a fill: herd 3.
	s.Miss(1)
	load(1)
	s.Miss(1)
	load(1)
	load(1)
	// Key 2: a load outside any episode (an early refresh) counts nowhere.
	load(2)
	if n := s.OpenEpisodes(); n != 1 {
		t.Errorf("%d open episodes, want 1", n)
	}
	if n, ok := s.Filled(1); !ok || n != 3 {
		t.Errorf("herd of key 1 = %d, %v; want 3, true", n, ok)
	}
	if _, ok := s.Filled(1); ok {
		t.Error("second fill closed an episode again")
	}
	if _, ok := s.Filled(2); ok {
		t.Error("key 2 had an episode")
	}
	// An episode open at the end of the warm-up is forgotten.
	s.Miss(3)
	load(3)
	s.ResetStats()
	if _, ok := s.Filled(3); ok || s.OpenEpisodes() != 0 {
		t.Error("ResetStats kept an open episode")
	}
	if st := s.Stats(); st.Calls != 0 {
		t.Errorf("calls %d after reset", st.Calls)
	}
}
