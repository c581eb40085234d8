package target

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"net"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// The worker's own GET (WorkerConn.Get): the request is the one go-redis
// sends, a RESP array of two bulk strings, and the reply is read in the
// same RESP2 and RESP3 forms go-redis accepts for GET: a bulk string, a
// null ($-1 or _) or an error. Anything else, or bytes after the reply,
// means the connection is out of step: the error is not a redis.Error
// (IsReply is false), so the worker drops the connection.

// wireBufSize is the first size of a worker's reply buffer; it grows to
// the largest reply read.
const wireBufSize = 1024

// maxBulkLen is the largest bulk string accepted: Redis's own limit on a
// string (proto-max-bulk-len defaults to 512 MB).
const maxBulkLen = 512 << 20

// maxHeaderLen bounds a reply's first line (an error message, say).
const maxHeaderLen = 64 << 10

// errOutOfStep reports a reply that is not a reply to GET.
var errOutOfStep = errors.New("target: unexpected reply to GET")

// replyError is an error reply from Redis to the worker's own GET; like
// go-redis's own, it is a redis.Error.
type replyError string

func (e replyError) Error() string { return string(e) }

// RedisError marks replyError as a redis.Error.
func (replyError) RedisError() {}

// wireGet is a worker's own GET: the request is built in req and the reply
// read into buf, both reused from command to command.
type wireGet struct {
	req, buf                  []byte
	readTimeout, writeTimeout time.Duration // the client's; none when not positive
}

// do sends GET <prefix><k> on c (k in decimal) and returns the value,
// valid until the next call, or redis.Nil when the key does not exist. now
// is the caller's monotonic time (WorkerConn.Get).
//
// The socket's deadlines are armed as go-redis's commands arm them
// (yieldConn's lazy deadlines), but the wall clock is read for them only
// when they may need re-arming: when now has passed the time from which
// the deadlines armed could come before --io-timeout from now, or when
// go-redis has asked for deadlines of its own since (they may be earlier).
func (g *wireGet) do(c *yieldConn, prefix []byte, k uint64, now time.Duration) ([]byte, error) {
	if g.readTimeout > 0 || g.writeTimeout > 0 {
		if now >= time.Duration(c.rearm.Load()) {
			if err := g.arm(c, now); err != nil {
				return nil, err
			}
		}
	}
	g.req = appendGet(g.req[:0], prefix, k)
	if _, err := c.Write(g.req); err != nil {
		return nil, err
	}
	return g.reply(c)
}

// arm asks for c's deadlines at --io-timeout from now (m on the caller's
// monotonic clock) and notes when to ask again: when the deadlines armed
// (a lazy deadline may keep one up to a sixteenth of the timeout later
// than asked, never earlier) could come before --io-timeout from then.
func (g *wireGet) arm(c *yieldConn, m time.Duration) error {
	now := time.Now()
	hold := time.Duration(math.MaxInt64)
	if t := g.writeTimeout; t > 0 {
		want := now.Add(t)
		if err := c.write.set(want, c.Conn.SetWriteDeadline); err != nil {
			return err
		}
		hold = time.Duration(c.write.armed.Load() - want.UnixNano())
	}
	if t := g.readTimeout; t > 0 {
		want := now.Add(t)
		if err := c.read.set(want, c.Conn.SetReadDeadline); err != nil {
			return err
		}
		hold = min(hold, time.Duration(c.read.armed.Load()-want.UnixNano()))
	}
	c.rearm.Store(int64(m + max(hold, 0)))
	return nil
}

// appendGet appends the RESP request GET <prefix><k> to b.
func appendGet(b, prefix []byte, k uint64) []byte {
	b = append(b, "*2\r\n$3\r\nGET\r\n$"...)
	b = strconv.AppendInt(b, int64(len(prefix)+digits(k)), 10)
	b = append(b, "\r\n"...)
	b = append(b, prefix...)
	b = strconv.AppendUint(b, k, 10)
	return append(b, "\r\n"...)
}

// reply reads one reply to GET from c.
func (g *wireGet) reply(c net.Conn) ([]byte, error) {
	if cap(g.buf) == 0 {
		g.buf = make([]byte, 0, wireBufSize)
	}
	b := g.buf[:0]
	var line int // the first line's length, with its CRLF
	for {
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line = i + 1
			break
		}
		if len(b) >= maxHeaderLen {
			return nil, fmt.Errorf("%w: a first line longer than %d bytes", errOutOfStep, maxHeaderLen)
		}
		if len(b) == cap(b) {
			b = g.grow(b, 2*cap(b))
		}
		var err error
		if b, err = readMore(c, b); err != nil {
			return nil, err
		}
	}
	if line < 3 || b[line-2] != '\r' {
		return nil, outOfStep(b)
	}
	head, body := b[:line-2], line
	switch head[0] {
	case '$':
		if string(head[1:]) == "-1" {
			return nil, nilReply(b, line)
		}
		n, ok := bulkLen(head[1:])
		if !ok {
			return nil, outOfStep(b)
		}
		var err error
		end := body + n + 2
		for len(b) < end {
			if len(b) == cap(b) { // grow as the value arrives, not as announced
				b = g.grow(b, min(end, 2*cap(b)))
			}
			if b, err = readMore(c, b); err != nil {
				return nil, err
			}
		}
		if len(b) != end || b[end-2] != '\r' || b[end-1] != '\n' {
			return nil, outOfStep(b)
		}
		return b[body : body+n], nil
	case '_':
		if line != 3 {
			return nil, outOfStep(b)
		}
		return nil, nilReply(b, line)
	case '-':
		if len(b) != line {
			return nil, outOfStep(b)
		}
		return nil, replyError(head[1:])
	}
	return nil, outOfStep(b)
}

// bulkLen parses a bulk string's length as Redis writes it: decimal
// digits, no sign, no leading zero, at most maxBulkLen.
func bulkLen(d []byte) (int, bool) {
	if len(d) == 0 || len(d) > 1 && d[0] == '0' || len(d) > 10 {
		return 0, false
	}
	n := 0
	for _, c := range d {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, n <= maxBulkLen
}

// readMore reads what c has into b's spare capacity.
func readMore(c net.Conn, b []byte) ([]byte, error) {
	n, err := c.Read(b[len(b):cap(b)])
	return b[:len(b)+n], err
}

// grow returns b with room for n bytes, keeping the larger buffer.
func (g *wireGet) grow(b []byte, n int) []byte {
	nb := make([]byte, len(b), n)
	copy(nb, b)
	g.buf = nb[:0]
	return nb
}

// nilReply is redis.Nil when the null reply of length line is all of b.
func nilReply(b []byte, line int) error {
	if len(b) != line {
		return outOfStep(b)
	}
	return redis.Nil
}

// outOfStep describes a reply that is not a reply to GET.
func outOfStep(b []byte) error {
	if len(b) > 40 {
		b = b[:40]
	}
	return fmt.Errorf("%w: %q", errOutOfStep, b)
}

// digits returns the number of decimal digits of n.
func digits(n uint64) int {
	d := 1
	for n >= 10 {
		n /= 10
		d++
	}
	return d
}
