package scenario

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cacheaside/bench/internal/testredis"
	"github.com/cacheaside/bench/report"
	"github.com/cacheaside/bench/target"
)

// The near strategies on a real redis-server (miniredis has no CLIENT
// TRACKING).

// nearBoundSlack is how far above the window's expected ratio the measured
// window stale near-hit ratio of near may be: the theory uses mean
// latencies, and on a loaded client the windows are long exactly when
// delayed reads burst (up to ~5× seen on a shared 2-CPU machine).
const nearBoundSlack = 10

// 1% invalidation on zipf keys: the near cache serves reads, far faster
// than Redis, and every invalidation owed reaches the instance.
func TestNearOnRedis(t *testing.T) {
	srv := testredis.Start(t)
	for _, tracking := range []string{"default", "bcast"} {
		t.Run(tracking, func(t *testing.T) {
			r := runOnRedis(t, srv.URL(), Workload{
				Strategy: "near", Tracking: tracking,
				Duration: Duration(1500 * time.Millisecond), Warmup: Duration(300 * time.Millisecond),
				Workers: 8, Keys: 2000, KeyDist: "zipf:0.99", TTL: Duration(30 * time.Second),
				InvalidateRate: 0.01, SourceLatency: "1ms", ValueSize: "256",
			})
			n := r.Near
			if n == nil {
				t.Fatal("no near section in the report")
			}
			t.Logf("near %+v", *n)
			if n.Hits == 0 || n.HitRatio <= 0 || n.Hits+n.Misses != r.Reads {
				t.Errorf("near hits %d (ratio %v), misses %d, reads %d", n.Hits, n.HitRatio, n.Misses, r.Reads)
			}
			hit, get := r.Latency["near_hit"], r.Latency["redis_get"]
			if hit.Count != n.Hits || get.Count == 0 || hit.P50Ms*5 > get.P50Ms {
				t.Errorf("near_hit p50 %vms (%d), redis_get p50 %vms (%d): want near at least 5× faster", hit.P50Ms, hit.Count, get.P50Ms, get.Count)
			}
			if n.InvalidationsReceived == 0 || n.InvalidationsExpected == 0 {
				t.Errorf("invalidations received %d, expected %d", n.InvalidationsReceived, n.InvalidationsExpected)
			}
			if lag := r.Latency["invalidation_lag"]; lag.Count != n.InvalidationsExpected-n.InvalidationsLost {
				t.Errorf("invalidation_lag count %d, want one per settled expectation (%d - %d)", lag.Count, n.InvalidationsExpected, n.InvalidationsLost)
			}
			if n.InvalidationsLost != 0 {
				t.Errorf("%d invalidations lost on a healthy server", n.InvalidationsLost)
			}
			// Stale near hits remain: reads of a key between its source
			// write and the invalidation's arrival (docs/near-cache.md).
			if n.StaleHitRatioCILow > n.StaleHitRatio || n.StaleHitRatioCIHi < n.StaleHitRatio {
				t.Errorf("stale hit ratio %v outside its interval %v–%v", n.StaleHitRatio, n.StaleHitRatioCILow, n.StaleHitRatioCIHi)
			}
			if n.StaleHitsExpected <= 0 || n.StaleWindowMs <= 0 || n.StaleHitRatioExpected <= 0 || n.StaleWindowHits > n.StaleHits {
				t.Errorf("stale-hit bound %v (%v, window %v ms), window stale hits %d of %d", n.StaleHitsExpected, n.StaleHitRatioExpected, n.StaleWindowMs, n.StaleWindowHits, n.StaleHits)
			}
		})
	}
}

