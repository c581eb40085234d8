package scenario

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/bench"
	"github.com/cacheaside/bench/internal/testredis"
	"github.com/cacheaside/bench/report"
)

// deployed is a target connected for a deployment test.
type deployed struct {
	t      Target
	c      redis.UniversalClient
	prefix string
}

// connectDeployment parses url, connects with o and returns the target and
// its client (closed when the test ends) with a fresh key prefix.
func connectDeployment(t *testing.T, url string, o ConnectOptions) deployed {
	t.Helper()
	QuietClientLogs()
	tg, err := ParseTarget(url)
	if err != nil {
		t.Fatalf("ParseTarget(%q): %v", Redact(url), err)
	}
	c, err := ConnectUniversal(t.Context(), tg, o)
	if err != nil {
		t.Fatalf("ConnectUniversal(%s): %v", tg.Redacted(), err)
	}
	t.Cleanup(func() { _ = c.Close() })
	prefix, err := KeyPrefix("deploytest", NewRunID())
	if err != nil {
		t.Fatal(err)
	}
	return deployed{tg, c, prefix}
}

// preflight runs PreflightTarget and checks the fields every mode has.
func (d deployed) preflight(t *testing.T, wantMode string) report.Server {
	t.Helper()
	s, err := PreflightTarget(t.Context(), d.t, d.c)
	if err != nil {
		t.Fatalf("PreflightTarget: %v", err)
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
	v, err := Verify(t.Context(), d.c, d.prefix, io.Discard)
	if err != nil || !v.Passed {
		t.Fatalf("Verify = %+v, %v", v, err)
	}
}

// workload runs a short naive cache-aside workload (some invalidation)
// and wants hits, misses, writes and no errors. It returns the result.
func (d deployed) workload(t *testing.T) *bench.Result {
	t.Helper()
	spec, _ := Builtin("default")
	for _, kv := range [][2]string{
		{"duration", "700ms"}, {"warmup", "0s"}, {"workers", "4"}, {"keys", "300"},
		{"key-dist", "uniform"}, {"source-latency", "1ms"}, {"ttl", "1h"}, {"invalidate-rate", "0.05"},
	} {
		if err := spec.Override(kv[0], kv[1]); err != nil {
			t.Fatalf("Override(%s): %v", kv[0], err)
		}
	}
	p, err := Prepare(spec)
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
	n, err := Cleanup(t.Context(), d.c, d.prefix)
	if err != nil || n < min {
		t.Errorf("Cleanup = %d, %v, want >= %d", n, err, min)
	}
	if n, err := Cleanup(t.Context(), d.c, d.prefix); err != nil || n != 0 {
		t.Errorf("second Cleanup = %d, %v, want 0 (keys left behind)", n, err)
	}
}

func TestParseSentinelTarget(t *testing.T) {
	for _, tc := range []struct {
		name, arg          string
		wantName, wantAddr string
		wantMaster         string
		wantDB             int
		wantUser, wantPW   string
		wantSentinelPW     string
		wantTLS            bool
	}{
		{name: "one sentinel", arg: "redis-sentinel://10.0.0.1:26379/mymaster",
			wantName: "10.0.0.1:26379/mymaster", wantAddr: "10.0.0.1:26379", wantMaster: "mymaster"},
		{name: "three sentinels, default port", arg: "s=redis-sentinel://a:1,b,[::1]:3/cache",
			wantName: "s", wantAddr: "a:1,b:26379,[::1]:3", wantMaster: "cache"},
		{name: "auth, db and sentinel password", arg: "redis-sentinel://app:s3cret@a:1/m?db=2&sentinel_password=sp4ss&sentinel_user=sen",
			wantName: "a:1/m", wantAddr: "a:1", wantMaster: "m", wantDB: 2, wantUser: "app", wantPW: "s3cret", wantSentinelPW: "sp4ss"},
		{name: "tls", arg: "rediss-sentinel://:p%40ss@a:1/m/",
			wantName: "a:1/m", wantAddr: "a:1", wantMaster: "m", wantPW: "p@ss", wantTLS: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tg, err := ParseTarget(tc.arg)
			if err != nil {
				t.Fatalf("ParseTarget: %v", err)
			}
			if tg.Name != tc.wantName || tg.Addr() != tc.wantAddr || !tg.Sentinel() || tg.TLS() != tc.wantTLS {
				t.Errorf("name %q addr %q sentinel %v tls %v, want %q %q true %v", tg.Name, tg.Addr(), tg.Sentinel(), tg.TLS(), tc.wantName, tc.wantAddr, tc.wantTLS)
			}
			fo := tg.failover
			if fo.MasterName != tc.wantMaster || fo.DB != tc.wantDB || fo.Username != tc.wantUser || fo.Password != tc.wantPW || fo.SentinelPassword != tc.wantSentinelPW {
				t.Errorf("failover options %+v", fo)
			}
			red := tg.Redacted()
			for _, secret := range []string{"s3cret", "sp4ss", "p%40ss"} {
				if strings.Contains(red, secret) {
					t.Errorf("Redacted() = %q shows %q", red, secret)
				}
			}
		})
	}
}

