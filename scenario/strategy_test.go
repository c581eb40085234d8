package scenario

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/bench"
	"github.com/cacheaside/bench/internal/testredis"
	"github.com/cacheaside/bench/target"
)

// testCacheAside binds workload w (defaults filled in, one key unless set)
// to a fresh miniredis and returns it with the emulator and a client.
func testCacheAside(t *testing.T, w Workload) (*CacheAside, *miniredis.Miniredis, *redis.Client) {
	t.Helper()
	m := testredis.Emulator(t)
	tg, err := target.ParseTarget("redis://" + m.Addr())
	if err != nil {
		t.Fatal(err)
	}
	c := tg.NewUniversalClient(target.ConnectOptions{}).(*redis.Client)
	t.Cleanup(func() { _ = c.Close() })
	if w.Keys == 0 {
		w.Keys = 1
	}
	if w.KeyDist == "" {
		w.KeyDist = "uniform"
	}
	if w.SourceLatency == "" {
		w.SourceLatency = "0"
	}
	p, err := Prepare(Spec{Name: "t", Workloads: []Workload{w}})
	if err != nil {
		t.Fatal(err)
	}
	ca := p.NewCacheAside(0, tg, c, "test:run:")
	t.Cleanup(func() {
		if err := ca.Close(); err != nil {
			t.Error(err)
		}
	})
	return ca, m, c
}

// testWorker returns worker id of ca with its own recorder.
func testWorker(t *testing.T, ca *CacheAside, id int) (*worker, *bench.Recorder) {
	t.Helper()
	wk, err := ca.NewWorker(id)
	if err != nil {
		t.Fatal(err)
	}
	return wk.(*worker), bench.NewRecorderFor(ca)
}

// waitFor polls cond every millisecond for up to 10 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// cached returns the version cached under key k of ca, or -1 when the key
// holds no record.
func cached(t *testing.T, ca *CacheAside, m *miniredis.Miniredis, k uint64) int64 {
	t.Helper()
	s, err := m.Get(ca.keyOf(k))
	if err != nil || isLease([]byte(s)) {
		return -1
	}
	v, err := decodeRecord([]byte(s), k)
	if err != nil {
		t.Fatalf("cached value of key %d: %v", k, err)
	}
	return int64(v)
}

// emulatedStrategies are the strategies miniredis can serve: all but the
// near ones, which need CLIENT TRACKING (near_test.go runs them on a real
// redis-server).
func emulatedStrategies() []string {
	var out []string
	for _, s := range Strategies() {
		if !isNear(s) {
			out = append(out, s)
		}
	}
	return out
}

func TestStrategiesMissThenHit(t *testing.T) {
	for _, strategy := range emulatedStrategies() {
		t.Run(strategy, func(t *testing.T) {
			ca, m, _ := testCacheAside(t, Workload{Strategy: strategy})
			w, rec := testWorker(t, ca, 0)
			ctx := context.Background()
			for i, want := range []bench.Outcome{bench.Miss, bench.Hit, bench.Hit} {
				out, err := w.Do(ctx, rec)
				if err != nil || out != want {
					t.Fatalf("read %d: %v, %v; want %v", i, out, err, want)
				}
			}
			if st := ca.Source().Stats(); st.Calls != 1 {
				t.Errorf("source calls %d, want 1", st.Calls)
			}
			if v := cached(t, ca, m, 0); v != 0 {
				t.Errorf("cached version %d, want 0", v)
			}
			if !strings.HasPrefix(ca.keyOf(0), "test:run:w0:k:") {
				t.Errorf("key %q is not under the workload's namespace", ca.keyOf(0))
			}
			if h := rec.Value(valHerd); h == nil || h.TotalCount() != 1 || h.Max() != 1 {
				t.Errorf("herd histogram: %v", h)
			}
			if h := rec.Histogram(histRedisGet); h == nil || h.TotalCount() != 3 {
				t.Errorf("redis_get histogram: %v", h)
			}
			if ttl := m.TTL(ca.keyOf(0)); ttl <= 0 || ttl > time.Minute {
				t.Errorf("TTL %v", ttl)
			}
			s, _ := m.Get(ca.keyOf(0))
			if hasMeta := strings.Contains(s, `"expiry_us"`); hasMeta != (strategy == "xfetch") {
				t.Errorf("value %.120s: xfetch metadata present = %v", s, hasMeta)
			}
		})
	}
}

