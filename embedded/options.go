package embedded

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Defaults, set in one place.
const (
	// defaultStartTimeout bounds the wait for redis-server to answer PING.
	defaultStartTimeout = 10 * time.Second
	// stopGrace is how long Stop waits after SIGTERM before SIGKILL.
	stopGrace = 5 * time.Second
	// portAttempts is how many ports Start tries when another process takes
	// the chosen one between FreePort and redis-server's bind.
	portAttempts = 5
	// tailLines is how many lines of redis-server output errors quote.
	tailLines = 20
	// reservedPort is the machine's own Redis, never used.
	reservedPort = 6379
)

// Options for Start; the zero value means default for every field.
type Options struct {
	// RedisServer is the redis-server binary, a name looked up on PATH or a
	// path. Default "" = "redis-server" on PATH. A binary that cannot be
	// found (or is not executable) counts as missing: Start falls back to the
	// emulator, or fails with ErrNoRedisServer under NoEmulator.
	RedisServer string
	// NoEmulator forbids the miniredis fallback: Start fails with
	// ErrNoRedisServer when redis-server is missing. Default false.
	NoEmulator bool
	// Args are extra redis-server arguments, appended after Start's own, so
	// they may override them (e.g. "--appendonly", "yes"), except
	// --port, --bind, --dir and --daemonize, which Start controls and
	// rejects. Default none.
	Args []string
	// Log receives redis-server's stdout and stderr. Default nil = discard.
	// Either way the last lines are kept to quote in errors. Write errors
	// of Log are ignored so that a failing Log never stalls the server.
	Log io.Writer
	// StartTimeout bounds the wait for redis-server to answer PING.
	// Default 10s.
	StartTimeout time.Duration
}

// startTimeout returns StartTimeout or its default.
func (o Options) startTimeout() time.Duration {
	if o.StartTimeout > 0 {
		return o.StartTimeout
	}
	return defaultStartTimeout
}

// reservedArgs are the redis-server options Start sets and users may not.
var reservedArgs = []string{"port", "bind", "dir", "daemonize"}

// checkArgs rejects user arguments that would override what Start controls
// (a --port could even point the server at 6379).
func checkArgs(args []string) error {
	for _, a := range args {
		name, ok := strings.CutPrefix(a, "--")
		if !ok {
			continue
		}
		for _, r := range reservedArgs {
			if strings.EqualFold(name, r) {
				return fmt.Errorf("embedded: Args may not set --%s: Start chooses it", r)
			}
		}
	}
	return nil
}