func TestParseSentinelTargetErrors(t *testing.T) {
	for _, tc := range []struct{ name, arg, want string }{
		{"no master", "redis-sentinel://u:s3cret@a:1", "master name"},
		{"empty master", "redis-sentinel://u:s3cret@a:1/", "master name"},
		{"nested path", "redis-sentinel://a:1/m/0", "master name"},
		{"empty sentinel", "redis-sentinel://a:1,,b:2/m", "empty sentinel"},
		{"bad port", "redis-sentinel://u:s3cret@a:x/m", "invalid sentinel address"},
		{"bad db", "redis-sentinel://a:1/m?db=x", "database"},
		{"unknown option", "redis-sentinel://a:1/m?sentinel_password=s3cret&foo=1", "foo"},
		{"bad escape", "redis-sentinel://u:s3%zzcret@a:1/m", "percent"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseTarget(tc.arg)
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != "--target" {
				t.Fatalf("error %v is not a FieldError on --target", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not say %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "s3cret") || strings.Contains(err.Error(), "s3%zzcret") {
				t.Errorf("error %q shows the password", err)
			}
		})
	}
}

func TestRedactWithoutValidURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"redis://user:s3cret@h:badport/0", "redis://user:xxxxx@h:badport/0"},
		{"redis://u:s3cret@[::1", "redis://u:xxxxx@[::1"},
		{"redis://u:s3%zzcret@h:1", "redis://u:xxxxx@h:1"},
		{"redis://u:pa/ss@h:1/0", "redis://u:xxxxx@h:1/0"},
		{"redis-sentinel://a:1/m?db=1&sentinel_password=s3cret", "redis-sentinel://a:1/m?db=1&sentinel_password=xxxxx"},
		{"redis://h:1/0?password=s3cret", "redis://h:1/0?password=xxxxx"},
		{"redis://h:1/0?x=a@b", "redis://h:1/0?x=a@b"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := Redact(tc.in); got != tc.want {
				t.Errorf("Redact = %q, want %q", got, tc.want)
			}
			if _, err := ParseTarget(tc.in); err != nil && strings.Contains(err.Error(), "s3") {
				t.Errorf("ParseTarget error %q shows the password", err)
			}
		})
	}
}

func TestConnectOptionsValidate(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "x.pem")
	if err := os.WriteFile(notPEM, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		o      ConnectOptions
		fields []string // flags the errors must name; none = valid
	}{
		{name: "zero"},
		{name: "resp and read-from", o: ConnectOptions{Protocol: 2, ReadFrom: "replica"}},
		{name: "bad resp", o: ConnectOptions{Protocol: 4}, fields: []string{"--resp"}},
		{name: "bad read-from", o: ConnectOptions{ReadFrom: "slave"}, fields: []string{"--read-from"}},
		{name: "cert without key", o: ConnectOptions{TLSCertFile: notPEM}, fields: []string{"--tls-key"}},
		{name: "key without cert", o: ConnectOptions{TLSKeyFile: notPEM}, fields: []string{"--tls-cert"}},
		{name: "bad pair", o: ConnectOptions{TLSCertFile: notPEM, TLSKeyFile: notPEM}, fields: []string{"--tls-cert"}},
		{name: "missing CA", o: ConnectOptions{TLSCAFile: filepath.Join(dir, "none.pem")}, fields: []string{"--tls-ca"}},
		{name: "CA not PEM", o: ConnectOptions{TLSCAFile: notPEM}, fields: []string{"--tls-ca"}},
		{name: "all at once", o: ConnectOptions{Protocol: 1, ReadFrom: "x", TLSCAFile: notPEM}, fields: []string{"--resp", "--read-from", "--tls-ca"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.o.Validate()
			if len(tc.fields) == 0 {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("Validate = %v, want a *FieldError", err)
			}
			for _, f := range tc.fields {
				if !strings.Contains(err.Error(), f+":") {
					t.Errorf("error %q does not name %s", err, f)
				}
			}
			// ConnectUniversal refuses the same options before dialling.
			tg, _ := ParseTarget("redis://127.0.0.1:1")
			if _, cerr := ConnectUniversal(t.Context(), tg, tc.o); !errors.As(cerr, &fe) || errors.Is(cerr, ErrUnreachable) {
				t.Errorf("ConnectUniversal = %v, want the FieldError", cerr)
			}
		})
	}
}

