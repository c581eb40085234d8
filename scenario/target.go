package scenario

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// ErrUnreachable marks a target that cannot be reached or refuses our
// credentials. Callers map it to exit code 3.
var ErrUnreachable = errors.New("target unreachable")

// Modes of a deployment, the values of report.Server.Mode that connecting
// decides (the preflight reads "standalone" or "cluster" from the server).
const (
	ModeStandalone = "standalone"
	ModeCluster    = "cluster"
	ModeSentinel   = "sentinel"
)

// Where reads go, the values of ConnectOptions.ReadFrom and
// report.Server.ReadFrom.
const (
	ReadFromMaster  = "master"
	ReadFromReplica = "replica"
)

// Target is one deployment to measure, as named on the command line.
type Target struct {
	// Name labels the target in reports: NAME from --target NAME=URL, else
	// the URL's host:port (or socket path; for Sentinel the first
	// sentinel's host:port and the master name, "host:26379/mymaster").
	Name string
	// URL is the URL as given; it may hold a password, never print it.
	URL string
	// Embedded is "" for a user's target, else what the tool started:
	// "redis-server" or "miniredis".
	Embedded string

	opts     *redis.Options         // redis://, rediss://, unix://
	failover *redis.FailoverOptions // redis-sentinel://, rediss-sentinel://
	// learnt is what ConnectUniversal found out (a cluster?) and the
	// options it was given; shared by the copies of the Target, so that
	// NewUniversalClient makes clients of the same kind.
	learnt *learnt
}

// learnt is filled once by ConnectUniversal.
type learnt struct {
	mu      sync.Mutex
	cluster bool
	o       ConnectOptions
}

func (l *learnt) get() (cluster bool, o ConnectOptions) {
	if l == nil {
		return false, ConnectOptions{}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.cluster, l.o
}

func (l *learnt) set(cluster bool, o ConnectOptions) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.cluster, l.o = cluster, o
}

// ParseTarget parses "[NAME=]URL" with URL in the forms
//
//	redis://[user:pass@]host:port[/db]
//	rediss://[user:pass@]host:port[/db]          (TLS)
//	unix://[user:pass@]/path.sock[?db=N]
//	redis-sentinel://[user:pass@]host:port[,host:port…]/MASTER[?db=N&sentinel_user=U&sentinel_password=P]
//	rediss-sentinel://…                          (Sentinel, TLS to sentinels and servers)
//
// A Redis Cluster needs no form of its own: any node's redis:// or rediss://
// URL will do, ConnectUniversal detects it. Errors are *FieldError on
// "--target" and never contain the password.
func ParseTarget(arg string) (Target, error) {
	name, raw := "", arg
	if i := strings.Index(arg, "="); i >= 0 && i < strings.Index(arg, "://") {
		name, raw = arg[:i], arg[i+1:]
		if name == "" {
			return Target{}, fieldErr("--target", "empty NAME before '=': want [NAME=]URL")
		}
	}
	red := Redact(raw)
	scrub := func(err error) error {
		return fieldErr("--target", "%q: %s", red, scrubSecrets(err.Error(), raw))
	}
	t := Target{Name: name, URL: raw, learnt: &learnt{}}
	switch scheme, _, _ := strings.Cut(raw, "://"); scheme {
	case "redis", "rediss", "unix":
		opts, err := redis.ParseURL(raw)
		if err != nil {
			return Target{}, scrub(err)
		}
		t.opts = opts
		if t.Name == "" {
			t.Name = opts.Addr
		}
	case schemeSentinel, schemeSentinelTLS:
		fo, err := parseSentinelURL(raw)
		if err != nil {
			return Target{}, scrub(err)
		}
		t.failover = fo
		if t.Name == "" {
			t.Name = fo.SentinelAddrs[0] + "/" + fo.MasterName
		}
	default:
		return Target{}, fieldErr("--target", "%q: want [NAME=]URL with URL redis://[user:pass@]host:port[/db], rediss://… (TLS), unix:///path.sock or redis-sentinel://host:port[,host:port…]/MASTER", red)
	}
	return t, nil
}

