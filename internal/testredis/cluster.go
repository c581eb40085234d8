package testredis

import (
	"context"
	"fmt"
	"os/exec"
	"sort"
	"strings"
	"testing"
	"time"
)

// Cluster is a Redis Cluster on loopback, started by StartCluster.
type Cluster struct {
	// Masters and Replicas are the nodes' host:port, each sorted.
	Masters, Replicas []string
}

// URL returns redis:// and the first master's address: a target URL.
func (c *Cluster) URL() string { return "redis://" + c.Masters[0] }

// StartCluster starts masters×(1+replicas) private redis-servers in
// cluster mode, joins them with `redis-cli --cluster create` (each master
// with replicas replicas), waits until every node reports cluster_state:ok
// and every replica is in sync and listed in every node's CLUSTER SLOTS
// (replicas ping every second, so that takes seconds, not ten), and stops them in t.Cleanup. Each node's
// bus port is chosen with --cluster-port, so client ports need not stay
// below 55536. It skips the test, or fails it under CI=true, when
// redis-server or redis-cli is missing, and then returns nil.
func StartCluster(t testing.TB, masters, replicas int) *Cluster {
	t.Helper()
	return StartClusterTimeout(t, masters, replicas, 5*time.Second)
}

// StartClusterTimeout is StartCluster with cluster-node-timeout
// nodeTimeout: how long a master may be unreachable before its replica
// takes over.
func StartClusterTimeout(t testing.TB, masters, replicas int, nodeTimeout time.Duration) *Cluster {
	t.Helper()
	cli, err := exec.LookPath("redis-cli")
	if err != nil {
		missing(t, "redis-cli", err)
		return nil
	}
	n := masters * (1 + replicas)
	addrs := make([]string, 0, n)
	for range n {
		s, _ := startWithPorts(t, 1, func(p []string) []string {
			return []string{"--cluster-enabled", "yes", "--cluster-port", p[0], "--cluster-node-timeout", fmt.Sprint(nodeTimeout.Milliseconds()), "--repl-diskless-sync-delay", "0", "--repl-ping-replica-period", "1"}
		})
		if s == nil {
			return nil
		}
		addrs = append(addrs, s.Addr)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	args := append([]string{"--cluster", "create"}, addrs...)
	args = append(args, "--cluster-replicas", fmt.Sprint(replicas), "--cluster-yes")
	if out, err := exec.CommandContext(ctx, cli, args...).CombinedOutput(); err != nil {
		t.Fatalf("testredis: redis-cli --cluster create: %v\n%s", err, out)
		return nil
	}
	c := &Cluster{}
	ok := waitFor(t, "a cluster with every node in state ok", 30*time.Second, func() error {
		return c.ready(addrs, masters, replicas)
	})
	if !ok {
		return nil
	}
	return c
}

// ready checks every node: cluster_state ok and all nodes known; it fills
// in the roles from the first node's CLUSTER NODES, and checks replicas
// are in sync with their masters.
func (c *Cluster) ready(addrs []string, masters, replicas int) error {
	for _, a := range addrs {
		info, err := DoString(a, "", "CLUSTER", "INFO")
		if err != nil {
			return err
		}
		if InfoField(info, "cluster_state") != "ok" || InfoField(info, "cluster_known_nodes") != fmt.Sprint(len(addrs)) {
			return fmt.Errorf("%s: cluster_state %s, %s nodes known", a, InfoField(info, "cluster_state"), InfoField(info, "cluster_known_nodes"))
		}
	}
	nodes, err := DoString(addrs[0], "", "CLUSTER", "NODES")
	if err != nil {
		return err
	}
	c.Masters, c.Replicas = nil, nil
	for line := range strings.Lines(nodes) {
		f := strings.Fields(line)
		if len(f) < 3 {
			continue
		}
		addr, _, _ := strings.Cut(f[1], "@")
		switch {
		case strings.Contains(f[2], "master"):
			c.Masters = append(c.Masters, addr)
		case strings.Contains(f[2], "slave"):
			c.Replicas = append(c.Replicas, addr)
		}
	}
	if len(c.Masters) != masters || len(c.Replicas) != masters*replicas {
		return fmt.Errorf("%d masters and %d replicas known, want %d and %d", len(c.Masters), len(c.Replicas), masters, masters*replicas)
	}
	sort.Strings(c.Masters)
	sort.Strings(c.Replicas)
	for _, r := range c.Replicas {
		info, err := DoString(r, "", "INFO", "replication")
		if err != nil {
			return err
		}
		if InfoField(info, "master_link_status") != "up" {
			return fmt.Errorf("replica %s: master_link_status %s", r, InfoField(info, "master_link_status"))
		}
	}
	// Every node must see the replicas in its slot map (clients ask any
	// node for it).
	for _, a := range addrs {
		slots, err := Do(a, "", "CLUSTER", "SLOTS")
		if err != nil {
			return err
		}
		ranges, _ := slots.([]any)
		seen := 0
		for _, r := range ranges {
			if rr, ok := r.([]any); ok && len(rr) > 2 {
				seen += len(rr) - 3
			}
		}
		if len(ranges) < masters || seen < masters*replicas {
			return fmt.Errorf("%s: CLUSTER SLOTS shows %d ranges and %d replicas", a, len(ranges), seen)
		}
	}
	return nil
}

// DBSizes returns each master's DBSIZE, in Masters' order.
func (c *Cluster) DBSizes(t testing.TB) []int64 {
	t.Helper()
	out := make([]int64, len(c.Masters))
	for i, m := range c.Masters {
		v, err := Do(m, "", "DBSIZE")
		if err != nil {
			t.Fatalf("testredis: DBSIZE on %s: %v", m, err)
		}
		out[i], _ = v.(int64)
	}
	return out
}
