package target

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/redis/go-redis/v9"
)

// ErrUnreachable marks a target that cannot be reached or refuses our
// credentials. Callers map it to exit code 3.
var ErrUnreachable = errors.New("target unreachable")

// unreachable wraps a failed connection: its message names the target and
// addr, says so when the credentials were refused, and hides the password;
// errors.Is finds both ErrUnreachable and the cause.
func (t Target) unreachable(addr string, cause error) error {
	msg := scrubSecrets(cause.Error(), t.URL, t.passwords()...)
	switch {
	case isAuthError(cause):
		msg = "authentication failed: " + msg
	case t.failover != nil && (errors.Is(cause, redis.Nil) || strings.Contains(msg, "redis: nil")):
		msg = fmt.Sprintf("no sentinel knows a master named %q: %s", t.failover.MasterName, msg)
	case errors.Is(cause, io.EOF) && !t.TLS():
		msg += " (the server closed the connection: if it speaks TLS, use rediss://)"
	}
	return &connectError{
		msg:   fmt.Sprintf("target: %s (%s): %s: %v", t.Name, addr, msg, ErrUnreachable),
		cause: cause,
	}
}

// connectError is a failed connection: Error is the redacted text, Unwrap
// gives ErrUnreachable and the original cause (e.g. context.Canceled).
type connectError struct {
	msg   string
	cause error
}

func (e *connectError) Error() string   { return e.msg }
func (e *connectError) Unwrap() []error { return []error{ErrUnreachable, e.cause} }

// isAuthError reports a refusal of the credentials.
func isAuthError(err error) bool {
	s := err.Error()
	for _, p := range []string{"WRONGPASS", "NOAUTH", "NOPERM", "invalid password", "invalid username-password"} {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}
