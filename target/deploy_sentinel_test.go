package target_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/internal/testredis"
	"github.com/cacheaside/bench/target"
)

func TestDeploySentinel(t *testing.T) {
	s := testredis.StartSentinel(t, "data-pw")
	if s == nil {
		return
	}
	getsOnReplica := func(t *testing.T) int64 { return commandCalls(t, s.Replica, s.Password, "get") }
	for _, tc := range []struct {
		name       string
		o          target.ConnectOptions
		url        string
		wantClient string
		readFrom   string
	}{
		{name: "master reads", url: s.URL(), wantClient: "*redis.Client", readFrom: target.ReadFromMaster},
		{name: "replica reads", url: s.URL(), o: target.ConnectOptions{ReadFrom: target.ReadFromReplica}, wantClient: "*redis.ClusterClient", readFrom: target.ReadFromReplica},
		{name: "password option, db 1", url: "redis-sentinel://" + s.Sentinel + "/" + testredis.SentinelMaster + "?db=1",
			o: target.ConnectOptions{Password: "data-pw"}, wantClient: "*redis.Client", readFrom: target.ReadFromMaster},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := connectDeployment(t, tc.url, tc.o)
			if got := typeName(d.c); got != tc.wantClient {
				t.Errorf("client is %s, want %s", got, tc.wantClient)
			}
			srv := d.preflight(t, target.ModeSentinel)
			if strings.Join(srv.Nodes, ",") != s.Master+","+s.Replica || srv.ReadFrom != tc.readFrom {
				t.Errorf("nodes %v, read from %q; want [%s %s], %s", srv.Nodes, srv.ReadFrom, s.Master, s.Replica, tc.readFrom)
			}
			d.verify(t)
			gets := getsOnReplica(t)
			d.workload(t)
			replicaGets := getsOnReplica(t) - gets
			if tc.readFrom == target.ReadFromReplica && replicaGets < 100 {
				t.Errorf("the replica served %d GETs, want the reads", replicaGets)
			}
			if tc.readFrom == target.ReadFromMaster && replicaGets != 0 {
				t.Errorf("the replica served %d GETs with master reads", replicaGets)
			}
			d.cleanup(t, 10)
		})
	}
	t.Run("wrong password", func(t *testing.T) {
		target.QuietClientLogs()
		tg, _ := target.ParseTarget("redis-sentinel://:bad-pw@" + s.Sentinel + "/" + testredis.SentinelMaster)
		c, err := target.ConnectUniversal(t.Context(), tg, target.ConnectOptions{})
		if err == nil {
			_ = c.Close()
			t.Fatal("connected with a wrong password")
		}
		if !errors.Is(err, target.ErrUnreachable) || !strings.Contains(err.Error(), "authentication failed") || strings.Contains(err.Error(), "bad-pw") {
			t.Errorf("error %q: want ErrUnreachable saying authentication failed, without the password", err)
		}
	})
	t.Run("unknown master", func(t *testing.T) {
		target.QuietClientLogs()
		tg, _ := target.ParseTarget("redis-sentinel://" + s.Sentinel + "/nosuchmaster")
		c, err := target.ConnectUniversal(t.Context(), tg, target.ConnectOptions{})
		if err == nil {
			_ = c.Close()
			t.Fatal("connected to an unknown master")
		}
		if !errors.Is(err, target.ErrUnreachable) || !strings.Contains(err.Error(), s.Sentinel) || !strings.Contains(err.Error(), `no sentinel knows a master named "nosuchmaster"`) {
			t.Errorf("error %q: want ErrUnreachable naming the sentinel and the unknown master", err)
		}
	})
}

func typeName(c redis.UniversalClient) string {
	switch c.(type) {
	case *redis.Client:
		return "*redis.Client"
	case *redis.ClusterClient:
		return "*redis.ClusterClient"
	}
	return "other"
}
