package testredis

import (
	"errors"
	"os"
	"testing"

	"github.com/cacheaside/bench/embedded"
)

// Start starts a private redis-server for the test (embedded.Start with
// NoEmulator, args appended to redis-server's arguments) and stops it in
// t.Cleanup. When redis-server is missing it fails the test under CI=true
// (the environment variable CI equals "true") and skips it otherwise,
// saying so; either way it then returns nil.
func Start(t testing.TB, args ...string) *embedded.Server {
	t.Helper()
	s, err := embedded.Start(t.Context(), embedded.Options{NoEmulator: true, Args: args})
	switch {
	case errors.Is(err, embedded.ErrNoRedisServer):
		if os.Getenv("CI") == "true" {
			t.Fatalf("testredis: redis-server is required under CI=true but missing: %v", err)
		} else {
			t.Skipf("testredis: skipping, redis-server is missing (install it; CI=true makes this a failure): %v", err)
		}
		return nil
	case err != nil:
		t.Fatalf("testredis: %v", err)
		return nil
	}
	t.Cleanup(func() {
		if err := s.Stop(); err != nil {
			t.Errorf("testredis: %v", err)
		}
	})
	return s
}