// Redact returns u with any password replaced by "xxxxx": the userinfo's
// password (between "://" and the last '@' before any '?') and the values
// of the query parameters password and sentinel_password. It works on
// strings that are not valid URLs too; other strings come back unchanged.
func Redact(u string) string {
	scheme, rest, ok := strings.Cut(u, "://")
	if !ok {
		return u
	}
	path, query, hasQuery := strings.Cut(rest, "?")
	if at := strings.LastIndex(path, "@"); at >= 0 {
		if user, _, hasPw := strings.Cut(path[:at], ":"); hasPw {
			path = user + ":xxxxx" + path[at:]
		}
	}
	out := scheme + "://" + path
	if !hasQuery {
		return out
	}
	params := strings.Split(query, "&")
	for i, p := range params {
		k, _, _ := strings.Cut(p, "=")
		if k == "password" || k == "sentinel_password" {
			params[i] = k + "=xxxxx"
		}
	}
	return out + "?" + strings.Join(params, "&")
}

// scrubSecrets returns msg with the URL raw replaced by its redacted form
// and every password in raw (as written and percent-decoded), and every
// extra secret, replaced by "xxxxx".
func scrubSecrets(msg, raw string, extra ...string) string {
	if raw != "" {
		msg = strings.ReplaceAll(msg, raw, Redact(raw))
	}
	for _, s := range append(urlSecrets(raw), extra...) {
		if s != "" {
			msg = strings.ReplaceAll(msg, s, "xxxxx")
		}
	}
	return msg
}

// urlSecrets returns the passwords written in a URL, raw and decoded,
// found the way Redact finds them.
func urlSecrets(u string) []string {
	_, rest, ok := strings.Cut(u, "://")
	if !ok {
		return nil
	}
	path, query, _ := strings.Cut(rest, "?")
	var s []string
	if at := strings.LastIndex(path, "@"); at >= 0 {
		if _, pw, hasPw := strings.Cut(path[:at], ":"); hasPw {
			s = append(s, pw)
		}
	}
	for _, p := range strings.Split(query, "&") {
		if k, v, _ := strings.Cut(p, "="); k == "password" || k == "sentinel_password" {
			s = append(s, v)
		}
	}
	for _, v := range s {
		if d, err := url.PathUnescape(v); err == nil && d != v {
			s = append(s, d)
		}
	}
	return s
}

// Redacted returns the target's URL with the password hidden.
func (t Target) Redacted() string { return Redact(t.URL) }

// Addr returns host:port, the socket path, or for Sentinel the sentinels'
// host:port list joined by ",".
func (t Target) Addr() string {
	switch {
	case t.opts != nil:
		return t.opts.Addr
	case t.failover != nil:
		return strings.Join(t.failover.SentinelAddrs, ",")
	}
	return ""
}

// TLS reports whether the target's URL asks for TLS (rediss://,
// rediss-sentinel://); the --tls-* options apply to such targets only.
func (t Target) TLS() bool {
	switch {
	case t.opts != nil:
		return t.opts.TLSConfig != nil
	case t.failover != nil:
		return t.failover.TLSConfig != nil
	}
	return false
}

// Sentinel reports whether the target is a Sentinel-managed master.
func (t Target) Sentinel() bool { return t.failover != nil }

// NewClient returns a new client of t with o's settings, without checking
// it; ConnectUniversal is the checked way in. Zero fields of o take the
// values the target was connected with. For Sentinel it is a failover
// client that always reads from the master. For a cluster, and for replica
// reads, use NewUniversalClient: NewClient then talks to the seed node (a
// cluster answers with MOVED) or to the master only.
func (t Target) NewClient(o ConnectOptions) *redis.Client {
	_, base := t.learnt.get()
	o = o.over(base)
	if t.failover != nil {
		fo, err := t.failoverOptions(o)
		if err != nil {
			return redis.NewClient(failingOptions(err))
		}
		fo.ReplicaOnly = false
		return redis.NewFailoverClient(fo)
	}
	opts, err := t.clientOptions(o)
	if err != nil {
		return redis.NewClient(failingOptions(err))
	}
	return redis.NewClient(opts)
}

