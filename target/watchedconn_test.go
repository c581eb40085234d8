package target

import (
	"context"
	"net"
	"runtime"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/internal/pollwait"
)

// pendingWithin asks pollwait.Pending until it says want, for at most a
// second (it looks at the sockets every 20 µs).
func pendingWithin(want bool) bool {
	for deadline := time.Now().Add(time.Second); time.Now().Before(deadline); runtime.Gosched() {
		if pollwait.Pending() == want {
			return true
		}
	}
	return false
}

// A connection dialled through WatchedOptions is pending while it holds
// unread bytes, not before and not once they are read (which wakes
// pollwait.Back) or it is closed.
func TestWatchedConnPending(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the look at a socket is Linux's MSG_PEEK")
	}
	client, server := tcpPair(t)
	o := WatchedOptions(&redis.Options{Dialer: func(context.Context, string, string) (net.Conn, error) { return client, nil }})
	cn, err := o.Dialer(context.Background(), "tcp", "")
	if err != nil {
		t.Fatal(err)
	}
	defer cn.Close()
	if !pendingWithin(false) {
		t.Fatal("pending before anything was sent")
	}
	if _, err := server.Write([]byte("invalidate")); err != nil {
		t.Fatal(err)
	}
	if !pendingWithin(true) {
		t.Fatal("not pending with unread bytes on the socket")
	}
	back := pollwait.Back()
	buf := make([]byte, 64)
	if n, err := cn.Read(buf); err != nil || n != len("invalidate") {
		t.Fatalf("read %d, %v", n, err)
	}
	select {
	case <-back:
	default:
		t.Error("reading the data did not close Back's channel")
	}
	if pollwait.Pending() {
		t.Error("pending right after the read")
	}
	if _, err := server.Write([]byte("again")); err != nil {
		t.Fatal(err)
	}
	if !pendingWithin(true) {
		t.Fatal("not pending with unread bytes on the socket")
	}
	cn.Close()
	if !pendingWithin(false) {
		t.Error("a closed connection is still looked at")
	}
}
