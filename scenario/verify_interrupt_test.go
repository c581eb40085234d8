package scenario

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/internal/testredis"
	"github.com/cacheaside/bench/report"
)

// cancelOnGet cancels a context when its n-th GET has returned: the read
// after invalidation (the third) then waits on the 50 ms source, and the
// cancellation lands there, as a Ctrl-C does.
type cancelOnGet struct {
	redis.Cmdable
	n, gets int
	cancel  context.CancelFunc
}

func (c *cancelOnGet) Get(ctx context.Context, key string) *redis.StringCmd {
	cmd := c.Cmdable.Get(ctx, key)
	if c.gets++; c.gets == c.n {
		c.cancel()
	}
	return cmd
}

// A verification cut short is interrupted, not failed: the checks not
// reached are named and none counts as failed.
func TestVerifyInterrupted(t *testing.T) {
	c := connectTo(t, testredis.Start(t).URL())
	for _, tc := range []struct {
		name   string
		n      int
		notRun []string
	}{
		{"in the source wait of the read after invalidation", 3, []string{report.CheckInvalidation}},
		{"in the source wait of the first read", 1, report.VerificationChecks},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			var out bytes.Buffer
			v, err := Verify(ctx, &cancelOnGet{Cmdable: c, n: tc.n, cancel: cancel}, "p:int:", &out)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("err %v, want context.Canceled", err)
			}
			if v.Passed || v.Stopped != "interrupted" || !slices.Equal(v.NotRun, tc.notRun) {
				t.Errorf("stopped %q, not run %v, passed %v; want interrupted, %v", v.Stopped, v.NotRun, v.Passed, tc.notRun)
			}
			if f := v.FailedChecks(); len(f) > 0 || v.Outcome() != "interrupted" {
				t.Errorf("failed checks %v, outcome %s; want none, interrupted", f, v.Outcome())
			}
			if strings.Contains(out.String(), "FAIL") || strings.Contains(out.String(), "after invalidation:") {
				t.Errorf("console claims a result it did not reach:\n%s", out.String())
			}
			if n, _ := c.Exists(t.Context(), VerifyKey("p:int:")).Result(); n != 0 {
				t.Error("key left behind after an interrupted verification")
			}
		})
	}
}