// NewUniversalClient returns a new client of t with o's settings, of the
// kind ConnectUniversal found: a *redis.ClusterClient for a cluster (reading
// from replicas when ReadFrom is "replica"), a Sentinel failover client (a
// failover cluster client reading from replicas when ReadFrom is
// "replica"), else a *redis.Client. Zero fields of o take the values the
// target was connected with. It does not check the connection.
func (t Target) NewUniversalClient(o ConnectOptions) redis.UniversalClient {
	cluster, base := t.learnt.get()
	return t.newUniversal(o.over(base), cluster)
}

// newUniversal builds the client; configuration errors (a TLS file that
// went away) surface as errors of its commands.
func (t Target) newUniversal(o ConnectOptions, cluster bool) redis.UniversalClient {
	if t.failover != nil {
		fo, err := t.failoverOptions(o)
		if err != nil {
			return redis.NewClient(failingOptions(err))
		}
		if fo.ReplicaOnly {
			return redis.NewFailoverClusterClient(fo)
		}
		return redis.NewFailoverClient(fo)
	}
	opts, err := t.clientOptions(o)
	if err != nil {
		return redis.NewClient(failingOptions(err))
	}
	if cluster {
		return redis.NewClusterClient(clusterOptions(opts, o.ReadFrom == ReadFromReplica))
	}
	return redis.NewClient(opts)
}

// clientOptions returns go-redis options for a redis://, rediss:// or
// unix:// target: the URL's, then o's where the URL says nothing.
func (t Target) clientOptions(o ConnectOptions) (*redis.Options, error) {
	if t.opts == nil {
		return nil, errors.New("scenario: Target was not made by ParseTarget")
	}
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
	opts.MaxRetries, opts.DialerRetries = noRetries, 1
	if opts.Username == "" && opts.Password == "" {
		opts.Username, opts.Password = o.User, o.Password
	}
	if opts.Protocol == 0 {
		opts.Protocol = o.Protocol
	}
	if opts.TLSConfig != nil {
		tc, err := o.tlsConfig(opts.TLSConfig)
		if err != nil {
			return nil, err
		}
		opts.TLSConfig = tc
	}
	return &opts, nil
}

// noRetries turns go-redis's own command retries off (its MaxRetries -1),
// and one dial attempt per connection (DialerRetries 1) likewise: a failure
// then surfaces as the operation's error and is counted by kind, instead of
// hiding as latency inside the client. The engine's workers pause after a
// failure (1ms doubling to 100ms) and go on, which is the retry.
const noRetries = -1

// failingOptions makes a client whose every dial fails with err, for a
// configuration that cannot be built; it never dials anything.
func failingOptions(err error) *redis.Options {
	return &redis.Options{
		Addr:            "invalid-target:0",
		DisableIdentity: true,
		MaxRetries:      -1,
		Dialer: func(context.Context, string, string) (net.Conn, error) {
			return nil, err
		},
	}
}

