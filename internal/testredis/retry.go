package testredis

import (
	"errors"
	"os"
	"strconv"
	"testing"

	"github.com/cacheaside/bench/embedded"
)

// startAttempts is how many times the helpers try a server that needs
// extra free ports (another process may take one first).
const startAttempts = 3

// startWithPorts starts a private redis-server (as Start does) whose
// arguments mk builds from n extra free ports (a TLS port, a cluster bus
// port), trying again with new ports when the start fails. It stops the
// server in t.Cleanup; like Start it skips the test, or fails it under
// CI=true, when redis-server is missing, and then returns nil.
func startWithPorts(t testing.TB, n int, mk func(ports []string) []string) (*embedded.Server, []string) {
	t.Helper()
	var lastErr error
	for range startAttempts {
		ports := make([]string, n)
		for i := range ports {
			p, err := embedded.FreePort()
			if err != nil {
				t.Fatalf("testredis: %v", err)
				return nil, nil
			}
			ports[i] = strconv.Itoa(p)
		}
		s, err := embedded.Start(t.Context(), embedded.Options{NoEmulator: true, Args: mk(ports)})
		if errors.Is(err, embedded.ErrNoRedisServer) {
			missing(t, "redis-server", err)
			return nil, nil
		}
		if err == nil {
			t.Cleanup(func() {
				if err := s.Stop(); err != nil {
					t.Errorf("testredis: %v", err)
				}
			})
			return s, ports
		}
		lastErr = err
	}
	t.Fatalf("testredis: %v", lastErr)
	return nil, nil
}

// missing skips the test because a program is missing, or fails it under
// CI=true.
func missing(t testing.TB, what string, err error) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("testredis: %s is required under CI=true but missing: %v", what, err)
	} else {
		t.Skipf("testredis: skipping, %s is missing (install it; CI=true makes this a failure): %v", what, err)
	}
}
