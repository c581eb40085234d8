package target_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/bench"
	"github.com/cacheaside/bench/internal/testredis"
	"github.com/cacheaside/bench/scenario"
	"github.com/cacheaside/bench/target"
)

// deployed is a target connected for a deployment test.
type deployed struct {
	t      target.Target
	c      redis.UniversalClient
	prefix string
}

// connectDeployment parses url, connects with o and returns the target and
// its client (closed when the test ends) with a fresh key prefix.
func connectDeployment(t *testing.T, url string, o target.ConnectOptions) deployed {
	t.Helper()
	target.QuietClientLogs()
	tg, err := target.ParseTarget(url)
	if err != nil {
		t.Fatalf("ParseTarget(%q): %v", target.Redact(url), err)
	}
	c, err := target.ConnectUniversal(t.Context(), tg, o)
	if err != nil {
		t.Fatalf("ConnectUniversal(%s): %v", tg.Redacted(), err)
	}
	t.Cleanup(func() { _ = c.Close() })
	prefix, err := scenario.KeyPrefix("deploytest", scenario.NewRunID())
	if err != nil {
		t.Fatal(err)
	}
	return deployed{tg, c, prefix}
}

// preflight runs Preflight and checks the fields every mode has.
func (d deployed) preflight(t *testing.T, wantMode string) target.Server {
	t.Helper()
	s, err := target.Preflight(t.Context(), d.t, d.c)
	if err != nil {
		t.Fatalf("Preflight: %v", err)
	}
	if s.Mode != wantMode || s.Version == "" || s.PingRTTMs <= 0 || s.Persistence != "off" {
		t.Errorf("server = %+v, want mode %q, a version, a ping and persistence off", s, wantMode)
	}
	if s.Protocol != 2 && s.Protocol != 3 {
		t.Errorf("Protocol = %d, want 2 or 3", s.Protocol)
	}
	return s
}

// verify runs the baseline verification and wants it to pass.
func (d deployed) verify(t *testing.T) {
	t.Helper()
	v, err := scenario.Verify(t.Context(), d.c, d.prefix, io.Discard)
	if err != nil || !v.Passed {
		t.Fatalf("Verify = %+v, %v", v, err)
	}
}

// workload runs a short naive cache-aside workload (some invalidation)
// and wants hits, misses, writes and no errors. It returns the result.
func (d deployed) workload(t *testing.T) *bench.Result {
	t.Helper()
	spec, _ := scenario.Builtin("default")
	for _, kv := range [][2]string{
		{"duration", "700ms"}, {"warmup", "0s"}, {"workers", "4"}, {"keys", "300"},
		{"key-dist", "uniform"}, {"source-latency", "1ms"}, {"ttl", "1h"}, {"invalidate-rate", "0.05"},
	} {
		if err := spec.Override(kv[0], kv[1]); err != nil {
			t.Fatalf("Override(%s): %v", kv[0], err)
		}
	}
	p, err := scenario.Prepare(spec)
	if err != nil {
		t.Fatal(err)
	}
	ca := p.NewCacheAside(0, d.t, d.c, d.prefix)
	res, err := bench.Run(t.Context(), p.BenchConfig(0), ca)
	if cerr := ca.Close(); cerr != nil {
		t.Errorf("Close: %v", cerr)
	}
	if err != nil {
		t.Fatalf("bench.Run: %v", err)
	}
	if res.Hits == 0 || res.Misses == 0 || res.Writes == 0 || len(res.Errors) != 0 {
		t.Errorf("workload: %d ops, %d hits, %d misses, %d writes, errors %v", res.Ops, res.Hits, res.Misses, res.Writes, res.Errors)
	}
	return res
}

// cleanup removes the run's keys and wants at least min removed and none
// left.
func (d deployed) cleanup(t *testing.T, min int64) {
	t.Helper()
	n, err := target.Cleanup(t.Context(), d.c, d.prefix)
	if err != nil || n < min {
		t.Errorf("Cleanup = %d, %v, want >= %d", n, err, min)
	}
	if n, err := target.Cleanup(t.Context(), d.c, d.prefix); err != nil || n != 0 {
		t.Errorf("second Cleanup = %d, %v, want 0 (keys left behind)", n, err)
	}
}

