package scenario

import (
	"context"
	"fmt"

	"github.com/redis/go-redis/v9"
)

// Cleanup removes every key under keyPrefix (as returned by KeyPrefix) with
// SCAN MATCH and UNLINK, and returns how many it removed. It never uses KEYS,
// FLUSHDB or FLUSHALL, and touches nothing outside the prefix.
func Cleanup(ctx context.Context, c redis.Cmdable, keyPrefix string) (int64, error) {
	var removed int64
	var cursor uint64
	match := keyPrefix + "*"
	for {
		keys, next, err := c.Scan(ctx, cursor, match, 1000).Result()
		if err != nil {
			return removed, fmt.Errorf("scenario: cleanup SCAN: %w", err)
		}
		if len(keys) > 0 {
			n, err := c.Unlink(ctx, keys...).Result()
			if err != nil {
				return removed, fmt.Errorf("scenario: cleanup UNLINK: %w", err)
			}
			removed += n
		}
		if next == 0 {
			return removed, nil
		}
		cursor = next
	}
}