func TestStaleReadIsDetected(t *testing.T) {
	for _, strategy := range emulatedStrategies() {
		t.Run(strategy, func(t *testing.T) {
			ca, _, _ := testCacheAside(t, Workload{Strategy: strategy})
			w, rec := testWorker(t, ca, 0)
			ctx := context.Background()
			if _, err := w.Do(ctx, rec); err != nil {
				t.Fatal(err)
			}
			// The source moves on twice without invalidating the cache: the
			// next read hits version 0 while the source is at 2.
			for range 2 {
				if _, err := ca.Source().Write(ctx, 0, w.rng); err != nil {
					t.Fatal(err)
				}
			}
			time.Sleep(5 * time.Millisecond)
			out, err := w.Do(ctx, rec)
			if err != nil || out != bench.Hit {
				t.Fatalf("read: %v, %v", out, err)
			}
			lag := rec.Value(valVersionLag)
			if lag == nil || lag.TotalCount() != 1 || lag.Max() != 2 {
				t.Fatalf("version lag histogram: %v", lag)
			}
			age := rec.Histogram(histStaleAge)
			if age == nil || age.TotalCount() != 1 || age.Max() < int64(5*time.Millisecond) {
				t.Errorf("staleness age histogram: %v (max %v)", age, time.Duration(age.Max()))
			}
		})
	}
}

func TestInvalidateModes(t *testing.T) {
	for _, tc := range []struct {
		mode       string
		wantCached int64 // after the write and any second delete
	}{
		{"delete", -1},
		{"update", 1},
		{"delete-twice", -1},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			ca, m, _ := testCacheAside(t, Workload{
				InvalidateRate: 1, InvalidateMode: tc.mode, DoubleDeleteDelay: Duration(30 * time.Millisecond),
			})
			w, rec := testWorker(t, ca, 0)
			if err := m.Set(ca.keyOf(0), "x"); err != nil {
				t.Fatal(err)
			}
			out, err := w.Do(context.Background(), rec)
			if err != nil || out != bench.Write {
				t.Fatalf("write: %v, %v", out, err)
			}
			if tc.mode == "delete-twice" {
				// A fill that raced the write lands after the first delete…
				stale, _ := encodeRecord(0, 0, 256)
				if err := m.Set(ca.keyOf(0), string(stale)); err != nil {
					t.Fatal(err)
				}
				ca.pending.Wait() // …and the second delete removes it.
				if ca.secondDeletes.Load() != 1 || ca.secondDeleteFailures.Load() != 0 {
					t.Errorf("second deletes %d, failures %d", ca.secondDeletes.Load(), ca.secondDeleteFailures.Load())
				}
			}
			if v := cached(t, ca, m, 0); v != tc.wantCached {
				t.Errorf("cached version %d, want %d", v, tc.wantCached)
			}
			if st := ca.Source().Stats(); st.Writes != 1 || ca.Source().Version(0) != 1 {
				t.Errorf("source: %+v, version %d", st, ca.Source().Version(0))
			}
		})
	}
}

