package scenario

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// ErrUnreachable marks a target that cannot be reached or refuses our
// credentials. Callers map it to exit code 3.
var ErrUnreachable = errors.New("target unreachable")

// Target is one deployment to measure, as named on the command line.
type Target struct {
	// Name labels the target in reports: NAME from --target NAME=URL, else
	// the URL's host:port (or socket path).
	Name string
	// URL is the URL as given; it may hold a password, never print it.
	URL string
	// Embedded is "" for a user's target, else what the tool started:
	// "redis-server" or "miniredis".
	Embedded string
	opts     *redis.Options
}

// ParseTarget parses "[NAME=]URL" with URL in the forms
// redis://[user:pass@]host:port[/db], rediss://… (TLS) and
// unix://[user:pass@]/path.sock[?db=N]. Errors are *FieldError on "--target"
// and never contain the password.
func ParseTarget(arg string) (Target, error) {
	name, raw := "", arg
	if i := strings.Index(arg, "="); i >= 0 && i < strings.Index(arg, "://") {
		name, raw = arg[:i], arg[i+1:]
		if name == "" {
			return Target{}, fieldErr("--target", "empty NAME before '=': want [NAME=]URL")
		}
	}
	red := Redact(raw)
	if !strings.HasPrefix(raw, "redis://") && !strings.HasPrefix(raw, "rediss://") && !strings.HasPrefix(raw, "unix://") {
		return Target{}, fieldErr("--target", "%q: want [NAME=]URL with URL redis://[user:pass@]host:port[/db], rediss://… or unix:///path.sock", red)
	}
	opts, err := redis.ParseURL(raw)
	if err != nil {
		return Target{}, fieldErr("--target", "%q: %s", red, strings.ReplaceAll(err.Error(), raw, red))
	}
	if name == "" {
		name = opts.Addr
	}
	return Target{Name: name, URL: raw, opts: opts}, nil
}

// Redact returns u with any password replaced by "xxxxx"; strings that are
// not URLs come back unchanged.
func Redact(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.User == nil {
		return u
	}
	return p.Redacted()
}

// Redacted returns the target's URL with the password hidden.
func (t Target) Redacted() string { return Redact(t.URL) }

// Addr returns host:port or the socket path.
func (t Target) Addr() string { return t.opts.Addr }

// ConnectOptions tunes the client of one target; zero means default.
type ConnectOptions struct {
	// PoolSize is the number of connections; default 10 per CPU (go-redis's).
	PoolSize int
	// DialTimeout bounds each connection attempt; default 3s.
	DialTimeout time.Duration
	// IOTimeout bounds each read and write; default 3s.
	IOTimeout time.Duration
}

// NewClient returns a new client of t with o's settings, without checking
// it; Connect is the checked way in.
func (t Target) NewClient(o ConnectOptions) *redis.Client {
	opts := *t.opts
	opts.DialTimeout = orDefault(o.DialTimeout, 3*time.Second)
	opts.ReadTimeout = orDefault(o.IOTimeout, 3*time.Second)
	opts.WriteTimeout = opts.ReadTimeout
	if o.PoolSize > 0 {
		opts.PoolSize = o.PoolSize
		opts.MinIdleConns = 0
	}
	// Skip CLIENT SETINFO on each new connection: one round trip less, and
	// emulators that lack it stay quiet.
	opts.DisableIdentity = true
	return redis.NewClient(&opts)
}

// Connect opens a client to t and checks it with PING within a few seconds.
// Failing to connect or to authenticate returns an error wrapping
// ErrUnreachable that names the address (never the password).
func Connect(ctx context.Context, t Target, o ConnectOptions) (*redis.Client, error) {
	c := t.NewClient(o)
	dial := c.Options().DialTimeout
	pctx, cancel := context.WithTimeout(ctx, dial+2*time.Second)
	defer cancel()
	if err := c.Ping(pctx).Err(); err != nil {
		_ = c.Close()
		msg := strings.ReplaceAll(err.Error(), t.URL, t.Redacted())
		if pw, ok := t.password(); ok && pw != "" {
			msg = strings.ReplaceAll(msg, pw, "xxxxx")
		}
		return nil, fmt.Errorf("scenario: target %s (%s): %s: %w", t.Name, t.opts.Addr, msg, ErrUnreachable)
	}
	return c, nil
}

func (t Target) password() (string, bool) {
	if t.opts == nil {
		return "", false
	}
	return t.opts.Password, t.opts.Password != ""
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// QuietClientLogs silences go-redis's own logging (it prints pool dial
// failures to stderr, over the progress line): every failure reaches the
// console and the report as a counted error or a returned error instead.
func QuietClientLogs() { redis.SetLogger(discardLogger{}) }

type discardLogger struct{}

func (discardLogger) Printf(context.Context, string, ...interface{}) {}
