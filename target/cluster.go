package target

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/redis/go-redis/v9"
)

// isCluster reports whether the server behind c is a cluster node (INFO
// cluster says cluster_enabled:1). A server that refuses INFO cluster (an
// emulator) is not a cluster; a failure to talk to it is an error.
func isCluster(ctx context.Context, c redis.UniversalClient) (bool, error) {
	info, err := c.Info(ctx, "cluster").Result()
	if err != nil {
		var re redis.Error
		if errors.As(err, &re) {
			return false, nil
		}
		return false, err
	}
	return parseInfo(info)["cluster_enabled"] == "1", nil
}

// clusterOptions turns a node's options into cluster options with that node
// as the seed: credentials, TLS, protocol, timeouts and pool size (per
// node) carry over; replica reads route read-only commands to replicas.
func clusterOptions(o *redis.Options, replicaReads bool) *redis.ClusterOptions {
	return &redis.ClusterOptions{
		Addrs:           []string{o.Addr},
		Dialer:          o.Dialer,
		Protocol:        o.Protocol,
		ClientName:      o.ClientName,
		Username:        o.Username,
		Password:        o.Password,
		DialTimeout:     o.DialTimeout,
		ReadTimeout:     o.ReadTimeout,
		WriteTimeout:    o.WriteTimeout,
		PoolSize:        o.PoolSize,
		TLSConfig:       o.TLSConfig,
		DisableIdentity: true,
		MaxRetries:      noRetries,
		DialerRetries:   1,
		ReadOnly:        replicaReads,
	}
}

// eachMaster runs fn on every master of a cluster client (sequentially, in
// address order, so results are deterministic) and on c itself otherwise.
// addr is "" for a plain client.
func eachMaster(ctx context.Context, c redis.Cmdable, fn func(ctx context.Context, addr string, m redis.Cmdable) error) error {
	cc, ok := c.(*redis.ClusterClient)
	if !ok {
		return fn(ctx, "", c)
	}
	var mu sync.Mutex
	masters := map[string]*redis.Client{}
	if err := cc.ForEachMaster(ctx, func(_ context.Context, m *redis.Client) error {
		mu.Lock()
		masters[m.Options().Addr] = m
		mu.Unlock()
		return nil
	}); err != nil {
		return fmt.Errorf("target: list the cluster's masters: %w", err)
	}
	addrs := make([]string, 0, len(masters))
	for a := range masters {
		addrs = append(addrs, a)
	}
	sort.Strings(addrs)
	for _, a := range addrs {
		if err := fn(ctx, a, masters[a]); err != nil {
			return err
		}
	}
	return nil
}

// replicaCount returns how many replicas a cluster client knows, 0 for
// other clients.
func replicaCount(ctx context.Context, c redis.Cmdable) (int, error) {
	cc, ok := c.(*redis.ClusterClient)
	if !ok {
		return 0, nil
	}
	var mu sync.Mutex
	n := 0
	err := cc.ForEachSlave(ctx, func(context.Context, *redis.Client) error {
		mu.Lock()
		n++
		mu.Unlock()
		return nil
	})
	return n, err
}

// MasterReads returns a client that reads key from its master: c itself,
// except for a cluster client that reads from replicas, where it is the
// key's master node. The verification uses it: it checks the pattern, not
// replication lag (the workloads' stale-read metrics show that).
func MasterReads(ctx context.Context, c redis.Cmdable, key string) redis.Cmdable {
	cc, ok := c.(*redis.ClusterClient)
	if !ok || !cc.Options().ReadOnly {
		return c
	}
	m, err := cc.MasterForKey(ctx, key)
	if err != nil {
		return c
	}
	return m
}

// clusterDifferences warns when the masters disagree on what the preflight
// reports (the first master's values are the ones reported).
func clusterDifferences(nodes []nodeFacts) []string {
	if len(nodes) < 2 {
		return nil
	}
	var w []string
	for _, f := range []struct {
		name string
		get  func(nodeFacts) string
	}{
		{"product", func(n nodeFacts) string { return n.product }},
		{"version", func(n nodeFacts) string { return n.version }},
		{"maxmemory", func(n nodeFacts) string { return fmt.Sprint(n.maxMemory) }},
		{"maxmemory-policy", func(n nodeFacts) string { return n.policy }},
		{"persistence", func(n nodeFacts) string { return n.persistence }},
	} {
		first, differ := f.get(nodes[0]), false
		parts := make([]string, len(nodes))
		for i, n := range nodes {
			v := f.get(n)
			differ = differ || v != first
			parts[i] = n.addr + " " + orQuestion(v)
		}
		if differ {
			w = append(w, fmt.Sprintf("cluster masters differ in %s (%s); the report shows the first", f.name, strings.Join(parts, ", ")))
		}
	}
	return w
}

func orQuestion(s string) string {
	if s == "" {
		return "?"
	}
	return s
}
