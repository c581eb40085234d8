package scenario

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/report"
	"github.com/cacheaside/bench/target"
)

// The seed's constants: user 42, a 60 s TTL and a 50 ms source.
const (
	verifyUserID  = 42
	verifyTTL     = 60 * time.Second
	verifyLatency = 50 * time.Millisecond
)

// user is the seed's record.
type user struct {
	ID    int    `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

var seedUser = user{ID: verifyUserID, Name: "Alice", Email: "alice@example.com"}

// VerifyKey is the key the verification uses under keyPrefix
// ("<prefix>:<run id>:").
func VerifyKey(keyPrefix string) string {
	return fmt.Sprintf("%sverify:user:%d", keyPrefix, verifyUserID)
}

// Verify runs the seed's baseline check of the cache-aside pattern against c,
// one to one: delete the key; read through the cache (a miss that loads from
// a 50 ms source and SETs the JSON with a 60 s TTL); read again (a hit, equal
// to the source value after the JSON round trip, faster than the miss); check
// the TTL is in (0, 60] s; delete (invalidate) and read (a miss again); delete
// the key. On a cluster client that reads from replicas it runs on the
// key's master. It prints the seed's console lines and PASS or FAIL to out. An
// error means Redis failed (or ctx ended), not the pattern: v.Stopped then
// says why the checks stopped ("interrupted", "timeout", "error") and
// v.NotRun names those not reached, which are never counted as failed.
func Verify(ctx context.Context, c redis.Cmdable, keyPrefix string, out io.Writer) (v report.Verification, err error) {
	key := VerifyKey(keyPrefix)
	// notReached is the index in report.VerificationChecks of the first
	// check not yet decided; a return with an error stops there.
	notReached := 0
	defer func() {
		if err != nil && notReached < len(report.VerificationChecks) {
			v.Stopped = stopKind(ctx, err)
			v.NotRun = append([]string(nil), report.VerificationChecks[notReached:]...)
			v.Passed = false
		}
	}()
	// With replica reads the check talks to the key's master: it checks the
	// pattern, not replication lag (the workloads' stale reads show that).
	c = target.MasterReads(ctx, c, key)
	defer func() {
		// Remove the key at the end whatever happened, without the caller's
		// (perhaps cancelled) context.
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if derr := c.Del(dctx, key).Err(); derr != nil && err == nil {
			err = fmt.Errorf("scenario: verify: cleanup DEL: %w", derr)
		}
	}()
	getUser := func() (user, string, time.Duration, error) {
		t0 := time.Now()
		u, outcome, err := readThrough(ctx, c, key)
		return u, outcome, time.Since(t0), err
	}
	if err := c.Del(ctx, key).Err(); err != nil {
		return v, fmt.Errorf("scenario: verify: DEL: %w", err)
	}
	// 1. Cache miss: should fetch from the source.
	u1, o1, missLat, err := getUser()
	if err != nil {
		return v, err
	}
	v.MissLatencyMs = round3(ms(missLat))
	v.CacheMissOK = o1 == "miss" && u1.Name == "Alice"
	notReached = 1
	fmt.Fprintf(out, "  1st request: %s (%s) → %s\n", o1, fmtMs(missLat), u1.Name)

	// 2. Cache hit: should come from Redis, equal after the JSON round trip.
	u2, o2, hitLat, err := getUser()
	if err != nil {
		return v, err
	}
	v.HitLatencyMs = round3(ms(hitLat))
	v.CacheHitOK = o2 == "hit" && u2 == seedUser
	v.CacheHitFaster = hitLat < missLat
	v.Speedup = round3(float64(missLat) / math.Max(float64(hitLat), 1))
	notReached = 3
	fmt.Fprintf(out, "  2nd request: %s (%s) → %s\n", o2, fmtMs(hitLat), u2.Name)
	fmt.Fprintf(out, "  cache speedup: %.1fx faster\n", v.Speedup)

	ttl, err := c.PTTL(ctx, key).Result()
	if err != nil {
		return v, fmt.Errorf("scenario: verify: PTTL: %w", err)
	}
	v.TTLOK = ttl > 0 && ttl <= verifyTTL
	notReached = 4
	fmt.Fprintf(out, "  ttl: %s (expected in (0, 60s] = %t)\n", ttl.Round(time.Millisecond), v.TTLOK)

	// 3. Invalidation: after a delete the next read must miss again.
	if err := c.Del(ctx, key).Err(); err != nil {
		return v, fmt.Errorf("scenario: verify: DEL: %w", err)
	}
	_, o3, _, err := getUser()
	if err != nil {
		return v, err
	}
	v.InvalidationOK = o3 == "miss"
	notReached = 5
	fmt.Fprintf(out, "  after invalidation: %s (expected miss = %t)\n", o3, v.InvalidationOK)

	v.Passed = v.CacheMissOK && v.CacheHitOK && v.CacheHitFaster && v.InvalidationOK && v.TTLOK
	if v.Passed {
		fmt.Fprintln(out, "  PASS")
	} else {
		fmt.Fprintln(out, "  FAIL")
	}
	return v, nil
}

// stopKind says why a verification stopped on err: "interrupted" when ctx
// was cancelled (Ctrl-C), "timeout" when a deadline passed, else "error".
func stopKind(ctx context.Context, err error) string {
	switch {
	case errors.Is(ctx.Err(), context.Canceled), errors.Is(err, context.Canceled):
		return "interrupted"
	case target.ErrorKind(err) == "timeout":
		return "timeout"
	}
	return "error"
}

// readThrough is the seed's get_user: GET; on a hit decode the JSON; on a
// miss load from the 50 ms source and SET the JSON with the TTL.
func readThrough(ctx context.Context, c redis.Cmdable, key string) (user, string, error) {
	cached, err := c.Get(ctx, key).Bytes()
	if err == nil {
		var u user
		if err := json.Unmarshal(cached, &u); err != nil {
			return user{}, "hit", fmt.Errorf("scenario: verify: cached value is not the JSON written: %w", err)
		}
		return u, "hit", nil
	}
	if !errors.Is(err, redis.Nil) {
		return user{}, "", fmt.Errorf("scenario: verify: GET: %w", err)
	}
	select {
	case <-time.After(verifyLatency):
	case <-ctx.Done():
		return user{}, "", ctx.Err()
	}
	u := seedUser
	data, err := json.Marshal(u)
	if err != nil {
		return user{}, "", err
	}
	if err := c.Set(ctx, key, data, verifyTTL).Err(); err != nil {
		return user{}, "", fmt.Errorf("scenario: verify: SET: %w", err)
	}
	return u, "miss", nil
}

// fmtMs prints a latency like the seed (52.1ms), with more digits below 1 ms.
func fmtMs(d time.Duration) string {
	if d >= time.Millisecond {
		return fmt.Sprintf("%.1fms", ms(d))
	}
	return fmt.Sprintf("%.3fms", ms(d))
}

func round3(f float64) float64 { return math.Round(f*1000) / 1000 }

func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }
