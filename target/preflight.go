package target

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// inspect asks the server behind c: version and mode (INFO server),
// memory limit and eviction policy, persistence (CONFIG GET), PING round
// trip and the RESP version of the connection (CLIENT INFO). For a cluster
// client it asks every master, reports the first (by address), lists the
// masters in Nodes and warns where they differ. Commands a server refuses
// (managed services often forbid CONFIG) leave their fields unknown; only a
// failing PING is an error. Preflight adds what only the target knows.
func inspect(ctx context.Context, c redis.Cmdable) (Server, error) {
	s := Server{MaxMemory: -1}
	rtts := make([]time.Duration, 0, 5)
	for i := 0; i < 5; i++ {
		t0 := time.Now()
		if err := c.Ping(ctx).Err(); err != nil {
			return s, fmt.Errorf("target: preflight PING: %w", err)
		}
		rtts = append(rtts, time.Since(t0))
	}
	sort.Slice(rtts, func(i, j int) bool { return rtts[i] < rtts[j] })
	s.PingRTTMs = ms(rtts[len(rtts)/2])

	var nodes []nodeFacts
	err := eachMaster(ctx, c, func(ctx context.Context, addr string, m redis.Cmdable) error {
		nodes = append(nodes, gatherFacts(ctx, m, addr))
		return nil
	})
	if err != nil {
		return s, fmt.Errorf("target: preflight: %w", err)
	}
	if len(nodes) == 0 {
		return s, fmt.Errorf("target: preflight: the cluster has no master")
	}
	n := nodes[0]
	s.Product, s.Version, s.CompatVersion, s.Mode = n.product, n.version, n.compat, n.mode
	if s.CompatVersion == s.Version {
		s.CompatVersion = ""
	}
	if s.Mode == "" {
		// INFO refused or silent: the client's kind says; Preflight
		// corrects it for Sentinel.
		s.Mode = ModeStandalone
		if _, ok := c.(*redis.ClusterClient); ok {
			s.Mode = ModeCluster
		}
	}
	s.MaxMemory, s.MaxMemoryPolicy = n.maxMemory, n.policy
	s.Save, s.AppendFsync, s.Persistence = n.save, n.appendFsync, n.persistence
	if _, ok := c.(*redis.ClusterClient); ok && s.Mode == ModeCluster {
		for _, n := range nodes {
			s.Nodes = append(s.Nodes, n.addr)
		}
	}
	if ci, err := c.ClientInfo(ctx).Result(); err == nil && ci != nil {
		s.Protocol = ci.Resp
	}
	s.Warnings = append(identityWarnings(n), preflightWarnings(s)...)
	s.Warnings = append(s.Warnings, clusterDifferences(nodes)...)
	return s, nil
}

// Preflight inspects the deployment behind t's client c (as ConnectUniversal
// returned it), and adds what only the target knows: mode "sentinel" with the
// master and its replicas in Nodes, where reads go (ReadFrom), the RESP
// version asked for when the server does not say, and warnings about TLS
// without certificate checks and replica reads without replicas.
func Preflight(ctx context.Context, t Target, c redis.Cmdable) (Server, error) {
	s, err := inspect(ctx, c)
	if err != nil {
		return s, err
	}
	_, o := t.learnt.get()
	if s.Protocol == 0 {
		s.Protocol = o.Protocol
	}
	s.ReadFrom = ReadFromMaster
	replicas := 0
	switch {
	case t.failover != nil:
		s.Mode = ModeSentinel
		master, reps, err := t.sentinelNodes(ctx, o)
		if err != nil {
			s.Warnings = append(s.Warnings, err.Error())
		} else {
			s.Nodes = append([]string{master}, reps...)
			replicas = len(reps)
		}
	case s.Mode == ModeCluster:
		if replicas, err = replicaCount(ctx, c); err != nil {
			s.Warnings = append(s.Warnings, fmt.Sprintf("cluster replicas unknown: %v", err))
		}
	}
	if o.ReadFrom == ReadFromReplica {
		switch {
		case t.failover == nil && s.Mode != ModeCluster:
			s.Warnings = append(s.Warnings, "--read-from replica: a standalone server has no replicas to read from (use a cluster or a redis-sentinel:// URL); reads go to the server")
		case replicas == 0:
			s.Warnings = append(s.Warnings, "--read-from replica: the deployment has no healthy replica; reads go to the master")
		default:
			s.ReadFrom = ReadFromReplica
		}
	}
	if t.insecureTLS(o) {
		s.Warnings = append(s.Warnings, "TLS certificate verification is off (--tls-insecure): anyone on the path can read and change the traffic")
	}
	return s, nil
}