func TestConnectErrorKeepsCause(t *testing.T) {
	QuietClientLogs()
	tg, err := ParseTarget("redis://:s3cret@" + closedPort(t))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err = ConnectUniversal(ctx, tg, ConnectOptions{})
	if !errors.Is(err, ErrUnreachable) || !errors.Is(err, context.Canceled) {
		t.Errorf("error %v: want both ErrUnreachable and context.Canceled in its chain", err)
	}
	if strings.Contains(err.Error(), "s3cret") {
		t.Errorf("error %q shows the password", err)
	}
}

func TestDeployStandalone(t *testing.T) {
	s := testredis.Start(t, "--requirepass", "right-pw")
	if s == nil {
		return
	}
	admin := connectDeployment(t, "redis://:right-pw@"+s.Addr, ConnectOptions{})
	if err := admin.c.Do(t.Context(), "ACL", "SETUSER", "alice", "on", ">alice-pw", "~*", "+@all").Err(); err != nil {
		t.Fatalf("ACL SETUSER: %v", err)
	}
	for _, tc := range []struct {
		name     string
		url      string
		o        ConnectOptions
		wantUser string // "" = connecting fails with an authentication error
		wantRESP int
		warn     string // a preflight warning to expect
	}{
		{name: "password option", url: "redis://" + s.Addr, o: ConnectOptions{Password: "right-pw"}, wantUser: "default", wantRESP: 3},
		{name: "acl user option", url: "redis://" + s.Addr, o: ConnectOptions{User: "alice", Password: "alice-pw"}, wantUser: "alice", wantRESP: 3},
		{name: "url credentials win", url: "redis://alice:alice-pw@" + s.Addr, o: ConnectOptions{Password: "wrong-pw"}, wantUser: "alice", wantRESP: 3},
		{name: "resp2", url: "redis://:right-pw@" + s.Addr, o: ConnectOptions{Protocol: 2}, wantUser: "default", wantRESP: 2},
		{name: "resp3", url: "redis://:right-pw@" + s.Addr, o: ConnectOptions{Protocol: 3}, wantUser: "default", wantRESP: 3},
		{name: "url protocol wins", url: "redis://:right-pw@" + s.Addr + "?protocol=2", o: ConnectOptions{Protocol: 3}, wantUser: "default", wantRESP: 2},
		{name: "replica reads on a standalone server", url: "redis://:right-pw@" + s.Addr, o: ConnectOptions{ReadFrom: "replica"},
			wantUser: "default", wantRESP: 3, warn: "standalone server has no replicas"},
		{name: "wrong password option", url: "redis://" + s.Addr, o: ConnectOptions{Password: "wrong-pw"}},
		{name: "wrong acl password", url: "redis://alice:wrong-pw@" + s.Addr},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.wantUser == "" {
				tg, _ := ParseTarget(tc.url)
				c, err := ConnectUniversal(t.Context(), tg, tc.o)
				if err == nil {
					_ = c.Close()
					t.Fatal("connected with a wrong password")
				}
				if !errors.Is(err, ErrUnreachable) || !strings.Contains(err.Error(), "authentication failed") || !strings.Contains(err.Error(), s.Addr) {
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
			srv := d.preflight(t, ModeStandalone)
			if srv.Protocol != tc.wantRESP || srv.ReadFrom != ReadFromMaster || len(srv.Nodes) != 0 {
				t.Errorf("protocol %d, read from %q, nodes %v; want %d, master, none", srv.Protocol, srv.ReadFrom, srv.Nodes, tc.wantRESP)
			}
			if tc.warn != "" && !strings.Contains(strings.Join(srv.Warnings, "\n"), tc.warn) {
				t.Errorf("warnings %q lack %q", srv.Warnings, tc.warn)
			}
			// Extra clients (the workload's instances) get the same settings.
			extra := d.t.NewUniversalClient(ConnectOptions{PoolSize: 2})
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
	d := connectDeployment(t, "unix://"+sock+"?db=3", ConnectOptions{})
	if d.t.Name != sock {
		t.Errorf("Name = %q, want the socket path", d.t.Name)
	}
	d.preflight(t, ModeStandalone)
	d.verify(t)
	d.workload(t)
	d.cleanup(t, 10)
}

func TestZeroTarget(t *testing.T) {
	var tg Target
	if c, err := ConnectUniversal(t.Context(), tg, ConnectOptions{}); err == nil {
		_ = c.Close()
		t.Error("ConnectUniversal of a zero Target succeeded")
	}
	c := tg.NewUniversalClient(ConnectOptions{})
	defer c.Close()
	if err := c.Ping(t.Context()).Err(); err == nil || !strings.Contains(err.Error(), "not made by ParseTarget") {
		t.Errorf("PING through a zero Target's client = %v, want the configuration error", err)
	}
}
