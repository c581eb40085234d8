package target

import (
	"crypto/tls"
	"errors"
	"io"
	"net"
	"os"
	"testing"
	"time"

	"github.com/cacheaside/bench/internal/pollwait"
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

// TestSpinReaderOnlyPlainSockets: a TCP connection is polled, a TLS one
// (or any other kind) reads as it always does.
func TestSpinReaderOnlyPlainSockets(t *testing.T) {
	c, _ := tcpPair(t)
	if spinReaderOf(c) == nil {
		t.Error("a TCP connection gets no spinReader")
	}
	if spinReaderOf(tls.Client(c, &tls.Config{})) != nil {
		t.Error("a TLS connection gets a spinReader")
	}
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	if spinReaderOf(a) != nil {
		t.Error("a pipe gets a spinReader")
	}
}

// TestSpinReaderReads: a reply there at once, one that comes after the
// spin (the poller then waits for it), a read deadline that passes while
// waiting (a timeout, as net.Conn reports it) and the end of the stream.
func TestSpinReaderReads(t *testing.T) {
	c, srv := tcpPair(t)
	yc := &yieldConn{Conn: c, spin: spinReaderOf(c)}
	buf := make([]byte, 16)

	if _, err := srv.Write([]byte("now")); err != nil {
		t.Fatal(err)
	}
	if n, err := io.ReadAtLeast(yc, buf, 3); err != nil || string(buf[:n]) != "now" {
		t.Fatalf("read %q, %v", buf[:n], err)
	}

	go func() {
		for pollwait.Waiting() == 0 { // past the spin: the poller waits, and says so
			time.Sleep(100 * time.Microsecond)
		}
		_, _ = srv.Write([]byte("later"))
	}()
	if n, err := io.ReadAtLeast(yc, buf, 5); err != nil || string(buf[:n]) != "later" {
		t.Fatalf("read %q, %v", buf[:n], err)
	}
	if n := pollwait.Waiting(); n != 0 {
		t.Errorf("%d readers still noted as waiting in the poller", n)
	}

	if err := yc.SetReadDeadline(time.Now().Add(5 * ReadSpin)); err != nil {
		t.Fatal(err)
	}
	_, err := yc.Read(buf)
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() || !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("read past the deadline: %v, want a timeout", err)
	}

	if err := c.SetReadDeadline(time.Time{}); err != nil { // the socket's own: a lazy deadline keeps what it armed
		t.Fatal(err)
	}
	srv.Close()
	if n, err := yc.Read(buf); n != 0 || err != io.EOF {
		t.Fatalf("read after the peer closed: %d, %v, want io.EOF", n, err)
	}
}

// TestSpinReaderYieldsToAParkedReader: while another reader waits in the
// poller, a read parks at once instead of polling (here its spin would
// last an hour): a spinning runtime would keep the parked reader's reply
// waiting for its monitor.
func TestSpinReaderYieldsToAParkedReader(t *testing.T) {
	c, srv := tcpPair(t)
	yc := &yieldConn{Conn: c, spin: spinReaderOf(c)}
	yc.spin.spin = time.Hour
	pollwait.Park() // another reader, parked
	defer pollwait.Unpark()
	done := make(chan error, 1)
	buf := make([]byte, 16)
	go func() {
		_, err := yc.Read(buf)
		done <- err
	}()
	giveUp := time.After(10 * time.Second) // it would poll for an hour
	for pollwait.Waiting() < 2 {
		select {
		case <-giveUp:
			_, _ = srv.Write([]byte("x")) // end the read, so that the connection can close
			<-done
			t.Fatal("the read kept polling while another reader waited in the poller")
		case err := <-done:
			t.Fatalf("read returned (%v) before any data", err)
		case <-time.After(100 * time.Microsecond):
		}
	}
	if _, err := srv.Write([]byte("x")); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := pollwait.Waiting(); n != 1 {
		t.Errorf("%d readers noted as waiting after the read, want the other one", n)
	}
}

// TestSpinReaderAllocatesNothing: polling a socket allocates nothing per
// read, whether the data is there or comes during the spin.
func TestSpinReaderAllocatesNothing(t *testing.T) {
	c, srv := tcpPair(t)
	yc := &yieldConn{Conn: c, spin: spinReaderOf(c)}
	buf := make([]byte, 16)
	msg := []byte("x")
	allocs := testing.AllocsPerRun(200, func() {
		if _, err := srv.Write(msg); err != nil {
			t.Fatal(err)
		}
		if _, err := yc.Read(buf); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per read, want 0", allocs)
	}
}
