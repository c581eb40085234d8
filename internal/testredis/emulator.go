package testredis

import (
	"testing"

	"github.com/alicebob/miniredis/v2"
)

// Emulator starts a miniredis on a free loopback port for fast unit tests
// and closes it in t.Cleanup. Use Start where real Redis behaviour matters.
func Emulator(t testing.TB) *miniredis.Miniredis {
	t.Helper()
	m := miniredis.NewMiniRedis()
	if err := m.StartAddr("127.0.0.1:0"); err != nil {
		t.Fatalf("testredis: start miniredis: %v", err)
		return nil
	}
	t.Cleanup(m.Close)
	return m
}
