package target

import (
	"context"
	"fmt"

	"github.com/redis/go-redis/v9"
)

// Cleanup removes every key under keyPrefix (scenario.KeyPrefix) with
// SCAN MATCH and UNLINK, and returns how many it removed. On a cluster
// client it does so on every master (each key UNLINKed alone: keys of
// different slots cannot share a command). It never uses KEYS, FLUSHDB or
// FLUSHALL, and touches nothing outside the prefix.
func Cleanup(ctx context.Context, c redis.Cmdable, keyPrefix string) (int64, error) {
	_, cluster := c.(*redis.ClusterClient)
	var removed int64
	err := eachMaster(ctx, c, func(ctx context.Context, addr string, m redis.Cmdable) error {
		n, err := cleanupNode(ctx, m, keyPrefix, cluster)
		removed += n
		if err != nil && addr != "" {
			return fmt.Errorf("%w (master %s)", err, addr)
		}
		return err
	})
	return removed, err
}

// cleanupNode removes the keys under keyPrefix on one server; perKey sends
// one UNLINK per key (in a pipeline) instead of one per SCAN page.
func cleanupNode(ctx context.Context, c redis.Cmdable, keyPrefix string, perKey bool) (int64, error) {
	var removed int64
	var cursor uint64
	match := keyPrefix + "*"
	for {
		keys, next, err := c.Scan(ctx, cursor, match, 1000).Result()
		if err != nil {
			return removed, fmt.Errorf("target: cleanup SCAN: %w", err)
		}
		if len(keys) > 0 {
			n, err := unlink(ctx, c, keys, perKey)
			removed += n
			if err != nil {
				return removed, fmt.Errorf("target: cleanup UNLINK: %w", err)
			}
		}
		if next == 0 {
			return removed, nil
		}
		cursor = next
	}
}

// unlink removes keys, in one command or one per key.
func unlink(ctx context.Context, c redis.Cmdable, keys []string, perKey bool) (int64, error) {
	if !perKey {
		return c.Unlink(ctx, keys...).Result()
	}
	var cmds []*redis.IntCmd
	_, err := c.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, k := range keys {
			cmds = append(cmds, p.Unlink(ctx, k))
		}
		return nil
	})
	var n int64
	for _, cmd := range cmds {
		n += cmd.Val()
	}
	return n, err
}