// The stale near hits of values current when kept come from the
// invalidation window: not far above the bound the measured lag implies
// for reads spread evenly. Open loop, so the near hits do not saturate the
// CPUs (a saturated client stretches the windows exactly when reads are
// densest); the lower end of the interval, so a burst does not fail it.
func TestNearStaleWithinBound(t *testing.T) {
	srv := testredis.Start(t)
	r := runOnRedis(t, srv.URL(), Workload{
		Strategy: "near", Rate: 40000,
		Duration: Duration(2 * time.Second), Warmup: Duration(300 * time.Millisecond),
		Workers: 8, Keys: 2000, KeyDist: "zipf:0.99", TTL: Duration(30 * time.Second),
		InvalidateRate: 0.01, SourceLatency: "1ms", ValueSize: "64",
	})
	n := r.Near
	if n == nil || n.StaleHitRatioExpected <= 0 {
		t.Fatalf("near section %+v: want a stale-hit bound", n)
	}
	lo, _ := report.Wilson(n.StaleWindowHits, n.Hits)
	t.Logf("window stale near hits %d of %d (CI low %.5f), all %d; bound %.4g (%.5f), window %v ms; %.4g from %d reads in the windows", n.StaleWindowHits, n.Hits, lo, n.StaleHits, n.StaleHitsExpected, n.StaleHitRatioExpected, n.StaleWindowMs, n.StaleHitsExpectedInWindows, n.StaleWindowReads)
	if lo > nearBoundSlack*n.StaleHitRatioExpected {
		t.Errorf("window stale near hits %d of %d (CI low %v) above %v× the bound %v (window %v ms)", n.StaleWindowHits, n.Hits, lo, nearBoundSlack, n.StaleHitRatioExpected, n.StaleWindowMs)
	}
	checkInWindowEstimate(t, n)
}

// In a closed loop with a fill delay the reads bunch inside the windows
// (docs/near-cache.md: 2.6–4.6× the even-rate figure, most likely because
// the workers wake on the writer's timer ticks); the estimate from the
// reads that fell in the windows still holds.
func TestNearStaleFromWindowReads(t *testing.T) {
	srv := testredis.Start(t)
	r := runOnRedis(t, srv.URL(), Workload{
		Strategy: "near", Duration: Duration(2 * time.Second), Warmup: Duration(300 * time.Millisecond),
		Workers: 16, Keys: 2000, KeyDist: "zipf:0.99", TTL: Duration(30 * time.Second),
		InvalidateRate: 0.01, SourceLatency: "lognormal:2ms:0.5", FillDelay: Duration(2 * time.Millisecond), ValueSize: "64",
	})
	if r.Near == nil {
		t.Fatal("no near section")
	}
	t.Logf("window stale near hits %d; %.4g expected from %d reads in the windows, %.4g for reads spread evenly", r.Near.StaleWindowHits, r.Near.StaleHitsExpectedInWindows, r.Near.StaleWindowReads, r.Near.StaleHitsExpected)
	checkInWindowEstimate(t, r.Near)
}

// checkInWindowEstimate fails unless the window stale near hits are within
// 2× of the estimate from the reads inside the windows (measured: 0.76–1.13×),
// beyond Poisson noise of three standard deviations.
func checkInWindowEstimate(t *testing.T, n *report.Near) {
	t.Helper()
	e := n.StaleHitsExpectedInWindows
	if e < 10 || n.StaleWindowReads == 0 {
		t.Fatalf("estimate %v from %d window reads: too few to check", e, n.StaleWindowReads)
	}
	got, noise := float64(n.StaleWindowHits), 3*math.Sqrt(e)
	if got < e/2-noise || got > 2*e+noise {
		t.Errorf("window stale near hits %d; estimate from the reads in the windows %.4g: want within 2× (± %.1f)", n.StaleWindowHits, e, noise)
	}
}

// Four instances: each is owed the invalidations of the keys it held and
// receives every one.
func TestNearInstancesEachReceive(t *testing.T) {
	srv := testredis.Start(t)
	r := runOnRedis(t, srv.URL(), Workload{
		Strategy: "near", Instances: 4,
		Duration: Duration(1500 * time.Millisecond), Workers: 8, Keys: 200, KeyDist: "zipf:0.99",
		TTL: Duration(30 * time.Second), InvalidateRate: 0.02, SourceLatency: "1ms", ValueSize: "64",
	})
	if r.Near == nil || len(r.Near.Instances) != 4 {
		t.Fatalf("near section %+v: want 4 instances", r.Near)
	}
	for i, in := range r.Near.Instances {
		if in.InvalidationsExpected == 0 || in.InvalidationsLost != 0 || in.InvalidationsReceived < in.InvalidationsExpected {
			t.Errorf("instance %d: %+v; want some owed, all received", i, in)
		}
	}
}

