package scenario

import (
	"bytes"
	"context"
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/internal/testredis"
)

func TestVerifyKey(t *testing.T) {
	if got, want := VerifyKey("cacheaside:0a1b2c3d:"), "cacheaside:0a1b2c3d:verify:user:42"; got != want {
		t.Errorf("VerifyKey = %q, want %q", got, want)
	}
}

// verifyLines are the console lines of a passing verification, in order.
var verifyLines = []*regexp.Regexp{
	regexp.MustCompile(`^  1st request: miss \(\d+\.\dms\) → Alice$`),
	regexp.MustCompile(`^  2nd request: hit \(\d+\.\d{1,3}ms\) → Alice$`),
	regexp.MustCompile(`^  cache speedup: \d+\.\dx faster$`),
	regexp.MustCompile(`^  ttl: [0-9hms.]+ \(expected in \(0, 60s\] = true\)$`),
	regexp.MustCompile(`^  after invalidation: miss \(expected miss = true\)$`),
	regexp.MustCompile(`^  PASS$`),
}

func TestVerifyPasses(t *testing.T) {
	for _, tc := range []struct {
		name string
		url  func(t *testing.T) string
	}{
		{"redis-server", func(t *testing.T) string { return testredis.Start(t).URL() }},
		{"miniredis", func(t *testing.T) string { return "redis://" + testredis.Emulator(t).Addr() }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := connectTo(t, tc.url(t))
			ctx := t.Context()
			const prefix = "cacheaside:run1:"
			key := VerifyKey(prefix)
			// A leftover value under the key and a key of someone else.
			if err := c.Set(ctx, key, "not json", 0).Err(); err != nil {
				t.Fatal(err)
			}
			if err := c.Set(ctx, "cacheaside:other:keep", "1", 0).Err(); err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			v, err := Verify(ctx, c, prefix, &out)
			if err != nil {
				t.Fatalf("Verify: %v\n%s", err, out.String())
			}
			lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
			if len(lines) != len(verifyLines) {
				t.Fatalf("Verify printed %d lines, want %d:\n%s", len(lines), len(verifyLines), out.String())
			}
			for i, re := range verifyLines {
				if !re.MatchString(lines[i]) {
					t.Errorf("line %d = %q, want it to match %s", i+1, lines[i], re)
				}
			}
			if !(v.CacheMissOK && v.CacheHitOK && v.CacheHitFaster && v.InvalidationOK && v.TTLOK && v.Passed) {
				t.Errorf("Verification = %+v, want every check true", v)
			}
			// The miss waits for the 50 ms source; the hit does not.
			if v.MissLatencyMs < 50 {
				t.Errorf("MissLatencyMs = %v, want >= 50", v.MissLatencyMs)
			}
			if !(v.HitLatencyMs > 0 && v.HitLatencyMs < v.MissLatencyMs) {
				t.Errorf("HitLatencyMs = %v, want in (0, %v)", v.HitLatencyMs, v.MissLatencyMs)
			}
			if want := v.MissLatencyMs / v.HitLatencyMs; math.Abs(v.Speedup-want) > 0.01*want+0.01 {
				t.Errorf("Speedup = %v, want miss/hit = %v", v.Speedup, want)
			}
			if n, err := c.Exists(ctx, key).Result(); err != nil || n != 0 {
				t.Errorf("EXISTS %s after Verify = %d, %v; want 0", key, n, err)
			}
			if got, err := c.Get(ctx, "cacheaside:other:keep").Result(); err != nil || got != "1" {
				t.Errorf("key outside the verification: %q, %v; want it untouched", got, err)
			}
		})
	}
}

func TestVerifyFailsWhenSetFails(t *testing.T) {
	s := testredis.Start(t, "--maxmemory", "1", "--maxmemory-policy", "noeviction")
	c := connectTo(t, s.URL())
	if err := c.Set(t.Context(), "probe", "x", 0).Err(); err == nil || !strings.Contains(err.Error(), "OOM") {
		t.Fatalf("SET on a full server: %v, want an OOM error (test setup)", err)
	}
	var out bytes.Buffer
	v, err := Verify(t.Context(), c, "cacheaside:run1:", &out)
	if err == nil && v.Passed {
		t.Fatalf("Verify passed on a server refusing every SET:\n%s", out.String())
	}
	if err != nil && (!strings.HasPrefix(err.Error(), "scenario: verify: SET") || !strings.Contains(err.Error(), "OOM")) {
		t.Errorf("error %q, want a scenario: verify: SET error carrying the OOM reply", err)
	}
	if strings.Contains(out.String(), "PASS") {
		t.Errorf("output says PASS:\n%s", out.String())
	}
	if v.CacheHitOK || v.InvalidationOK {
		t.Errorf("Verification = %+v: later checks must not be true", v)
	}
}

func TestVerifyRedisDown(t *testing.T) {
	m := testredis.Emulator(t)
	c := connectTo(t, "redis://"+m.Addr())
	m.SetError("ERR injected failure")
	var out bytes.Buffer
	v, err := Verify(t.Context(), c, "p:r:", &out)
	if err == nil {
		t.Fatalf("Verify with every command failing: %+v, nil error", v)
	}
	if !strings.HasPrefix(err.Error(), "scenario: verify:") || !strings.Contains(err.Error(), "injected failure") {
		t.Errorf("error %q, want a scenario: verify: error carrying the server's reply", err)
	}
	if v.Passed {
		t.Error("Passed = true")
	}
}

// hitNotJSON is a client whose GET answers a value that is not the JSON
// Verify wrote, as if another writer had overwritten the key.
type hitNotJSON struct {
	redis.Cmdable
	gets int
}

func (h *hitNotJSON) Get(ctx context.Context, key string) *redis.StringCmd {
	h.gets++
	if h.gets == 2 {
		return redis.NewStringResult("garbage", nil)
	}
	return h.Cmdable.Get(ctx, key)
}

func TestVerifyCorruptHit(t *testing.T) {
	c := connectTo(t, "redis://"+testredis.Emulator(t).Addr())
	var out bytes.Buffer
	_, err := Verify(t.Context(), &hitNotJSON{Cmdable: c}, "p:r:", &out)
	if err == nil || !strings.Contains(err.Error(), "not the JSON written") {
		t.Errorf("Verify with a corrupt hit: %v, want an error saying the cached value is not the JSON written", err)
	}
	if n, _ := c.Exists(t.Context(), VerifyKey("p:r:")).Result(); n != 0 {
		t.Error("key left behind after a failed verification")
	}
}
