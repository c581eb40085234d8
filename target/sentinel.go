package target

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// URL schemes of a Sentinel-managed master.
const (
	schemeSentinel    = "redis-sentinel"
	schemeSentinelTLS = "rediss-sentinel"
	// defaultSentinelPort is used for a sentinel named without a port.
	defaultSentinelPort = "26379"
)

// parseSentinelURL parses
//
//	redis-sentinel://[user:pass@]host:port[,host:port…]/MASTER[?db=N&sentinel_user=U&sentinel_password=P]
//
// (rediss-sentinel:// for TLS). user:pass are the credentials of the master
// and replicas; sentinel_user and sentinel_password those of the sentinels.
// IPv6 hosts go in brackets; a host without a port gets 26379.
func parseSentinelURL(raw string) (*redis.FailoverOptions, error) {
	scheme, rest, _ := strings.Cut(raw, "://")
	rest, query, _ := strings.Cut(rest, "?")
	authority, path, _ := strings.Cut(rest, "/")
	fo := &redis.FailoverOptions{}
	if at := strings.LastIndex(authority, "@"); at >= 0 {
		user, pw, _ := strings.Cut(authority[:at], ":")
		var err error
		if fo.Username, err = url.PathUnescape(user); err != nil {
			return nil, errors.New("invalid percent escape in the user name")
		}
		if fo.Password, err = url.PathUnescape(pw); err != nil {
			return nil, errors.New("invalid percent escape in the password")
		}
		authority = authority[at+1:]
	}
	for _, h := range strings.Split(authority, ",") {
		addr, err := sentinelAddr(h)
		if err != nil {
			return nil, err
		}
		fo.SentinelAddrs = append(fo.SentinelAddrs, addr)
	}
	master, err := url.PathUnescape(strings.TrimSuffix(path, "/"))
	if err != nil || master == "" || strings.Contains(master, "/") {
		return nil, errors.New("want the master name as the path: redis-sentinel://host:26379[,host:26379…]/MASTERNAME")
	}
	fo.MasterName = master
	q, err := url.ParseQuery(query)
	if err != nil {
		return nil, errors.New("invalid query string")
	}
	for k, v := range q {
		val := v[len(v)-1]
		switch k {
		case "db":
			if fo.DB, err = strconv.Atoi(val); err != nil || fo.DB < 0 {
				return nil, fmt.Errorf("invalid database number %q", val)
			}
		case "sentinel_user":
			fo.SentinelUsername = val
		case "sentinel_password":
			fo.SentinelPassword = val
		default:
			return nil, fmt.Errorf("unknown option %q: want db, sentinel_user or sentinel_password", k)
		}
	}
	if scheme == schemeSentinelTLS {
		host, _, _ := net.SplitHostPort(fo.SentinelAddrs[0])
		fo.TLSConfig = &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	}
	return fo, nil
}

// sentinelAddr checks one host[:port] of the sentinel list.
func sentinelAddr(h string) (string, error) {
	if h == "" {
		return "", errors.New("empty sentinel address: want host:port[,host:port…]")
	}
	host, port, err := net.SplitHostPort(h)
	if err != nil {
		// No port: the default one.
		host, port = strings.Trim(h, "[]"), defaultSentinelPort
		if strings.ContainsAny(host, "[]") {
			return "", fmt.Errorf("invalid sentinel address %q", h)
		}
	}
	if n, err := strconv.Atoi(port); err != nil || n <= 0 || n > 65535 || host == "" {
		return "", fmt.Errorf("invalid sentinel address %q: want host:port", h)
	}
	return net.JoinHostPort(host, port), nil
}

// failoverOptions returns go-redis failover options for a Sentinel target:
// the URL's, then o's where the URL says nothing. ReplicaOnly is set for
// replica reads.
func (t Target) failoverOptions(o ConnectOptions) (*redis.FailoverOptions, error) {
	fo := *t.failover
	fo.SentinelAddrs = append([]string(nil), t.failover.SentinelAddrs...)
	fo.DialTimeout = orDefault(o.DialTimeout, 3*time.Second)
	fo.ReadTimeout = orDefault(o.IOTimeout, 3*time.Second)
	fo.WriteTimeout = fo.ReadTimeout
	if o.PoolSize > 0 {
		fo.PoolSize = o.PoolSize
	}
	fo.DisableIdentity = true
	fo.MaxRetries, fo.DialerRetries = noRetries, 1
	if fo.Username == "" && fo.Password == "" {
		fo.Username, fo.Password = o.User, o.Password
	}
	fo.Protocol = o.Protocol
	fo.ClientName = o.ClientName
	fo.ReplicaOnly = o.ReadFrom == ReadFromReplica
	if fo.TLSConfig != nil {
		tc, err := o.tlsConfig(fo.TLSConfig)
		if err != nil {
			return nil, err
		}
		fo.TLSConfig = tc
	}
	return &fo, nil
}

// sentinelNodes asks the sentinels for the master's address and its
// healthy replicas' ("host:port", master first).
func (t Target) sentinelNodes(ctx context.Context, o ConnectOptions) (master string, replicas []string, err error) {
	fo, err := t.failoverOptions(o)
	if err != nil {
		return "", nil, err
	}
	var errs []error
	for _, addr := range fo.SentinelAddrs {
		sc := redis.NewSentinelClient(sentinelOptions(fo, addr))
		master, replicas, err = askSentinel(ctx, sc, fo.MasterName)
		_ = sc.Close()
		if err == nil {
			return master, replicas, nil
		}
		errs = append(errs, fmt.Errorf("sentinel %s: %w", addr, err))
	}
	return "", nil, fmt.Errorf("target: ask the sentinels: %w", errors.Join(errs...))
}

// askSentinel asks one sentinel for the master and the replicas that are
// up and linked to it (those go-redis would read from).
func askSentinel(ctx context.Context, sc *redis.SentinelClient, name string) (string, []string, error) {
	m, err := sc.GetMasterAddrByName(ctx, name).Result()
	if err != nil {
		return "", nil, err
	}
	if len(m) != 2 {
		return "", nil, fmt.Errorf("unexpected master address %q", m)
	}
	reps, err := sc.Replicas(ctx, name).Result()
	if err != nil {
		return "", nil, err
	}
	var out []string
	for _, r := range reps {
		flags := r["flags"]
		if strings.Contains(flags, "s_down") || strings.Contains(flags, "o_down") || strings.Contains(flags, "disconnected") {
			continue
		}
		out = append(out, net.JoinHostPort(r["ip"], r["port"]))
	}
	return net.JoinHostPort(m[0], m[1]), out, nil
}