// nodeFacts is what one server said about itself.
type nodeFacts struct {
	addr string // "" for a single server
	// product, version, compat and mode as identify returns them;
	// infoErr is INFO server's error, nil when it answered.
	product, version, compat, mode string
	infoErr                        error
	maxMemory                      int64 // -1 when CONFIG GET is refused
	policy                         string
	save                           string
	appendFsync                    string
	persistence                    string
}

// gatherFacts asks one server INFO server (and INFO clients, when only
// that tells Redis from KeyDB) and CONFIG GET.
func gatherFacts(ctx context.Context, c redis.Cmdable, addr string) nodeFacts {
	n := nodeFacts{addr: addr, maxMemory: -1, product: ProductUnknown}
	if info, err := c.Info(ctx, "server").Result(); err == nil {
		server := parseInfo(info)
		var clients map[string]string
		if id := identify(server, nil); id.product == ProductRedis {
			if info, err := c.Info(ctx, "clients").Result(); err == nil {
				clients = parseInfo(info)
			}
		}
		id := identify(server, clients)
		n.product, n.version, n.compat, n.mode = id.product, id.version, id.compat, id.mode
	} else {
		n.infoErr = err
	}
	cfg := map[string]string{}
	for _, key := range []string{"maxmemory", "maxmemory-policy", "save", "appendonly", "appendfsync"} {
		if m, err := c.ConfigGet(ctx, key).Result(); err == nil {
			for k, v := range m {
				cfg[k] = v
			}
		}
	}
	if v, ok := cfg["maxmemory"]; ok {
		if x, err := strconv.ParseInt(v, 10, 64); err == nil {
			n.maxMemory = x
		}
	}
	n.policy = cfg["maxmemory-policy"]
	n.save, n.appendFsync = cfg["save"], cfg["appendfsync"]
	if _, ok := cfg["appendonly"]; ok {
		n.persistence = persistence(strings.TrimSpace(n.save) != "", cfg["appendonly"] == "yes")
	}
	return n
}

func persistence(rdb, aof bool) string {
	switch {
	case rdb && aof:
		return "rdb+aof"
	case rdb:
		return "rdb"
	case aof:
		return "aof"
	}
	return "off"
}

// identityWarnings says why a server's product is unknown: INFO server
// refused (as managed services may) or naming no product known here.
func identityWarnings(n nodeFacts) []string {
	switch {
	case n.infoErr != nil:
		return []string{fmt.Sprintf("INFO server refused (%v): product and version unknown", n.infoErr)}
	case n.product == ProductUnknown:
		return []string{"INFO server names no known product (no redis_version, valkey_version or dragonfly_version): product and version unknown"}
	}
	return nil
}

func preflightWarnings(s Server) []string {
	var w []string
	switch {
	case s.MaxMemory > 0 && s.MaxMemoryPolicy == "noeviction":
		w = append(w, fmt.Sprintf("maxmemory is %d bytes with maxmemory-policy noeviction: writes (cache fills) fail with OOM once memory is full", s.MaxMemory))
	case s.MaxMemory > 0 && strings.HasPrefix(s.MaxMemoryPolicy, "allkeys-"):
		w = append(w, fmt.Sprintf("maxmemory is %d bytes with maxmemory-policy %s: cache keys can be evicted mid-run, lowering the hit ratio", s.MaxMemory, s.MaxMemoryPolicy))
	case s.MaxMemory > 0 && strings.HasPrefix(s.MaxMemoryPolicy, "volatile-"):
		w = append(w, fmt.Sprintf("maxmemory is %d bytes with maxmemory-policy %s: cache keys carry TTLs and can be evicted mid-run, lowering the hit ratio", s.MaxMemory, s.MaxMemoryPolicy))
	}
	if s.AppendFsync == "always" && strings.Contains(s.Persistence, "aof") {
		w = append(w, "appendonly with appendfsync always: every cache write waits for an fsync")
	}
	if s.MaxMemory < 0 {
		w = append(w, "CONFIG GET refused: memory limit, eviction policy and persistence are unknown")
	}
	return w
}

// parseInfo turns INFO output into key/value pairs.
func parseInfo(info string) map[string]string {
	kv := map[string]string{}
	for _, line := range strings.Split(info, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		if k, v, ok := strings.Cut(line, ":"); ok {
			kv[k] = v
		}
	}
	return kv
}

func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }
