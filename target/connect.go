package target

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/redis/go-redis/v9"
)

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
		return nil, errors.New("target: Target was not made by ParseTarget")
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
	if opts.ClientName == "" {
		opts.ClientName = o.ClientName
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
// Preflight then warns). It remembers on t (and its copies) what it
// found, for NewUniversalClient and Preflight.
//
// Invalid options are a *FieldError; failing to connect or to authenticate
// returns an error wrapping ErrUnreachable (and the cause) that names the
// address, never the password.
func ConnectUniversal(ctx context.Context, t Target, o ConnectOptions) (redis.UniversalClient, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	if t.opts == nil && t.failover == nil {
		return nil, errors.New("target: Target was not made by ParseTarget")
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
			return nil, t.unreachable(t.opts.Addr, o, err)
		}
		var err error
		cluster, err = isCluster(ctx, c)
		_ = c.Close()
		if err != nil {
			return nil, t.unreachable(t.opts.Addr, o, err)
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
		return nil, t.unreachable(t.Addr(), o, err)
	}
	t.learnt.set(cluster, o)
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

// QuietClientLogs silences go-redis's own logging (it prints pool dial
// failures to stderr, over the progress line): every failure reaches the
// console and the report as a counted error or a returned error instead.
func QuietClientLogs() { redis.SetLogger(discardLogger{}) }

type discardLogger struct{}

func (discardLogger) Printf(context.Context, string, ...interface{}) {}
