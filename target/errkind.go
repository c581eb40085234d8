package target

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/redis/go-redis/v9"
)

// ErrorKind classifies a failed Redis command for the report's errors map:
// "timeout", "conn_refused", "conn_reset", "conn_closed", the lower-cased
// error prefix of a Redis error reply ("oom", "readonly", "loading",
// "moved", …), or "other".
func ErrorKind(err error) string {
	var re redis.Error
	var ne net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "conn_refused"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return "conn_reset"
	case errors.Is(err, io.EOF), errors.Is(err, redis.ErrClosed), errors.Is(err, net.ErrClosed):
		return "conn_closed"
	case errors.As(err, &re):
		msg := re.Error()
		if i := strings.IndexByte(msg, ' '); i > 0 {
			msg = msg[:i]
		}
		return strings.ToLower(msg)
	}
	return "other"
}
