package target

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"
)

func FuzzParseTarget(f *testing.F) {
	for _, s := range []string{"redis://localhost:6379", "a=redis://u:p@h:1/2", "rediss://h:1", "unix:///tmp/r.sock", "=redis://h", "http://h", "redis://h:1?x=y", "redis://:pw@h:99999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tg, err := ParseTarget(s)
		if err != nil {
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != "--target" {
				t.Fatalf("%q: error %v is not a FieldError on --target", s, err)
			}
			return
		}
		if tg.Name == "" {
			t.Fatalf("%q: empty name", s)
		}
		if pw := serverPassword(tg); len(pw) >= 4 && strings.Contains(tg.Redacted(), pw) {
			t.Fatalf("%q: redacted URL %q shows the password", s, tg.Redacted())
		}
	})
}

// FuzzWireGetReply: the worker's own GET never panics on what a server
// sends, read in one piece or byte by byte; a value is returned only for
// a bulk string reply, a redis.Error only for a null or an error reply,
// and, read in one piece, only when that reply is all that was sent
// (read byte by byte, what comes after it is left for the next GET).
func FuzzWireGetReply(f *testing.F) {
	for _, s := range []string{"$5\r\nhello\r\n", "$-1\r\n", "_\r\n", "-ERR x\r\n", "$0\r\n\r\n", ":1\r\n", "$5\r\nhello\r\n+OK\r\n", "$99999999999\r\n", "\r\n"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, reply string, split bool) {
		chunks := []string{reply}
		if split {
			chunks = bytewise(reply)
		}
		g := &wireGet{}
		b, err := g.do(&yieldConn{Conn: &scriptConn{chunks: chunks}}, []byte("k:"), 7, mono())
		var re redis.Error
		var sent string // the reply the result stands for
		switch {
		case err == nil:
			sent = "$" + strconv.Itoa(len(b)) + "\r\n" + string(b) + "\r\n"
		case errors.As(err, &re):
			i := strings.IndexByte(reply, '\n')
			if i < 2 || reply[i-1] != '\r' || !strings.ContainsAny(reply[:1], "$_-") {
				t.Fatalf("reply %q gave Redis error %v", reply, err)
			}
			sent = reply[:i+1]
		default:
			return
		}
		if reply != sent && (!split || !strings.HasPrefix(reply, sent)) {
			t.Fatalf("reply %q (split %v) gave %q, %v", reply, split, b, err)
		}
	})
}

// serverPassword returns the password of the servers (not of the sentinels)
// that tg's URL holds.
func serverPassword(tg Target) string {
	switch {
	case tg.opts != nil:
		return tg.opts.Password
	case tg.failover != nil:
		return tg.failover.Password
	}
	return ""
}
