package embedded

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cacheaside/bench/internal/resp"
)

// Readiness polling.
const (
	// pollTimeout bounds one PING attempt: short, so that an exit of the
	// child (e.g. its bind failed) is noticed promptly.
	pollTimeout = 500 * time.Millisecond
	// pollInterval is the pause between PING attempts.
	pollInterval = 25 * time.Millisecond
)

// errPortTaken means another process holds the port: retry on a new one.
var errPortTaken = errors.New("embedded: port taken by another process")

// waitReady waits until the child p answers PING on addr. It returns
// errPortTaken (wrapped) when the child exits because the port is in use or
// when a different process answers on addr, and another error when the
// child exits otherwise or ctx ends first.
func waitReady(ctx context.Context, addr string, p *process) error {
	for {
		if p.exited() {
			return exitError(addr, p)
		}
		reply, err := roundTrip(ctx, addr, pollTimeout, "PING")
		if err == nil && answered(reply) {
			return checkIdentity(ctx, addr, p)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("embedded: redis-server on %s did not answer PING: %w%s", addr, ctx.Err(), p.tail.quote())
		case <-p.done:
			return exitError(addr, p)
		case <-time.After(pollInterval):
		}
	}
}

// answered reports whether a PING reply shows a server that is up: +PONG,
// or -NOAUTH when the user's Args set a password.
func answered(reply any) bool {
	switch r := reply.(type) {
	case string:
		return r == "PONG"
	case resp.Error:
		return strings.HasPrefix(string(r), "NOAUTH")
	}
	return false
}

// exitError describes a child that exited during startup.
func exitError(addr string, p *process) error {
	if p.tail.contains("already in use") {
		return fmt.Errorf("%w: %s%s", errPortTaken, addr, p.tail.quote())
	}
	return fmt.Errorf("embedded: redis-server exited during startup (%v)%s", p.err, p.tail.quote())
}

// checkIdentity makes sure the server that answered is our child and not
// another process that took the port first (our child then fails to bind).
// It compares INFO server's process_id with the child's pid; a server that
// does not report one (or needs a password) is taken to be ours.
func checkIdentity(ctx context.Context, addr string, p *process) error {
	reply, err := roundTrip(ctx, addr, pollTimeout, "INFO", "server")
	if err != nil {
		return fmt.Errorf("%w: %s: INFO: %w", errPortTaken, addr, err)
	}
	switch r := reply.(type) {
	case resp.Error:
		return nil
	case string:
		pid, ok := resp.InfoField(r, "process_id")
		if !ok || pid == strconv.Itoa(p.pid()) {
			return nil
		}
		return fmt.Errorf("%w: %s answered with process_id %s, not our pid %d", errPortTaken, addr, pid, p.pid())
	default:
		return fmt.Errorf("%w: %s: unexpected INFO reply %v", errPortTaken, addr, reply)
	}
}
