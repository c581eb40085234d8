package scenario

import (
	"context"
	"errors"
	"fmt"

	"github.com/redis/go-redis/v9"
)

// Quiescence audit bounds.
const (
	auditMaxKeys = 10000 // written keys checked at most
	auditBatch   = 500   // GETs per pipeline
)

// audit runs after the load, with writes stopped: for up to auditMaxKeys
// keys the source has written, it reads the cached value and compares its
// version with the source's. It returns how many of those keys were cached
// (holding a value, not a lease) and how many of them are stale: a cache
// that stays stale after writes stop serves the stale value until it
// expires.
func (c *CacheAside) audit(ctx context.Context) (cached, stale int64, err error) {
	type kv struct{ k, v uint64 }
	var keys []kv
	c.source.Written(auditMaxKeys, func(k, v uint64) { keys = append(keys, kv{k, v}) })
	client := c.instances[0].client
	cmds := make([]*redis.StringCmd, 0, auditBatch)
	for len(keys) > 0 {
		batch := keys[:min(auditBatch, len(keys))]
		keys = keys[len(batch):]
		pipe := client.Pipeline()
		cmds = cmds[:0]
		for _, e := range batch {
			cmds = append(cmds, pipe.Get(ctx, c.keyOf(e.k)))
		}
		_, _ = pipe.Exec(ctx) // each command's error is looked at below
		for i, cmd := range cmds {
			b, err := cmd.Bytes()
			switch {
			case errors.Is(err, redis.Nil):
				continue
			case err != nil:
				return cached, stale, fmt.Errorf("scenario: quiescence audit: %w", err)
			case isLease(b):
				continue
			}
			cached++
			if v, err := decodeRecord(b, batch[i].k); err != nil || v != batch[i].v {
				stale++
			}
		}
	}
	return cached, stale, nil
}
