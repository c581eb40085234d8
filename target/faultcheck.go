package target

import (
	"context"
	"errors"
	"fmt"

	"github.com/redis/go-redis/v9"
)

// CheckFaults checks, before any load, that t allows every fault: a
// failover needs a Sentinel or Cluster target with a replica; pause,
// kill-clients and debug-sleep need the master to accept CLIENT PAUSE,
// CLIENT LIST and DEBUG (tried harmlessly: a pause and a sleep of 0).
// A fault t does not allow is a *FieldError naming --fault and the
// reason; a failure to ask is an error.
func CheckFaults(ctx context.Context, t Target, c redis.UniversalClient, faults []Fault) error {
	if len(faults) == 0 {
		return nil
	}
	masters, replicas, err := t.faultNodes(ctx, c)
	if err != nil {
		return err
	}
	m := masters[0].client(0)
	defer m.Close()
	checked := map[string]bool{}
	for _, f := range faults {
		if checked[f.Kind] {
			continue
		}
		checked[f.Kind] = true
		refuse := func(format string, args ...any) error {
			return fieldErr("--fault", "%s: target %s (%s) %s", f, t.Name, t.Redacted(), fmt.Sprintf(format, args...))
		}
		var probe *redis.Cmd
		var what string
		switch f.Kind {
		case FaultFailover:
			_, cluster := c.(*redis.ClusterClient)
			switch {
			case t.failover == nil && !cluster:
				return refuse("is a standalone server: a failover needs a Sentinel (redis-sentinel://) or Cluster target with a replica")
			case len(replicas) == 0:
				return refuse("has no healthy replica to promote")
			}
			continue
		case FaultPause:
			probe, what = m.Do(ctx, "CLIENT", "PAUSE", "0"), "CLIENT PAUSE"
		case FaultKillClients:
			probe, what = m.Do(ctx, "CLIENT", "LIST"), "CLIENT LIST"
		case FaultDebugSleep:
			probe, what = m.Do(ctx, "DEBUG", "SLEEP", "0"), "DEBUG"
		}
		if err := probe.Err(); err != nil {
			var re redis.Error
			if errors.As(err, &re) {
				return refuse("refuses %s on %s: %v", what, masters[0].addr, err)
			}
			return fmt.Errorf("target: check %s on %s: %w", f.describe(), masters[0].addr, err)
		}
	}
	return nil
}