func TestDeployStandalone(t *testing.T) {
	s := testredis.Start(t, "--requirepass", "right-pw")
	if s == nil {
		return
	}
	admin := connectDeployment(t, "redis://:right-pw@"+s.Addr, target.ConnectOptions{})
	if err := admin.c.Do(t.Context(), "ACL", "SETUSER", "alice", "on", ">alice-pw", "~*", "+@all").Err(); err != nil {
		t.Fatalf("ACL SETUSER: %v", err)
	}
	for _, tc := range []struct {
		name     string
		url      string
		o        target.ConnectOptions
		wantUser string // "" = connecting fails with an authentication error
		wantRESP int
		warn     string // a preflight warning to expect
	}{
		{name: "password option", url: "redis://" + s.Addr, o: target.ConnectOptions{Password: "right-pw"}, wantUser: "default", wantRESP: 3},
		{name: "acl user option", url: "redis://" + s.Addr, o: target.ConnectOptions{User: "alice", Password: "alice-pw"}, wantUser: "alice", wantRESP: 3},
		{name: "url credentials win", url: "redis://alice:alice-pw@" + s.Addr, o: target.ConnectOptions{Password: "wrong-pw"}, wantUser: "alice", wantRESP: 3},
		{name: "resp2", url: "redis://:right-pw@" + s.Addr, o: target.ConnectOptions{Protocol: 2}, wantUser: "default", wantRESP: 2},
		{name: "resp3", url: "redis://:right-pw@" + s.Addr, o: target.ConnectOptions{Protocol: 3}, wantUser: "default", wantRESP: 3},
		{name: "url protocol wins", url: "redis://:right-pw@" + s.Addr + "?protocol=2", o: target.ConnectOptions{Protocol: 3}, wantUser: "default", wantRESP: 2},
		{name: "replica reads on a standalone server", url: "redis://:right-pw@" + s.Addr, o: target.ConnectOptions{ReadFrom: "replica"},
			wantUser: "default", wantRESP: 3, warn: "standalone server has no replicas"},
		{name: "wrong password option", url: "redis://" + s.Addr, o: target.ConnectOptions{Password: "wrong-pw"}},
		{name: "wrong acl password", url: "redis://alice:wrong-pw@" + s.Addr},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.wantUser == "" {
				tg, _ := target.ParseTarget(tc.url)
				c, err := target.ConnectUniversal(t.Context(), tg, tc.o)
				if err == nil {
					_ = c.Close()
					t.Fatal("connected with a wrong password")
				}
				if !errors.Is(err, target.ErrUnreachable) || !strings.Contains(err.Error(), "authentication failed") || !strings.Contains(err.Error(), s.Addr) {
					t.Errorf("error %q: want ErrUnreachable saying authentication failed on %s", err, s.Addr)
				}
				if strings.Contains(err.Error(), "wrong-pw") {
					t.Errorf("error %q shows the password", err)
				}
				return
			}
			d := connectDeployment(t, tc.url, tc.o)
			if _, ok := d.c.(*redis.Client); !ok {
				t.Errorf("client is %T, want *redis.Client", d.c)
			}
			if who, err := d.c.Do(t.Context(), "ACL", "WHOAMI").Text(); err != nil || who != tc.wantUser {
				t.Errorf("ACL WHOAMI = %q, %v, want %q", who, err, tc.wantUser)
			}
			srv := d.preflight(t, target.ModeStandalone)
			if srv.Protocol != tc.wantRESP || srv.ReadFrom != target.ReadFromMaster || len(srv.Nodes) != 0 {
				t.Errorf("protocol %d, read from %q, nodes %v; want %d, master, none", srv.Protocol, srv.ReadFrom, srv.Nodes, tc.wantRESP)
			}
			if tc.warn != "" && !strings.Contains(strings.Join(srv.Warnings, "\n"), tc.warn) {
				t.Errorf("warnings %q lack %q", srv.Warnings, tc.warn)
			}
			// Extra clients (the workload's instances) get the same settings.
			extra := d.t.NewUniversalClient(target.ConnectOptions{PoolSize: 2})
			defer extra.Close()
			if who, err := extra.Do(t.Context(), "ACL", "WHOAMI").Text(); err != nil || who != tc.wantUser {
				t.Errorf("extra client: ACL WHOAMI = %q, %v, want %q", who, err, tc.wantUser)
			}
			d.verify(t)
			d.cleanup(t, 0)
		})
	}
}

func TestDeployUnixSocket(t *testing.T) {
	// Socket paths are limited to about 100 bytes: t.TempDir() can be longer.
	dir, err := os.MkdirTemp("", "rs")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	sock := filepath.Join(dir, "redis.sock")
	if s := testredis.Start(t, "--unixsocket", sock, "--unixsocketperm", "700"); s == nil {
		return
	}
	d := connectDeployment(t, "unix://"+sock+"?db=3", target.ConnectOptions{})
	if d.t.Name != sock {
		t.Errorf("Name = %q, want the socket path", d.t.Name)
	}
	d.preflight(t, target.ModeStandalone)
	d.verify(t)
	d.workload(t)
	d.cleanup(t, 10)
}