func TestSingleflightCoalescesWithinAnInstance(t *testing.T) {
	for _, tc := range []struct {
		name      string
		instances int
		calls     int64
		coalesced int64
	}{
		{"one instance", 1, 1, 1},
		{"two instances", 2, 2, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ca, _, _ := testCacheAside(t, Workload{
				Strategy: "singleflight", Workers: 2, Instances: tc.instances, SourceLatency: "300ms",
			})
			if got := len(ca.instances); got != tc.instances {
				t.Fatalf("%d instances", got)
			}
			if tc.instances == 2 && ca.instances[0].client == ca.instances[1].client {
				t.Fatal("instances share a client")
			}
			a, recA := testWorker(t, ca, 0)
			b, recB := testWorker(t, ca, 1)
			ctx := context.Background()
			done := make(chan error, 1)
			go func() {
				_, err := a.Do(ctx, recA)
				done <- err
			}()
			waitFor(t, "the first load", func() bool { return ca.Source().Stats().Calls == 1 })
			out, err := b.Do(ctx, recB)
			if err != nil || out != bench.Miss {
				t.Fatalf("second read: %v, %v", out, err)
			}
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			if st := ca.Source().Stats(); st.Calls != tc.calls {
				t.Errorf("source calls %d, want %d", st.Calls, tc.calls)
			}
			if got := recA.Counter(cntCoalescedWaits) + recB.Counter(cntCoalescedWaits); got != tc.coalesced {
				t.Errorf("coalesced waits %d, want %d", got, tc.coalesced)
			}
		})
	}
}

