package target

import (
	"bytes"
	"errors"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// scriptConn is a connection whose reads return chunks in turn, then EOF;
// it keeps what is written to it.
type scriptConn struct {
	net.Conn
	chunks  []string
	written bytes.Buffer
}

func (c *scriptConn) Read(p []byte) (int, error) {
	if len(c.chunks) == 0 {
		return 0, io.EOF
	}
	n := copy(p, c.chunks[0])
	if c.chunks[0] = c.chunks[0][n:]; c.chunks[0] == "" {
		c.chunks = c.chunks[1:]
	}
	return n, nil
}

func (c *scriptConn) Write(p []byte) (int, error)      { return c.written.Write(p) }
func (c *scriptConn) SetReadDeadline(time.Time) error  { return nil }
func (c *scriptConn) SetWriteDeadline(time.Time) error { return nil }

// bytewise splits s into one-byte chunks.
func bytewise(s string) []string {
	var out []string
	for i := range len(s) {
		out = append(out, s[i:i+1])
	}
	return out
}

// TestWireGetReplies: the worker's own GET writes what go-redis writes and
// reads every form of reply GET has, in one read or byte by byte; a reply
// that is not a reply to GET is an error that drops the connection.
func TestWireGetReplies(t *testing.T) {
	big := strings.Repeat("x", 5000)
	for _, tc := range []struct {
		name   string
		chunks []string
		want   string
		kind   string // ErrorKind of the error; "" for a value
		redis  bool   // the error is a redis.Error (the connection stays)
	}{
		{name: "bulk", chunks: []string{"$5\r\nhello\r\n"}, want: "hello"},
		{name: "bulk bytewise", chunks: bytewise("$5\r\nhello\r\n"), want: "hello"},
		{name: "bulk split", chunks: []string{"$5\r", "\nhel", "lo\r\n"}, want: "hello"},
		{name: "empty", chunks: []string{"$0\r\n\r\n"}, want: ""},
		{name: "larger than the buffer", chunks: []string{"$5000\r\n", big[:3000], big[3000:] + "\r\n"}, want: big},
		{name: "RESP2 null", chunks: []string{"$-1\r\n"}, kind: "redis:", redis: true},
		{name: "RESP3 null", chunks: []string{"_\r\n"}, kind: "redis:", redis: true},
		{name: "error reply", chunks: []string{"-OOM command not allowed\r\n"}, kind: "oom", redis: true},
		{name: "wrongtype bytewise", chunks: bytewise("-WRONGTYPE Operation against a key\r\n"), kind: "wrongtype", redis: true},
		{name: "integer", chunks: []string{":1\r\n"}, kind: "other"},
		{name: "bad length", chunks: []string{"$abc\r\n"}, kind: "other"},
		{name: "negative length", chunks: []string{"$-2\r\n"}, kind: "other"},
		{name: "no CR", chunks: []string{"$5\nhello\r\n"}, kind: "other"},
		{name: "bad terminator", chunks: []string{"$5\r\nhelloXY"}, kind: "other"},
		{name: "bytes after the reply", chunks: []string{"$5\r\nhello\r\n+OK\r\n"}, kind: "other"},
		{name: "bytes after a nil", chunks: []string{"_\r\n+OK\r\n"}, kind: "other"},
		{name: "push", chunks: []string{">2\r\n$10\r\ninvalidate\r\n*0\r\n"}, kind: "other"},
		{name: "closed mid-reply", chunks: []string{"$5\r\nhel"}, kind: "conn_closed"},
		{name: "closed before", chunks: nil, kind: "conn_closed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := &scriptConn{chunks: tc.chunks}
			g := &wireGet{readTimeout: time.Second, writeTimeout: time.Second}
			b, err := g.do(&yieldConn{Conn: sc}, []byte("pfx:k:"), 42, mono())
			if got, want := sc.written.String(), "*2\r\n$3\r\nGET\r\n$8\r\npfx:k:42\r\n"; got != want {
				t.Errorf("wrote %q, want %q", got, want)
			}
			if tc.kind == "" {
				if err != nil || string(b) != tc.want {
					t.Fatalf("got %.20q, %v; want %.20q", b, err, tc.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("got %.20q, want an error of kind %s", b, tc.kind)
			}
			var re redis.Error
			if errors.As(err, &re) != tc.redis {
				t.Errorf("error %v: a redis.Error: %v, want %v", err, !tc.redis, tc.redis)
			}
			if k := ErrorKind(err); k != tc.kind {
				t.Errorf("error %v counted as %q, want %q", err, k, tc.kind)
			}
			if strings.HasSuffix(tc.name, "null") && !errors.Is(err, redis.Nil) {
				t.Errorf("null reply gave %v, want redis.Nil", err)
			}
		})
	}
}

// TestWireGetReusesBuffers: one GET after another reuses the request and
// reply buffers, and allocates nothing once they are grown.
func TestWireGetReusesBuffers(t *testing.T) {
	sc := &scriptConn{}
	yc := &yieldConn{Conn: sc}
	g := &wireGet{}
	reply := "$100\r\n" + strings.Repeat("v", 100) + "\r\n"
	chunks := make([]string, 1)
	if n := testing.AllocsPerRun(50, func() {
		chunks[0] = reply
		sc.chunks = chunks
		sc.written.Reset()
		if b, err := g.do(yc, []byte("key:"), 1234, mono()); err != nil || len(b) != 100 {
			t.Fatalf("got %d bytes, %v", len(b), err)
		}
	}); n != 0 {
		t.Errorf("%v allocations per GET, want 0", n)
	}
}

// testEpoch is the origin of mono.
var testEpoch = time.Now()

// mono returns the test's monotonic time, as a worker's clock gives it.
func mono() time.Duration { return time.Since(testEpoch) }
