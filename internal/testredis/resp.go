package testredis

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"
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
	for line := range strings.Lines(info) {
		if k, v, ok := strings.Cut(strings.TrimSpace(line), ":"); ok && k == field {
			return v
		}
	}
	return ""
}

func roundTrip(w io.Writer, r *bufio.Reader, args ...string) (any, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "*%d\r\n", len(args))
	for _, a := range args {
		fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return nil, err
	}
	v, err := readReply(r)
	if err != nil {
		return nil, err
	}
	if e, ok := v.(replyError); ok {
		return nil, e
	}
	return v, nil
}

// replyError is an error reply.
type replyError string

func (e replyError) Error() string { return string(e) }

func readReply(r *bufio.Reader) (any, error) {
	line, err := r.ReadString('\n')
	if err != nil {
		return nil, err
	}
	line = strings.TrimSuffix(line, "\r\n")
	if line == "" {
		return nil, errors.New("testredis: empty reply line")
	}
	switch body := line[1:]; line[0] {
	case '+':
		return body, nil
	case '-':
		return replyError(body), nil
	case ':':
		return strconv.ParseInt(body, 10, 64)
	case '$':
		n, err := strconv.Atoi(body)
		if err != nil || n < 0 {
			return nil, err
		}
		buf := make([]byte, n+2)
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, err
		}
		return string(buf[:n]), nil
	case '*':
		n, err := strconv.Atoi(body)
		if err != nil || n < 0 {
			return nil, err
		}
		out := make([]any, n)
		for i := range out {
			if out[i], err = readReply(r); err != nil {
				return nil, err
			}
			if e, ok := out[i].(replyError); ok {
				out[i] = error(e)
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("testredis: unexpected reply %q", line)
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
