package scenario

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/report"
)

// Preflight inspects the server behind c: version and mode (INFO server),
// memory limit and eviction policy, persistence (CONFIG GET) and PING round
// trip. Commands a server refuses (managed services often forbid CONFIG)
// leave their fields unknown; only a failing PING is an error.
func Preflight(ctx context.Context, c redis.Cmdable) (report.Server, error) {
	s := report.Server{MaxMemory: -1}
	rtts := make([]time.Duration, 0, 5)
	for i := 0; i < 5; i++ {
		t0 := time.Now()
		if err := c.Ping(ctx).Err(); err != nil {
			return s, fmt.Errorf("scenario: preflight PING: %w", err)
		}
		rtts = append(rtts, time.Since(t0))
	}
	sort.Slice(rtts, func(i, j int) bool { return rtts[i] < rtts[j] })
	s.PingRTTMs = ms(rtts[len(rtts)/2])

	if info, err := c.Info(ctx, "server").Result(); err == nil {
		kv := parseInfo(info)
		s.Version, s.Mode = kv["redis_version"], kv["redis_mode"]
		if s.Version == "" {
			s.Version = kv["valkey_version"]
		}
	}
	cfg := map[string]string{}
	for _, key := range []string{"maxmemory", "maxmemory-policy", "save", "appendonly", "appendfsync"} {
		if m, err := c.ConfigGet(ctx, key).Result(); err == nil {
			for k, v := range m {
				cfg[k] = v
			}
		}
	}
	if v, ok := cfg["maxmemory"]; ok {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			s.MaxMemory = n
		}
	}
	s.MaxMemoryPolicy = cfg["maxmemory-policy"]
	s.Save, s.AppendFsync = cfg["save"], cfg["appendfsync"]
	if _, ok := cfg["appendonly"]; ok {
		s.Persistence = persistence(strings.TrimSpace(s.Save) != "", cfg["appendonly"] == "yes")
	}
	s.Warnings = preflightWarnings(s)
	return s, nil
}

func persistence(rdb, aof bool) string {
	switch {
	case rdb && aof:
		return "rdb+aof"
	case rdb:
		return "rdb"
	case aof:
		return "aof"
	}
	return "off"
}

func preflightWarnings(s report.Server) []string {
	var w []string
	switch {
	case s.MaxMemory > 0 && s.MaxMemoryPolicy == "noeviction":
		w = append(w, fmt.Sprintf("maxmemory is %d bytes with maxmemory-policy noeviction: writes (cache fills) fail with OOM once memory is full", s.MaxMemory))
	case s.MaxMemory > 0 && strings.HasPrefix(s.MaxMemoryPolicy, "allkeys-"):
		w = append(w, fmt.Sprintf("maxmemory is %d bytes with maxmemory-policy %s: cache keys can be evicted mid-run, lowering the hit ratio", s.MaxMemory, s.MaxMemoryPolicy))
	case s.MaxMemory > 0 && strings.HasPrefix(s.MaxMemoryPolicy, "volatile-"):
		w = append(w, fmt.Sprintf("maxmemory is %d bytes with maxmemory-policy %s: cache keys carry TTLs and can be evicted mid-run, lowering the hit ratio", s.MaxMemory, s.MaxMemoryPolicy))
	}
	if s.AppendFsync == "always" && strings.Contains(s.Persistence, "aof") {
		w = append(w, "appendonly with appendfsync always: every cache write waits for an fsync")
	}
	if s.MaxMemory < 0 {
		w = append(w, "CONFIG GET refused: memory limit, eviction policy and persistence are unknown")
	}
	return w
}

// parseInfo turns INFO output into key/value pairs.
func parseInfo(info string) map[string]string {
	kv := map[string]string{}
	for _, line := range strings.Split(info, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		if k, v, ok := strings.Cut(line, ":"); ok {
			kv[k] = v
		}
	}
	return kv
}

func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }
