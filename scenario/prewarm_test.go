package scenario

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cacheaside/bench/bench"
)

// TestPrewarm: with Prewarm the cache holds every key's record, under the
// workload's prefix and with its TTL, before the run; the run then only
// hits and the source sees no call. Without it nothing is written.
func TestPrewarm(t *testing.T) {
	for _, tc := range []struct {
		name     string
		w        Workload
		wantKeys int
	}{
		{"off", Workload{Keys: 50}, 0},
		{"naive", Workload{Keys: 2500, Prewarm: true, TTL: Duration(time.Hour)}, 2500},
		{"xfetch", Workload{Keys: 50, Prewarm: true, Strategy: "xfetch", TTL: Duration(time.Hour)}, 50},
		{"lease, jittered TTL", Workload{Keys: 50, Prewarm: true, Strategy: "lease", TTL: Duration(time.Hour), TTLJitter: 0.5}, 50},
		{"values above the pipeline's byte budget", Workload{Keys: 20, Prewarm: true, ValueSize: "300KiB"}, 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.w.Workers = 2
			ca, m, _ := testCacheAside(t, tc.w)
			if err := ca.Prepare(context.Background()); err != nil {
				t.Fatal(err)
			}
			keys := m.Keys()
			if len(keys) != tc.wantKeys {
				t.Fatalf("%d keys cached, want %d", len(keys), tc.wantKeys)
			}
			if n, _ := ca.Prewarmed(); n != uint64(tc.wantKeys) {
				t.Errorf("Prewarmed() = %d, want %d", n, tc.wantKeys)
			}
			for _, k := range []uint64{0, tc.w.Keys - 1} {
				if tc.wantKeys == 0 {
					break
				}
				s, err := m.Get(ca.keyOf(k))
				if err != nil {
					t.Fatalf("key %d: %v", k, err)
				}
				r, err := decodeRecordMeta(s, k)
				if err != nil || r.Version != 0 {
					t.Errorf("key %d: %+v, %v", k, r, err)
				}
				if xfetch := tc.w.Strategy == "xfetch"; xfetch != (r.Delta > 0 && r.Expiry > 0) {
					t.Errorf("key %d: delta %d, expiry %d (xfetch: %v)", k, r.Delta, r.Expiry, xfetch)
				}
				if ttl := m.TTL(ca.keyOf(k)); ttl <= 0 || ttl > time.Duration(float64(time.Hour)*(1+tc.w.TTLJitter)) {
					t.Errorf("key %d: TTL %v", k, ttl)
				}
			}
			for _, k := range keys {
				if !strings.HasPrefix(k, "test:run:w0:k:") {
					t.Errorf("key %q is outside the workload's namespace", k)
				}
			}
			if tc.wantKeys == 0 {
				return
			}
			res, err := bench.Run(context.Background(), bench.Config{Workers: 2, Ops: 200}, ca)
			if err != nil {
				t.Fatal(err)
			}
			if res.Hits != 200 || ca.Source().Stats().Calls != 0 {
				t.Errorf("after prewarm: %d hits of 200, %d source calls", res.Hits, ca.Source().Stats().Calls)
			}
		})
	}
}

// TestPrewarmFillsTheFirstKeys: a cap fills keys 0..n-1, the most popular
// under zipf and hotspot.
func TestPrewarmFillsTheFirstKeys(t *testing.T) {
	ca, m, _ := testCacheAside(t, Workload{Keys: 100, Prewarm: true})
	n, err := ca.prewarm(context.Background(), 30)
	if err != nil || n != 30 {
		t.Fatalf("prewarm = %d, %v", n, err)
	}
	for k := range uint64(100) {
		if got, want := m.Exists(ca.keyOf(k)), k < 30; got != want {
			t.Errorf("key %d cached: %v, want %v", k, got, want)
		}
	}
}

func TestPrewarmError(t *testing.T) {
	ca, m, _ := testCacheAside(t, Workload{Keys: 10, Prewarm: true})
	m.Close()
	err := ca.Prepare(context.Background())
	if err == nil || !strings.HasPrefix(err.Error(), "scenario: prewarm: ") {
		t.Errorf("Prepare against a closed server: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := ca.Prepare(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Prepare with a cancelled context: %v", err)
	}
}

func TestOverridePrewarm(t *testing.T) {
	for _, tc := range []struct {
		value string
		want  bool
		ok    bool
	}{
		{"true", true, true}, {"1", true, true}, {"false", false, true}, {"yes", false, false}, {"", false, false},
	} {
		t.Run(tc.value, func(t *testing.T) {
			s := twoWorkloads()
			err := s.Override("prewarm", tc.value)
			if (err == nil) != tc.ok {
				t.Fatalf("Override(prewarm, %q) = %v", tc.value, err)
			}
			var fe *FieldError
			if err != nil && (!errors.As(err, &fe) || fe.Field != "--prewarm") {
				t.Errorf("error %v does not name --prewarm", err)
			}
			for i, w := range s.Workloads {
				if tc.ok && w.Prewarm != tc.want {
					t.Errorf("workload %d: Prewarm %v, want %v", i, w.Prewarm, tc.want)
				}
			}
		})
	}
}