// Under a fill delay, near-unsafe keeps values whose key changed during
// their fetch and serves them stale; near drops them.
func TestNearUnsafeStalerThanNear(t *testing.T) {
	srv := testredis.Start(t)
	w := Workload{
		Duration: Duration(1500 * time.Millisecond), Workers: 16, Keys: 50, KeyDist: "uniform",
		TTL: Duration(30 * time.Second), SourceLatency: "1ms", ValueSize: "64",
		InvalidateRate: 0.05, FillDelay: Duration(5 * time.Millisecond),
	}
	got := map[string]*report.Near{}
	for _, s := range []string{"near", "near-unsafe"} {
		w.Strategy = s
		r := runOnRedis(t, srv.URL(), w)
		if r.Near == nil {
			t.Fatalf("%s: no near section", s)
		}
		got[s] = r.Near
		t.Logf("%-11s hits %6d stale %5d (%.4f, CI %.4f–%.4f), bound %.4g (%.4g)", s, r.Near.Hits, r.Near.StaleHits, r.Near.StaleHitRatio, r.Near.StaleHitRatioCILow, r.Near.StaleHitRatioCIHi, r.Near.StaleHitsExpected, r.Near.StaleHitRatioExpected)
	}
	safe, unsafe := got["near"], got["near-unsafe"]
	if unsafe.StaleHits < 20 || unsafe.StaleHitRatio < 3*safe.StaleHitRatio {
		t.Errorf("stale hit ratio: near-unsafe %v (%d), near %v (%d); want near-unsafe ≥ 3× near", unsafe.StaleHitRatio, unsafe.StaleHits, safe.StaleHitRatio, safe.StaleHits)
	}
	// near-unsafe's stale hits come from the race, not the window: far
	// above the bound.
	if unsafe.StaleHitRatioExpected <= 0 || unsafe.StaleHitRatioCILow <= 3*unsafe.StaleHitRatioExpected {
		t.Errorf("near-unsafe stale hit ratio %v (CI low %v): want above 3× its window's expected %v", unsafe.StaleHitRatio, unsafe.StaleHitRatioCILow, unsafe.StaleHitRatioExpected)
	}
	if unsafe.StaleHitRatioCILow <= safe.StaleHitRatioCIHi {
		t.Errorf("intervals overlap: near-unsafe %v–%v, near %v–%v", unsafe.StaleHitRatioCILow, unsafe.StaleHitRatioCIHi, safe.StaleHitRatioCILow, safe.StaleHitRatioCIHi)
	}
}

// A server without tracking fails the check before any load, naming the
// target and what it lacks; a real server passes it in both modes.
func TestCheckTracking(t *testing.T) {
	ctx := context.Background()
	plan := func(t *testing.T, tracking string) *Plan {
		p, err := Prepare(Spec{Name: "t", Workloads: []Workload{{Strategy: "near", Tracking: tracking}}})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	t.Run("emulator", func(t *testing.T) {
		m := testredis.Emulator(t)
		d := connectDeployment(t, "emu=redis://"+m.Addr(), target.ConnectOptions{})
		err := plan(t, "default").CheckTracking(ctx, d.t, d.c)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != "--strategy" {
			t.Fatalf("err %v: want a FieldError on --strategy", err)
		}
		for _, want := range []string{"emu", m.Addr(), "CLIENT"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%q does not name %q", err, want)
			}
		}
	})
	t.Run("redis-server", func(t *testing.T) {
		srv := testredis.Start(t)
		d := connectDeployment(t, srv.URL(), target.ConnectOptions{})
		tg, c := d.t, d.c
		for _, mode := range []string{"default", "bcast"} {
			if err := plan(t, mode).CheckTracking(ctx, tg, c); err != nil {
				t.Errorf("%s: %v", mode, err)
			}
		}
		p, err := Prepare(Spec{Name: "t", Workloads: []Workload{{Strategy: "naive"}}})
		if err != nil {
			t.Fatal(err)
		}
		if err := p.CheckTracking(ctx, tg, c); err != nil {
			t.Errorf("naive: %v", err)
		}
	})
}

