package bench

import (
	"context"
	"time"
)

// backoff is one worker's pause after failed operations: 1ms after the
// first failure in a row, doubling up to max; reset by a success.
type backoff struct {
	max  time.Duration
	next time.Duration
}

// after returns how long to pause after an operation that failed (kind !=
// "") or succeeded, and updates the state.
func (b *backoff) after(kind string) time.Duration {
	if kind == "" || b.max <= 0 {
		b.next = 0
		return 0
	}
	d := max(b.next, time.Millisecond)
	d = min(d, b.max)
	b.next = 2 * d
	return d
}

// pause sleeps after an operation as backoff says and reports whether it
// did.
func (b *backoff) pause(ctx context.Context, sl *sleeper, kind string) bool {
	if d := b.after(kind); d > 0 {
		sl.sleep(ctx, d, nil)
		return true
	}
	return false
}