// ConnectUniversal opens a client to t with o's settings and checks it
// within a few seconds: for a redis:// or rediss:// URL it asks the server
// (INFO cluster) whether it is a cluster node and then drives the whole
// cluster with a *redis.ClusterClient, PINGing every master; for Sentinel it
// asks the sentinels for the master. With o.ReadFrom "replica", reads go to
// replicas for a cluster and for Sentinel (a standalone server has none:
// PreflightTarget then warns). It remembers on t (and its copies) what it
// found, for NewUniversalClient and PreflightTarget.
//
// Invalid options are a *FieldError; failing to connect or to authenticate
// returns an error wrapping ErrUnreachable (and the cause) that names the
// address, never the password.
func ConnectUniversal(ctx context.Context, t Target, o ConnectOptions) (redis.UniversalClient, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	if t.opts == nil && t.failover == nil {
		return nil, errors.New("scenario: Target was not made by ParseTarget")
	}
	cluster := false
	if t.opts != nil {
		// Probe on database 0: a cluster node refuses SELECT.
		probe := t
		probeOpts := *t.opts
		probeOpts.DB = 0
		probe.opts = &probeOpts
		c := probe.newUniversal(o, false)
		if err := ping(ctx, c); err != nil {
			_ = c.Close()
			return nil, t.unreachable(t.opts.Addr, err)
		}
		var err error
		cluster, err = isCluster(ctx, c)
		_ = c.Close()
		if err != nil {
			return nil, t.unreachable(t.opts.Addr, err)
		}
		if cluster && t.opts.Network == "unix" {
			return nil, fieldErr("--target", "%q is a cluster node: connect to a cluster with redis:// or rediss:// (its nodes announce TCP addresses), not a unix socket", t.Redacted())
		}
		if cluster && t.opts.DB != 0 {
			return nil, fieldErr("--target", "%q is a cluster node: a cluster has only database 0, drop /%d", t.Redacted(), t.opts.DB)
		}
	}
	c := t.newUniversal(o, cluster)
	if err := checkClient(ctx, c); err != nil {
		_ = c.Close()
		return nil, t.unreachable(t.Addr(), err)
	}
	t.learnt.set(cluster, o)
	return c, nil
}

// Connect is ConnectUniversal for callers that need a *redis.Client: a
// standalone server, a unix socket, or Sentinel reading from the master. A
// cluster or replica reads need ConnectUniversal; Connect then returns an
// error saying so.
//
// Deprecated: use ConnectUniversal; Connect stays while callers move to
// redis.UniversalClient.
func Connect(ctx context.Context, t Target, o ConnectOptions) (*redis.Client, error) {
	u, err := ConnectUniversal(ctx, t, o)
	if err != nil {
		return nil, err
	}
	c, ok := u.(*redis.Client)
	if !ok {
		_ = u.Close()
		return nil, fmt.Errorf("scenario: target %s is a cluster or reads from replicas: it needs ConnectUniversal and a redis.UniversalClient", t.Name)
	}
	return c, nil
}

// ping PINGs c within its dial timeout and a little more.
func ping(ctx context.Context, c redis.UniversalClient) error {
	pctx, cancel := context.WithTimeout(ctx, dialTimeoutOf(c)+2*time.Second)
	defer cancel()
	return c.Ping(pctx).Err()
}

// checkClient PINGs c, and every master of a cluster client (so a node
// whose announced address cannot be reached fails now, not mid-run).
func checkClient(ctx context.Context, c redis.UniversalClient) error {
	if err := ping(ctx, c); err != nil {
		return err
	}
	cc, ok := c.(*redis.ClusterClient)
	if !ok {
		return nil
	}
	pctx, cancel := context.WithTimeout(ctx, dialTimeoutOf(c)+2*time.Second)
	defer cancel()
	return cc.ForEachMaster(pctx, func(ctx context.Context, m *redis.Client) error {
		if err := m.Ping(ctx).Err(); err != nil {
			return fmt.Errorf("master %s: %w", m.Options().Addr, err)
		}
		return nil
	})
}

func dialTimeoutOf(c redis.UniversalClient) time.Duration {
	switch c := c.(type) {
	case *redis.Client:
		return c.Options().DialTimeout
	case *redis.ClusterClient:
		return c.Options().DialTimeout
	}
	return 3 * time.Second
}

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
		msg:   fmt.Sprintf("scenario: target %s (%s): %s: %v", t.Name, addr, msg, ErrUnreachable),
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

// password returns the URL's password (of the servers, not of the
// sentinels) and whether there is one.
func (t Target) password() (string, bool) {
	switch {
	case t.opts != nil:
		return t.opts.Password, t.opts.Password != ""
	case t.failover != nil:
		return t.failover.Password, t.failover.Password != ""
	}
	return "", false
}