func TestLeaseWaiterReadsTheHoldersFill(t *testing.T) {
	ca, m, _ := testCacheAside(t, Workload{Strategy: "lease", Workers: 2, SourceLatency: "200ms"})
	a, recA := testWorker(t, ca, 0)
	b, recB := testWorker(t, ca, 1)
	ctx := context.Background()
	done := make(chan error, 1)
	go func() {
		_, err := a.Do(ctx, recA)
		done <- err
	}()
	waitFor(t, "the lease", func() bool { s, _ := m.Get(ca.keyOf(0)); return isLease([]byte(s)) })
	out, err := b.Do(ctx, recB)
	if err != nil || out != bench.Miss {
		t.Fatalf("waiter: %v, %v", out, err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if st := ca.Source().Stats(); st.Calls != 1 {
		t.Errorf("source calls %d, want 1", st.Calls)
	}
	if recB.Counter(cntLeaseWaits) != 1 || recB.Counter(cntLeaseFallbacks) != 0 || recA.Counter(cntLeaseWaits) != 0 {
		t.Errorf("lease waits: holder %d, waiter %d (fallbacks %d)", recA.Counter(cntLeaseWaits), recB.Counter(cntLeaseWaits), recB.Counter(cntLeaseFallbacks))
	}
	if h := recB.Histogram(histLeaseWait); h == nil || h.TotalCount() != 1 {
		t.Errorf("lease_wait histogram: %v", h)
	}
	if v := cached(t, ca, m, 0); v != 0 {
		t.Errorf("cached version %d", v)
	}
}

func TestLeaseWaiterFallsBackWithoutFilling(t *testing.T) {
	ca, m, _ := testCacheAside(t, Workload{Strategy: "lease"})
	ca.leaseTTL = 50 * time.Millisecond
	foreign := leasePrefix + "someone-else"
	if err := m.Set(ca.keyOf(0), foreign); err != nil {
		t.Fatal(err)
	}
	m.SetTTL(ca.keyOf(0), time.Hour)
	w, rec := testWorker(t, ca, 0)
	out, err := w.Do(context.Background(), rec)
	if err != nil || out != bench.Miss {
		t.Fatalf("read: %v, %v", out, err)
	}
	if rec.Counter(cntLeaseWaits) != 1 || rec.Counter(cntLeaseFallbacks) != 1 || ca.Source().Stats().Calls != 1 {
		t.Errorf("waits %d, fallbacks %d, source calls %d", rec.Counter(cntLeaseWaits), rec.Counter(cntLeaseFallbacks), ca.Source().Stats().Calls)
	}
	if s, _ := m.Get(ca.keyOf(0)); s != foreign {
		t.Errorf("the fallback wrote the key: %.60q", s)
	}
}

// An invalidation while a fill is in flight: naive's late fill writes the
// old version back (stale until the TTL); lease's fill is rejected.
func TestInvalidationDuringFill(t *testing.T) {
	for _, tc := range []struct {
		strategy   string
		wantCached int64
		rejected   int64
	}{
		{"naive", 0, 0},
		{"lease", -1, 1},
	} {
		t.Run(tc.strategy, func(t *testing.T) {
			ca, m, c := testCacheAside(t, Workload{Strategy: tc.strategy, FillDelay: Duration(200 * time.Millisecond)})
			w, rec := testWorker(t, ca, 0)
			ctx := context.Background()
			done := make(chan error, 1)
			go func() {
				_, err := w.Do(ctx, rec)
				done <- err
			}()
			waitFor(t, "the load", func() bool { return ca.Source().Stats().Calls == 1 })
			// A writer: source first, then DEL.
			if _, err := ca.Source().Write(ctx, 0, nil); err != nil {
				t.Fatal(err)
			}
			if err := c.Del(ctx, ca.keyOf(0)).Err(); err != nil {
				t.Fatal(err)
			}
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			if v := cached(t, ca, m, 0); v != tc.wantCached {
				t.Errorf("cached version %d, want %d", v, tc.wantCached)
			}
			if got := rec.Counter(cntLeaseFillsRejected); got != tc.rejected {
				t.Errorf("rejected fills %d, want %d", got, tc.rejected)
			}
		})
	}
}

func TestXFetchRecomputesEarly(t *testing.T) {
	now := time.Now()
	for _, tc := range []struct {
		name        string
		delta       time.Duration
		expiresIn   time.Duration
		want        bench.Outcome
		refreshes   int64
		sourceCalls int64
	}{
		// P(early) = exp(−(expiry−now)/(δβ)): ~1 for 1ms left of a 100s
		// recompute, ~0 for 1h left of a 1µs one.
		{"close to expiry, slow recompute", 100 * time.Second, time.Millisecond, bench.Miss, 1, 1},
		{"far from expiry", time.Microsecond, time.Hour, bench.Hit, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ca, m, _ := testCacheAside(t, Workload{Strategy: "xfetch"})
			b, err := encodeRecordMeta(0, 0, 256, tc.delta.Microseconds(), now.Add(tc.expiresIn).UnixMicro())
			if err != nil {
				t.Fatal(err)
			}
			if err := m.Set(ca.keyOf(0), string(b)); err != nil {
				t.Fatal(err)
			}
			w, rec := testWorker(t, ca, 0)
			out, err := w.Do(context.Background(), rec)
			if err != nil || out != tc.want {
				t.Fatalf("read: %v, %v; want %v", out, err, tc.want)
			}
			if got := rec.Counter(cntEarlyRefreshes); got != tc.refreshes {
				t.Errorf("early refreshes %d, want %d", got, tc.refreshes)
			}
			if got := ca.Source().Stats().Calls; got != tc.sourceCalls {
				t.Errorf("source calls %d, want %d", got, tc.sourceCalls)
			}
			if h := rec.Value(valHerd); h != nil && h.TotalCount() > 0 {
				t.Error("an early refresh was counted as a fill episode")
			}
		})
	}
}

func TestCloseClosesOnlyItsOwnClients(t *testing.T) {
	ca, _, c := testCacheAside(t, Workload{Workers: 3, Instances: 3})
	if err := ca.Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Ping(context.Background()).Err(); err != nil {
		t.Errorf("the given client was closed: %v", err)
	}
	for i, in := range ca.instances[1:] {
		if err := in.client.Ping(context.Background()).Err(); err == nil {
			t.Errorf("instance %d's client still open", i+1)
		}
	}
	// Workers are spread over the instances.
	for id := range 3 {
		w, _ := testWorker(t, ca, id)
		if w.inst != ca.instances[id] {
			t.Errorf("worker %d not on instance %d", id, id)
		}
	}
}
