package target

import (
	"net"
	"strconv"
	"strings"
	"sync"

	"github.com/redis/go-redis/v9"
)

// Modes of a deployment, the values of Server.Mode that connecting
// decides (the preflight reads "standalone" or "cluster" from the server).
const (
	ModeStandalone = "standalone"
	ModeCluster    = "cluster"
	ModeSentinel   = "sentinel"
)

// Where reads go, the values of ConnectOptions.ReadFrom and
// Server.ReadFrom.
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
// or, as redis-cli and memtier_benchmark users type it, a bare host:port
// (or :port, on 127.0.0.1), which is redis://host:port.
// A Redis Cluster needs no form of its own: any node's redis:// or rediss://
// URL will do, ConnectUniversal detects it. Errors are *FieldError on
// "--target" and never contain the password.
func ParseTarget(arg string) (Target, error) {
	name, raw := "", arg
	if i := strings.Index(arg, "="); i >= 0 && (i < strings.Index(arg, "://") || !strings.Contains(arg, "://")) {
		name, raw = arg[:i], arg[i+1:]
		if name == "" {
			return Target{}, fieldErr("--target", "empty NAME before '=': want [NAME=]URL")
		}
	}
	if !strings.Contains(raw, "://") {
		if u, ok := bareAddr(raw); ok {
			raw = u
		}
	}
	red := Redact(raw)
	if i := strings.LastIndex(raw, "@"); i >= 0 && !strings.Contains(raw, "://") {
		red = "xxxxx" + raw[i:] // credentials without a scheme: hide them all
	}
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
		return Target{}, fieldErr("--target", "%q: want [NAME=]URL with URL host:port, redis://[user:pass@]host:port[/db], rediss://… (TLS), unix:///path.sock or redis-sentinel://host:port[,host:port…]/MASTER", red)
	}
	return t, nil
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

// bareAddr turns host:port, [v6]:port or :port (127.0.0.1) into a
// redis:// URL; ok is false for anything else.
func bareAddr(s string) (string, bool) {
	host, port, err := net.SplitHostPort(s)
	if err != nil || strings.ContainsAny(host, "@/?") {
		return "", false
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return "", false
	}
	if host == "" {
		host = "127.0.0.1"
	}
	return "redis://" + net.JoinHostPort(host, port), true
}
