package target

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"
)

// ErrUnreachable marks a target that cannot be reached or refuses our
// credentials. Callers map it to exit code 3.
var ErrUnreachable = errors.New("target unreachable")

// unreachable wraps a failed connection. Its message names the target and
// its address once, says in words what went wrong (refused, timed out,
// unknown host, TLS, wrong credentials) and, for credentials, where they
// came from and where they go; it hides the password. errors.Is finds
// both ErrUnreachable and the cause.
func (t Target) unreachable(addr string, o ConnectOptions, cause error) error {
	where := t.Name
	if addr != "" && addr != t.Name {
		where += " (" + addr + ")"
	}
	return &connectError{
		msg:   "target " + where + ": " + t.explain(o, cause),
		cause: cause,
	}
}

// explain says what went wrong in words; the cause's own text, scrubbed
// of passwords, is kept where the words alone would lose something (TLS,
// unknown errors).
func (t Target) explain(o ConnectOptions, cause error) string {
	raw := scrubSecrets(cause.Error(), t.URL, t.passwords()...)
	var dns *net.DNSError
	var unknownCA x509.UnknownAuthorityError
	var badHost x509.HostnameError
	var badCert x509.CertificateInvalidError
	var notTLS tls.RecordHeaderError
	switch {
	case errors.Is(cause, context.Canceled):
		return "interrupted while connecting"
	case isAuthError(cause):
		return t.authFailure(o, raw)
	case t.failover != nil && (errors.Is(cause, redis.Nil) || strings.Contains(raw, "redis: nil")):
		return fmt.Sprintf("no sentinel knows a master named %q", t.failover.MasterName)
	case errors.Is(cause, syscall.ECONNREFUSED):
		return "connection refused: nothing accepts connections there (is the server running, and on this port?)"
	case errors.As(cause, &dns):
		return fmt.Sprintf("unknown host: %q does not resolve (%s)", dns.Name, dns.Err)
	case errors.As(cause, &unknownCA):
		return "TLS: the server's certificate is signed by an authority this machine does not trust (--tls-ca FILE trusts it; --tls-insecure skips the check, tests only): " + raw
	case errors.As(cause, &badHost):
		return fmt.Sprintf("TLS: the server's certificate is not valid for %q (--tls-server-name NAME checks it against another name): %s", badHost.Host, raw)
	case errors.As(cause, &badCert):
		return "TLS: the server's certificate is invalid: " + raw
	case errors.As(cause, &notTLS):
		return "TLS: the server does not speak TLS (use redis:// instead of rediss://)"
	case strings.Contains(raw, "tls:") && strings.Contains(raw, "certificate required"):
		return "TLS: the server asks for a client certificate (--tls-cert FILE --tls-key FILE): " + raw
	case strings.Contains(raw, "tls:") || strings.Contains(raw, "x509:"):
		return "TLS handshake failed: " + raw
	case strings.Contains(raw, "HTTP/1."):
		return "not a Redis server: it answered in HTTP (a web server or a proxy at this address?)"
	case isTimeout(cause) && t.TLS():
		return fmt.Sprintf("timed out: no TLS handshake within %s (if the server does not speak TLS, use redis://; else a firewall or a wrong address; --dial-timeout to wait longer)", orDefault(o.DialTimeout, 3*time.Second))
	case isTimeout(cause):
		return fmt.Sprintf("timed out: no answer within %s (a firewall, a wrong address, or a server too busy to answer; --dial-timeout to wait longer)", orDefault(o.DialTimeout, 3*time.Second))
	case errors.Is(cause, io.EOF) && !t.TLS():
		return "the server closed the connection (if it speaks TLS, use rediss://)"
	case errors.Is(cause, syscall.ECONNRESET):
		return "the server reset the connection (if it speaks TLS, use rediss://)"
	}
	return "cannot connect: " + raw
}

// isTimeout reports a connection attempt that ran out of time.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()
}

// authFailure says which credentials were refused, where they came from,
// and where credentials go.
func (t Target) authFailure(o ConnectOptions, raw string) string {
	user, pass, from := t.credentials(o)
	if user == "" {
		user = "default"
	}
	var what string
	reply := redisReply(raw)
	switch {
	case strings.Contains(reply, "NOPERM"):
		return fmt.Sprintf("authentication failed: user %q may not run a command the tool needs (%s): its ACL must allow it", user, reply)
	case strings.Contains(reply, "NOAUTH") || !pass:
		what = "the server wants a password and none was given"
	default:
		what = fmt.Sprintf("wrong credentials: the server refused user %q with the password from %s", user, from)
	}
	return "authentication failed: " + what + "; credentials go in the URL (redis://USER:PASSWORD@host:port), or --user USER with --password-file FILE or $REDIS_PASSWORD"
}

// credentials returns the user, whether a password was given, and where
// it came from: the URL's own credentials win over --user, --password-file
// and $REDIS_PASSWORD (clientOptions, failoverOptions).
func (t Target) credentials(o ConnectOptions) (user string, pass bool, from string) {
	var u, p string
	switch {
	case t.opts != nil:
		u, p = t.opts.Username, t.opts.Password
	case t.failover != nil:
		u, p = t.failover.Username, t.failover.Password
	}
	if u != "" || p != "" {
		return u, p != "", "the URL"
	}
	from = o.PasswordFrom
	if from == "" {
		from = "the options"
	}
	return o.User, o.Password != "", from
}

// redisReply is the server's error reply in s, from its
// upper-case code on ("WRONGPASS invalid username-password pair…"), or
// the whole text.
func redisReply(s string) string {
	for _, code := range []string{"WRONGPASS", "NOAUTH", "NOPERM", "ERR"} {
		if i := strings.Index(s, code); i >= 0 {
			return s[i:]
		}
	}
	return s
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