// TestNearOverSingleflight: with --near-over singleflight, near misses read
// through singleflight: concurrent misses of a hot key wait for one load
// (coalesced waits), while the near cache still serves hits.
func TestNearOverSingleflight(t *testing.T) {
	srv := testredis.Start(t)
	r := runOnRedis(t, srv.URL(), Workload{
		Strategy: "near", NearOver: "singleflight",
		Duration: Duration(1500 * time.Millisecond), Warmup: Duration(200 * time.Millisecond),
		Workers: 16, Keys: 50, KeyDist: "zipf:1.2", TTL: Duration(200 * time.Millisecond),
		InvalidateRate: 0.05, SourceLatency: "5ms", ValueSize: "128",
	})
	if r.Near == nil || r.Near.Hits == 0 {
		t.Fatalf("near section %+v: want near hits", r.Near)
	}
	if r.Counters["coalesced_waits"] == 0 {
		t.Errorf("counters %v: want coalesced waits of singleflight under the near cache", r.Counters)
	}
}

// The invalidation subscriber's connection is killed early in the run: it
// is redialled, the tracking is re-pointed to it (default: every worker
// connection redials; bcast: the control connection registers again), and
// the invalidations owed afterwards all arrive. Without the re-pointing the
// server drops them: none arrives after the redial.
func TestNearSubscriberRedialRepointsTracking(t *testing.T) {
	for _, tracking := range []string{"default", "bcast"} {
		t.Run(tracking, func(t *testing.T) {
			srv := testredis.Start(t)
			killed := make(chan error, 1)
			go func() { killed <- killSubscriberOnceReading(srv.Addr) }()
			r := runOnRedis(t, srv.URL(), Workload{
				Strategy: "near", Tracking: tracking, Duration: Duration(2 * time.Second), Warmup: Duration(300 * time.Millisecond),
				Workers: 8, Keys: 200, KeyDist: "zipf:0.99", TTL: Duration(30 * time.Second),
				InvalidateRate: 0.02, SourceLatency: "1ms", ValueSize: "64",
			})
			if err := <-killed; err != nil {
				t.Fatal(err)
			}
			n := r.Near
			if n == nil {
				t.Fatal("no near section")
			}
			t.Logf("%+v; warnings %q", *n, r.Warnings)
			if !slices.ContainsFunc(r.Warnings, func(w string) bool { return strings.Contains(w, "re-pointed to the new connection") }) {
				t.Errorf("warnings %q: want the redial and its re-pointing", r.Warnings)
			}
			if n.InvalidationsReceived == 0 || n.InvalidationsExpected == 0 || n.InvalidationsLost != 0 || n.Hits == 0 {
				t.Errorf("after the redial: %d invalidations received, %d owed, %d lost, %d near hits; want some, some, none, some",
					n.InvalidationsReceived, n.InvalidationsExpected, n.InvalidationsLost, n.Hits)
			}
		})
	}
}

// killSubscriberOnceReading waits until the server has a Pub/Sub client
// and has served a few hundred GETs, then kills its Pub/Sub clients.
func killSubscriberOnceReading(addr string) error {
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		info, err := testredis.DoString(addr, "", "INFO", "commandstats")
		if err != nil {
			continue
		}
		s := testredis.InfoField(info, "cmdstat_get")
		calls, _ := strconv.Atoi(strings.TrimPrefix(strings.Split(s, ",")[0], "calls="))
		if calls < 300 {
			continue
		}
		n, err := testredis.Do(addr, "", "CLIENT", "KILL", "TYPE", "pubsub")
		if err != nil {
			return fmt.Errorf("CLIENT KILL TYPE pubsub: %w", err)
		}
		if n != int64(1) {
			return fmt.Errorf("CLIENT KILL TYPE pubsub killed %v clients, want 1", n)
		}
		return nil
	}
	return errors.New("the run never read 300 keys from the server")
}
