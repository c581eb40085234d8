package testredis

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/cacheaside/bench/internal/resp"
)

// Do sends one command to the Redis server (or sentinel) at addr over a
// fresh plain TCP connection, authenticating with password first when it is
// not "", and returns the reply: string (simple or bulk), int64, []any,
// nil, or an error for an error reply. It is enough RESP2 for the helpers'
// setup and polling, not a client.
func Do(addr, password string, args ...string) (any, error) {
	c, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	if err := c.SetDeadline(time.Now().Add(5 * time.Second)); err != nil {
		return nil, err
	}
	r := bufio.NewReader(c)
	if password != "" {
		if _, err := roundTrip(c, r, "AUTH", password); err != nil {
			return nil, fmt.Errorf("testredis: AUTH on %s: %w", addr, err)
		}
	}
	return roundTrip(c, r, args...)
}

// DoString is Do for commands whose reply is a string (INFO, CLUSTER INFO).
func DoString(addr, password string, args ...string) (string, error) {
	v, err := Do(addr, password, args...)
	if err != nil {
		return "", err
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("testredis: %s on %s: reply %v is not a string", args[0], addr, v)
	}
	return s, nil
}

// InfoField returns field of an INFO (or CLUSTER INFO) reply, "" if absent.
func InfoField(info, field string) string {
	v, _ := resp.InfoField(info, field)
	return v
}

// roundTrip sends one command on w and reads its reply from r; an error
// reply is returned as the error.
func roundTrip(w io.Writer, r *bufio.Reader, args ...string) (any, error) {
	if err := resp.WriteCommand(w, args...); err != nil {
		return nil, err
	}
	v, err := resp.ReadReply(r)
	if err != nil {
		return nil, err
	}
	if e, ok := v.(resp.Error); ok {
		return nil, e
	}
	return v, nil
}

// waitFor polls cond every 50 ms until it returns nil or timeout passes,
// then fails the test with what cond last said.
func waitFor(t interface {
	Helper()
	Fatalf(string, ...any)
}, what string, timeout time.Duration, cond func() error) bool {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		err := cond()
		if err == nil {
			return true
		}
		if time.Now().After(deadline) {
			t.Fatalf("testredis: %s not reached within %v: %v", what, timeout, err)
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
}
