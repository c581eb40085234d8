package pollwait

import (
	"net"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// tcpPair returns both ends of a loopback TCP connection.
func tcpPair(t *testing.T) (client, server net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, _ := ln.Accept()
		accepted <- c
	}()
	client, err = net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	server = <-accepted
	if server == nil {
		t.Fatal("accept failed")
	}
	t.Cleanup(func() { client.Close(); server.Close() })
	return client, server
}

// pendingWithin asks Pending until it says want, for at most a second
// (it looks at the socket every pendingEvery).
func pendingWithin(want bool) bool {
	for deadline := time.Now().Add(time.Second); time.Now().Before(deadline); runtime.Gosched() {
		if Pending() == want {
			return true
		}
	}
	return false
}

// A watched socket is pending while it holds unread bytes, not before and
// not once they are read (Drained) or it is unwatched; Drained wakes Back.
func TestWatchedSocketPending(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the look at a socket is Linux's MSG_PEEK")
	}
	client, server := tcpPair(t)
	raw, err := client.(syscall.Conn).SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	unwatch := Watch(raw)
	defer unwatch()
	if !pendingWithin(false) {
		t.Fatal("pending before anything was sent")
	}
	if _, err := server.Write([]byte("invalidate")); err != nil {
		t.Fatal(err)
	}
	if !pendingWithin(true) {
		t.Fatal("not pending with unread bytes on the socket")
	}
	back := Back()
	buf := make([]byte, 64)
	if n, err := client.Read(buf); err != nil || n != len("invalidate") {
		t.Fatalf("read %d, %v", n, err)
	}
	Drained()
	select {
	case <-back:
	default:
		t.Error("Drained did not close Back's channel")
	}
	if Pending() {
		t.Error("pending right after Drained")
	}
	if _, err := server.Write([]byte("again")); err != nil {
		t.Fatal(err)
	}
	if !pendingWithin(true) {
		t.Fatal("not pending with unread bytes on the socket")
	}
	unwatch()
	if !pendingWithin(false) {
		t.Error("an unwatched socket is still looked at")
	}
}