// passwords returns the passwords the target's URL holds, to hide them.
func (t Target) passwords() []string {
	var pw []string
	if t.opts != nil && t.opts.Password != "" {
		pw = append(pw, t.opts.Password)
	}
	if t.failover != nil {
		for _, p := range []string{t.failover.Password, t.failover.SentinelPassword} {
			if p != "" {
				pw = append(pw, p)
			}
		}
	}
	return pw
}

// ConnectOptions tunes the client of one target; zero means default. It
// is never written to a report (it may hold a password).
type ConnectOptions struct {
	// PoolSize is the number of connections (per node for a cluster);
	// default 10 per CPU (go-redis's).
	PoolSize int
	// DialTimeout bounds each connection attempt; default 3s.
	DialTimeout time.Duration
	// IOTimeout bounds each read and write; default 3s.
	IOTimeout time.Duration
	// User is the ACL user (--user) for targets whose URL names no
	// credentials; default "" (the default user).
	User string
	// Password (--password-file, $REDIS_PASSWORD) for targets whose URL
	// names no credentials; default none. Never printed.
	Password string
	// Protocol is the RESP version, 2 or 3 (--resp); default 0 = go-redis's
	// default (RESP3, falling back to RESP2 on servers without HELLO). A
	// ?protocol= in the URL wins.
	Protocol int
	// ReadFrom is where reads go (--read-from): "master" (default) or
	// "replica" (a cluster's or Sentinel's replicas; a shard without one
	// reads from its master).
	ReadFrom string
	// TLSCAFile is a PEM file of CA certificates to trust (--tls-ca);
	// default the system's roots.
	TLSCAFile string
	// TLSCertFile and TLSKeyFile are the client's certificate and key, PEM,
	// for mutual TLS (--tls-cert, --tls-key); both or neither. Default none.
	TLSCertFile, TLSKeyFile string
	// TLSServerName is the name to verify the server's certificate against
	// (--tls-server-name); default the URL's host.
	TLSServerName string
	// TLSInsecure turns certificate verification off (--tls-insecure);
	// default false. Anyone on the path can then read and change traffic.
	TLSInsecure bool
}

// over returns o with its zero fields taken from base.
func (o ConnectOptions) over(base ConnectOptions) ConnectOptions {
	if o.PoolSize == 0 {
		o.PoolSize = base.PoolSize
	}
	if o.DialTimeout == 0 {
		o.DialTimeout = base.DialTimeout
	}
	if o.IOTimeout == 0 {
		o.IOTimeout = base.IOTimeout
	}
	if o.User == "" && o.Password == "" {
		o.User, o.Password = base.User, base.Password
	}
	if o.Protocol == 0 {
		o.Protocol = base.Protocol
	}
	if o.ReadFrom == "" {
		o.ReadFrom = base.ReadFrom
	}
	if o.TLSCAFile == "" {
		o.TLSCAFile = base.TLSCAFile
	}
	if o.TLSCertFile == "" && o.TLSKeyFile == "" {
		o.TLSCertFile, o.TLSKeyFile = base.TLSCertFile, base.TLSKeyFile
	}
	if o.TLSServerName == "" {
		o.TLSServerName = base.TLSServerName
	}
	o.TLSInsecure = o.TLSInsecure || base.TLSInsecure
	return o
}

// Validate checks o before any connection: Protocol, ReadFrom, and that the
// TLS files can be read and parsed. Errors are *FieldError naming the flag
// (--resp, --read-from, --tls-ca, --tls-cert, --tls-key), joined.
func (o ConnectOptions) Validate() error {
	var errs []error
	if o.Protocol != 0 && o.Protocol != 2 && o.Protocol != 3 {
		errs = append(errs, fieldErr("--resp", "%d: want 2 or 3 (RESP2 or RESP3)", o.Protocol))
	}
	switch o.ReadFrom {
	case "", ReadFromMaster, ReadFromReplica:
	default:
		errs = append(errs, fieldErr("--read-from", "%q: want master or replica", o.ReadFrom))
	}
	errs = append(errs, o.validateTLS()...)
	return errors.Join(errs...)
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
