package target_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/internal/testredis"
	"github.com/cacheaside/bench/target"
)

// commandCalls returns how many times the server at addr ran cmd (INFO
// commandstats), via the test's own connection.
func commandCalls(t *testing.T, addr, password, cmd string) int64 {
	t.Helper()
	info, err := testredis.DoString(addr, password, "INFO", "commandstats")
	if err != nil {
		t.Fatalf("INFO commandstats on %s: %v", addr, err)
	}
	v := testredis.InfoField(info, "cmdstat_"+cmd)
	calls, _, _ := strings.Cut(strings.TrimPrefix(v, "calls="), ",")
	n, _ := strconv.ParseInt(calls, 10, 64)
	return n
}

func sumCalls(t *testing.T, addrs []string, cmd string) int64 {
	var n int64
	for _, a := range addrs {
		n += commandCalls(t, a, "", cmd)
	}
	return n
}

func TestDeployCluster(t *testing.T) {
	cl := testredis.StartCluster(t, 3, 1)
	if cl == nil {
		return
	}
	t.Run("any node, master reads", func(t *testing.T) {
		// A replica's URL will do as well as a master's.
		d := connectDeployment(t, "redis://"+cl.Replicas[0], target.ConnectOptions{})
		if _, ok := d.c.(*redis.ClusterClient); !ok {
			t.Fatalf("client is %T, want *redis.ClusterClient", d.c)
		}
		srv := d.preflight(t, target.ModeCluster)
		if strings.Join(srv.Nodes, ",") != strings.Join(cl.Masters, ",") {
			t.Errorf("Nodes = %v, want the masters %v", srv.Nodes, cl.Masters)
		}
		if srv.ReadFrom != target.ReadFromMaster {
			t.Errorf("ReadFrom = %q", srv.ReadFrom)
		}
		for _, w := range srv.Warnings {
			if strings.Contains(w, "differ") {
				t.Errorf("unexpected warning %q", w)
			}
		}
		d.verify(t)
		gets := sumCalls(t, cl.Replicas, "get")
		d.workload(t)
		if n := sumCalls(t, cl.Replicas, "get"); n != gets {
			t.Errorf("replicas served %d GETs with master reads", n-gets)
		}
		// No hash tags: the keys spread over every master.
		for i, n := range cl.DBSizes(t) {
			if n < 20 {
				t.Errorf("master %s holds %d keys, want the keys spread over all masters", cl.Masters[i], n)
			}
		}
		// Extra clients (the workload's instances) are cluster clients too.
		extra := d.t.NewUniversalClient(target.ConnectOptions{PoolSize: 2})
		defer extra.Close()
		if _, ok := extra.(*redis.ClusterClient); !ok {
			t.Errorf("NewUniversalClient = %T, want *redis.ClusterClient", extra)
		}
		d.cleanup(t, 100)
		for i, n := range cl.DBSizes(t) {
			if n != 0 {
				t.Errorf("master %s keeps %d keys after Cleanup", cl.Masters[i], n)
			}
		}
	})
	t.Run("replica reads", func(t *testing.T) {
		d := connectDeployment(t, cl.URL(), target.ConnectOptions{ReadFrom: target.ReadFromReplica, Protocol: 2})
		srv := d.preflight(t, target.ModeCluster)
		if srv.ReadFrom != target.ReadFromReplica || srv.Protocol != 2 {
			t.Errorf("ReadFrom %q, Protocol %d; want replica, 2", srv.ReadFrom, srv.Protocol)
		}
		d.verify(t)
		gets := sumCalls(t, cl.Replicas, "get")
		d.workload(t)
		if n := sumCalls(t, cl.Replicas, "get"); n-gets < 100 {
			t.Errorf("replicas served %d GETs, want the reads", n-gets)
		}
		d.cleanup(t, 100)
	})
	t.Run("db other than 0", func(t *testing.T) {
		tg, _ := target.ParseTarget(cl.URL() + "/2")
		if c, err := target.ConnectUniversal(context.Background(), tg, target.ConnectOptions{}); err == nil || !strings.Contains(err.Error(), "database 0") {
			if c != nil {
				_ = c.Close()
			}
			t.Errorf("ConnectUniversal = %v, want a database 0 error", err)
		}
	})
}
