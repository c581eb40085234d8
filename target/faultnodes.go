package target

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// faultNode is one data node a fault acts on: its address and the options
// of a client of its own.
type faultNode struct {
	addr string
	opts redis.Options
}

// client returns a new client of the node whose replies may take up to
// wait longer than the target's I/O timeout.
func (n faultNode) client(wait time.Duration) *redis.Client {
	o := n.opts
	o.PoolSize = 1
	o.ReadTimeout += wait
	o.ClientName = "" // not one of the run's connections: kill-clients spares it
	o.MaxRetries = noRetries
	o.DisableIdentity = true
	return redis.NewClient(&o)
}

// faultNodes returns t's data nodes as they are now, masters and replicas
// each in address order: the sentinels' master and replicas, a cluster's
// nodes (c's view), or the standalone server.
func (t Target) faultNodes(ctx context.Context, c redis.UniversalClient) (masters, replicas []faultNode, err error) {
	_, base := t.learnt.get()
	switch cc := c.(type) {
	case *redis.ClusterClient:
		var mu sync.Mutex
		collect := func(dst *[]faultNode) func(context.Context, *redis.Client) error {
			return func(_ context.Context, n *redis.Client) error {
				mu.Lock()
				defer mu.Unlock()
				*dst = append(*dst, faultNode{addr: n.Options().Addr, opts: *n.Options()})
				return nil
			}
		}
		if err := cc.ForEachMaster(ctx, collect(&masters)); err != nil {
			return nil, nil, fmt.Errorf("target: list the cluster's masters: %w", err)
		}
		if err := cc.ForEachSlave(ctx, collect(&replicas)); err != nil {
			return nil, nil, fmt.Errorf("target: list the cluster's replicas: %w", err)
		}
	default:
		if t.failover != nil {
			m, reps, err := t.sentinelNodes(ctx, base)
			if err != nil {
				return nil, nil, err
			}
			fo, err := t.failoverOptions(base)
			if err != nil {
				return nil, nil, err
			}
			node := func(addr string) faultNode {
				return faultNode{addr: addr, opts: redis.Options{Addr: addr, Username: fo.Username, Password: fo.Password,
					TLSConfig: fo.TLSConfig, DialTimeout: fo.DialTimeout, ReadTimeout: fo.ReadTimeout, WriteTimeout: fo.WriteTimeout, Protocol: fo.Protocol}}
			}
			masters = append(masters, node(m))
			for _, r := range reps {
				replicas = append(replicas, node(r))
			}
			break
		}
		opts, err := t.clientOptions(base)
		if err != nil {
			return nil, nil, err
		}
		masters = append(masters, faultNode{addr: opts.Addr, opts: *opts})
	}
	byAddr := func(ns []faultNode) {
		sort.Slice(ns, func(i, j int) bool { return ns[i].addr < ns[j].addr })
	}
	byAddr(masters)
	byAddr(replicas)
	if len(masters) == 0 {
		return nil, nil, fmt.Errorf("target: %s: no master found", t.Name)
	}
	return masters, replicas, nil
}
