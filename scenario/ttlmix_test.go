package scenario

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/internal/testredis"
)

func TestTTLMixSharesOfKeys(t *testing.T) {
	m, err := ParseTTLMix("1d:0.65, 14d:0.27,12h:0.07")
	if err != nil {
		t.Fatal(err)
	}
	const keys = 200000
	count := map[time.Duration]int{}
	for k := range uint64(keys) {
		d := m.For(k, 1)
		if d != m.For(k, 1) {
			t.Fatalf("key %d: TTL not the same twice", k)
		}
		count[d]++
	}
	// Shares are scaled to sum to 1: 0.65/0.99, 0.27/0.99, 0.07/0.99.
	for d, share := range map[time.Duration]float64{24 * time.Hour: 0.65 / 0.99, 14 * 24 * time.Hour: 0.27 / 0.99, 12 * time.Hour: 0.07 / 0.99} {
		if got := float64(count[d]) / keys; math.Abs(got-share) > 0.005 {
			t.Errorf("%v: %.4f of keys, want %.4f", d, got, share)
		}
	}
	if len(count) != 3 {
		t.Errorf("TTLs %v, want the mix's three", count)
	}
}

func TestTTLMixErrors(t *testing.T) {
	for _, s := range []string{"", "60s", "60s:0", "60s:-1", "x:1", "400d:1", "1.5ms:1", "60s:1,10s:abc"} {
		if _, err := ParseTTLMix(s); err == nil || !strings.Contains(err.Error(), "want TTL:SHARE") {
			t.Errorf("%q: err = %v, want one saying what is accepted", s, err)
		}
	}
	sp := Spec{}
	err := sp.Override("ttl-mix", "60s")
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != "--ttl-mix" {
		t.Errorf("--ttl-mix 60s: err = %v, want a FieldError on --ttl-mix", err)
	}
}

func TestTwitterPresetsCiteTheirRow(t *testing.T) {
	for _, name := range []string{"twitter-52", "twitter-12", "twitter-26"} {
		s, ok := Builtin(name)
		if !ok {
			t.Fatalf("%s: not a built-in", name)
		}
		if !strings.Contains(s.Description, "cluster "+strings.TrimPrefix(name, "twitter-")+" ("+twitterStats) {
			t.Errorf("%s: description %q does not cite its row", name, s.Description)
		}
		if _, err := Prepare(s); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestTTLMixOnRedis: fills take their key's TTL of the mix.
func TestTTLMixOnRedis(t *testing.T) {
	srv := testredis.Start(t)
	runOnRedis(t, srv.URL(), Workload{Ops: 2000, Workers: 4, Keys: 200, KeyDist: "uniform",
		TTLMix: "100s:0.5,200s:0.5", SourceLatency: "20us"})
	ctx := context.Background()
	c := redis.NewClient(&redis.Options{Addr: srv.Addr})
	defer c.Close()
	seen := map[bool]int{}
	iter := c.Scan(ctx, 0, "itest:*", 1000).Iterator()
	for iter.Next(ctx) {
		ttl, err := c.TTL(ctx, iter.Val()).Result()
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case ttl > 90*time.Second && ttl <= 100*time.Second:
			seen[false]++
		case ttl > 190*time.Second && ttl <= 200*time.Second:
			seen[true]++
		default:
			t.Errorf("%s: TTL %v, want 100s or 200s", iter.Val(), ttl)
		}
	}
	if seen[false] < 50 || seen[true] < 50 {
		t.Errorf("keys by TTL %v: want both TTLs of the mix, about half each of 200 keys", seen)
	}
}
