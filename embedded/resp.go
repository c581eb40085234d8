package embedded

import (
	"bufio"
	"context"
	"net"
	"time"

	"github.com/cacheaside/bench/internal/resp"
)

// roundTrip dials addr, sends one command and reads its reply (resp.ReadReply),
// all within timeout (and ctx). It is the package's whole use of the Redis
// protocol: the readiness PING, the identity check and tests.
func roundTrip(ctx context.Context, addr string, timeout time.Duration, args ...string) (any, error) {
	deadline := time.Now().Add(timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	var dialer net.Dialer
	dctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	conn, err := dialer.DialContext(dctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if err := conn.SetDeadline(deadline); err != nil {
		return nil, err
	}
	if err := resp.WriteCommand(conn, args...); err != nil {
		return nil, err
	}
	return resp.ReadReply(bufio.NewReader(conn))
}
