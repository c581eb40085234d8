package scenario

import (
	"fmt"
	"testing"

	"github.com/redis/go-redis/v9"
)

// TestErrorKind: a cached value that is not its key's record counts as
// corrupt; any other failure by the kind of the Redis failure.
func TestErrorKind(t *testing.T) {
	ca := &CacheAside{}
	for _, tc := range []struct {
		name string
		err  error
		kind string
	}{
		{"corrupt value", fmt.Errorf("hit: %w", errCorrupt), "corrupt"},
		{"closed client", redis.ErrClosed, "conn_closed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ca.ErrorKind(tc.err); got != tc.kind {
				t.Errorf("ErrorKind(%v) = %q, want %q", tc.err, got, tc.kind)
			}
		})
	}
}
