// Package resp is the little of the Redis protocol (RESP2) the project
// speaks without a client: a command written as an array of bulk strings,
// one reply read back, and a field looked up in an INFO reply. The
// embedded server's readiness checks and the test helpers use it;
// everything that measures goes through go-redis (and the workers' own
// GET, target/wireget.go).
package resp

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// MaxBulk bounds a bulk string or array length read, so that a stranger
// on a port cannot make the reader allocate without limit.
const MaxBulk = 1 << 20

// Error is an error reply ("-ERR ...").
type Error string

// Error returns the reply's text.
func (e Error) Error() string { return string(e) }

// WriteCommand writes args as a RESP array of bulk strings.
func WriteCommand(w io.Writer, args ...string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "*%d\r\n", len(args))
	for _, a := range args {
		fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ReadReply reads one reply: a string for simple and bulk strings, an
// Error for an error reply (as a value, not as the error returned), an
// int64 for an integer, []any for an array, nil for a null bulk string or
// array.
func ReadReply(r *bufio.Reader) (any, error) {
	line, err := r.ReadString('\n')
	if err != nil {
		return nil, err
	}
	line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	if line == "" {
		return nil, errors.New("resp: empty reply line")
	}
	body := line[1:]
	switch line[0] {
	case '+':
		return body, nil
	case '-':
		return Error(body), nil
	case ':':
		return strconv.ParseInt(body, 10, 64)
	case '$':
		n, err := strconv.Atoi(body)
		if err != nil || n > MaxBulk {
			return nil, fmt.Errorf("resp: bad bulk length %q", body)
		}
		if n < 0 {
			return nil, nil
		}
		buf := make([]byte, n+2)
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, err
		}
		if string(buf[n:]) != "\r\n" {
			return nil, errors.New("resp: bulk string not terminated by CRLF")
		}
		return string(buf[:n]), nil
	case '*':
		n, err := strconv.Atoi(body)
		if err != nil || n > MaxBulk {
			return nil, fmt.Errorf("resp: bad array length %q", body)
		}
		if n < 0 {
			return nil, nil
		}
		out := make([]any, 0, n)
		for range n {
			v, err := ReadReply(r)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	default:
		return nil, fmt.Errorf("resp: unknown reply type %q", line)
	}
}

// InfoField returns the value of field in an INFO (or CLUSTER INFO) reply
// and whether it is there.
func InfoField(info, field string) (string, bool) {
	for line := range strings.Lines(info) {
		if k, v, ok := strings.Cut(strings.TrimSpace(line), ":"); ok && k == field {
			return v, true
		}
	}
	return "", false
}
