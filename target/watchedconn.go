package target

import (
	"context"
	"net"
	"syscall"

	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/internal/pollwait"
)

// WatchedOptions returns a copy of o whose connections are watched
// (internal/pollwait): for a connection whose reader waits in Go's poller
// all the time, such as a Pub/Sub subscriber. While the open loop spins,
// the runtime consults the poller only every 10ms; a watched socket with
// data stops the spinning so that its reader is woken at once. Plain
// sockets only (TLS hides its socket): other connections are not watched.
func WatchedOptions(o *redis.Options) *redis.Options {
	w := *o
	dial := o.Dialer
	if dial == nil {
		return &w
	}
	w.Dialer = func(ctx context.Context, network, addr string) (net.Conn, error) {
		cn, err := dial(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		sc, ok := cn.(syscall.Conn)
		if !ok {
			return cn, nil
		}
		raw, err := sc.SyscallConn()
		if err != nil {
			return cn, nil
		}
		return &watchedConn{Conn: cn, unwatch: pollwait.Watch(raw)}, nil
	}
	return &w
}

// watchedConn is a connection in pollwait's watch list until closed.
type watchedConn struct {
	net.Conn
	unwatch func()
}

// Read reads p and, when it took data, tells the pacing (pollwait.Drained).
func (c *watchedConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		pollwait.Drained()
	}
	return n, err
}

// Close leaves the watch list and closes the connection.
func (c *watchedConn) Close() error {
	c.unwatch()
	return c.Conn.Close()
}
