package target

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/internal/testredis"
)

// connectTo parses url as a target and connects to it, failing the test on
// any error; the client is closed when the test ends.
func connectTo(t *testing.T, url string) *redis.Client {
	t.Helper()
	tg, err := ParseTarget(url)
	if err != nil {
		t.Fatalf("ParseTarget(%q): %v", url, err)
	}
	u, err := ConnectUniversal(t.Context(), tg, ConnectOptions{})
	if err != nil {
		t.Fatalf("ConnectUniversal(%q): %v", tg.Redacted(), err)
	}
	t.Cleanup(func() { _ = u.Close() })
	c, ok := u.(*redis.Client)
	if !ok {
		t.Fatalf("ConnectUniversal(%q) gave a %T, want a single server's *redis.Client", tg.Redacted(), u)
	}
	return c
}

func TestParseTarget(t *testing.T) {
	for _, tc := range []struct {
		name, arg              string
		wantName, wantAddr     string
		wantDB                 int
		wantUser, wantPassword string
		wantTLS                bool
		wantNetwork            string
	}{
		{name: "host port", arg: "redis://localhost:6380",
			wantName: "localhost:6380", wantAddr: "localhost:6380", wantNetwork: "tcp"},
		{name: "named with db", arg: "prod=redis://10.0.0.1:7000/3",
			wantName: "prod", wantAddr: "10.0.0.1:7000", wantDB: 3, wantNetwork: "tcp"},
		{name: "password only", arg: "redis://:s3cret@h:1/0",
			wantName: "h:1", wantAddr: "h:1", wantPassword: "s3cret", wantNetwork: "tcp"},
		{name: "user and password", arg: "a=redis://alice:s3cret@h:1/2",
			wantName: "a", wantAddr: "h:1", wantDB: 2, wantUser: "alice", wantPassword: "s3cret", wantNetwork: "tcp"},
		{name: "tls", arg: "rediss://h:6380",
			wantName: "h:6380", wantAddr: "h:6380", wantTLS: true, wantNetwork: "tcp"},
		{name: "unix socket", arg: "unix:///tmp/redis.sock",
			wantName: "/tmp/redis.sock", wantAddr: "/tmp/redis.sock", wantNetwork: "unix"},
		{name: "unix socket with auth and db", arg: "sock=unix://u:s3cret@/tmp/redis.sock?db=4",
			wantName: "sock", wantAddr: "/tmp/redis.sock", wantDB: 4, wantUser: "u", wantPassword: "s3cret", wantNetwork: "unix"},
		{name: "query with '=' is not a name", arg: "redis://h:1/0?dial_timeout=3s",
			wantName: "h:1", wantAddr: "h:1", wantNetwork: "tcp"},
		{name: "name and query with '='", arg: "x=redis://h:1/0?dial_timeout=3s",
			wantName: "x", wantAddr: "h:1", wantNetwork: "tcp"},
		{name: "password with '='", arg: "redis://u:p=w@h:1",
			wantName: "h:1", wantAddr: "h:1", wantUser: "u", wantPassword: "p=w", wantNetwork: "tcp"},
		{name: "bare host:port", arg: "127.0.0.1:6379",
			wantName: "127.0.0.1:6379", wantAddr: "127.0.0.1:6379", wantNetwork: "tcp"},
		{name: "bare :port", arg: ":6380",
			wantName: "127.0.0.1:6380", wantAddr: "127.0.0.1:6380", wantNetwork: "tcp"},
		{name: "named bare host:port", arg: "cache=cache.internal:6379",
			wantName: "cache", wantAddr: "cache.internal:6379", wantNetwork: "tcp"},
		{name: "bare IPv6", arg: "[::1]:6379",
			wantName: "[::1]:6379", wantAddr: "[::1]:6379", wantNetwork: "tcp"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tg, err := ParseTarget(tc.arg)
			if err != nil {
				t.Fatalf("ParseTarget(%q): %v", tc.arg, err)
			}
			if tg.Name != tc.wantName {
				t.Errorf("Name = %q, want %q", tg.Name, tc.wantName)
			}
			if got := tg.Addr(); got != tc.wantAddr {
				t.Errorf("Addr = %q, want %q", got, tc.wantAddr)
			}
			if bare := !strings.Contains(tc.arg, "://"); bare && tg.URL != "redis://"+tc.wantAddr ||
				!bare && (!strings.HasSuffix(tc.arg, tg.URL) || !strings.Contains(tg.URL, "://")) {
				t.Errorf("URL = %q, want the URL part of %q", tg.URL, tc.arg)
			}
			if tg.Embedded != "" {
				t.Errorf("Embedded = %q, want \"\"", tg.Embedded)
			}
			o := tg.opts
			if o.DB != tc.wantDB || o.Username != tc.wantUser || o.Password != tc.wantPassword {
				t.Errorf("db, user, password = %d, %q, %q, want %d, %q, %q",
					o.DB, o.Username, o.Password, tc.wantDB, tc.wantUser, tc.wantPassword)
			}
			if (o.TLSConfig != nil) != tc.wantTLS {
				t.Errorf("TLS = %v, want %v", o.TLSConfig != nil, tc.wantTLS)
			}
			if o.Network != tc.wantNetwork {
				t.Errorf("Network = %q, want %q", o.Network, tc.wantNetwork)
			}
			if tc.wantPassword != "" && strings.Contains(tg.Redacted(), tc.wantPassword) {
				t.Errorf("Redacted() = %q shows the password", tg.Redacted())
			}
		})
	}
}

func TestParseTargetErrors(t *testing.T) {
	for _, tc := range []struct {
		name, arg string
		want      string // substring of the message
	}{
		{name: "empty", arg: "", want: "want [NAME=]URL"},
		{name: "empty name", arg: "=redis://h:1", want: "empty NAME"},
		{name: "http refused", arg: "http://h:1", want: "redis://"},
		{name: "http with password refused", arg: "web=http://u:s3cret@h:1", want: "redis://"},
		{name: "no scheme, no port", arg: "localhost", want: "host:port"},
		{name: "bare port out of range", arg: "h:70000", want: "host:port"},
		{name: "bare port not a number", arg: "h:x", want: "host:port"},
		{name: "credentials without a scheme", arg: "u:s3cret@h:1", want: "redis://"},
		{name: "name without url", arg: "a=b", want: "redis://"},
		{name: "bad db", arg: "redis://u:s3cret@h:1/x", want: "database"},
		{name: "too deep a path", arg: "redis://u:s3cret@h:1/0/1", want: "path"},
		{name: "unknown option", arg: "redis://:s3cret@h:1/0?foo=bar", want: "foo"},
		{name: "bad option value", arg: "redis://:s3cret@h:1/0?dial_timeout=zz", want: "dial_timeout"},
		{name: "unix bad db", arg: "unix://u:s3cret@/tmp/x.sock?db=q", want: "database"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tg, err := ParseTarget(tc.arg)
			if err == nil {
				t.Fatalf("ParseTarget(%q) = %+v, want an error", tc.arg, tg)
			}
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != "--target" {
				t.Errorf("error %v (%T) is not a *FieldError on --target", err, err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "s3cret") {
				t.Errorf("error %q shows the password", err)
			}
		})
	}
}

// TestParseTargetErrorsHideUnparsablePasswords covers URLs that net/url
// itself cannot parse: Redact then returns them unchanged.
func TestParseTargetErrorsHideUnparsablePasswords(t *testing.T) {
	for _, arg := range []string{
		"redis://user:s3cret@h:badport/0",
		"redis://u:s3cret@[::1",
		"redis://u:s3%zzcret@h:1",
	} {
		t.Run(arg, func(t *testing.T) {
			_, err := ParseTarget(arg)
			if err == nil {
				t.Fatalf("ParseTarget(%q) succeeded", arg)
			}
			if strings.Contains(err.Error(), "s3cret") || strings.Contains(err.Error(), "s3%zzcret") {
				t.Errorf("error %q shows the password", err)
			}
		})
	}
}

func TestRedact(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"redis://h:1/0", "redis://h:1/0"},
		{"redis://:s3cret@h:1/0", "redis://:xxxxx@h:1/0"},
		{"rediss://alice:s3cret@h:1/2", "rediss://alice:xxxxx@h:1/2"},
		{"redis://alice@h:1", "redis://alice@h:1"},
		{"unix://u:s3cret@/tmp/r.sock?db=1", "unix://u:xxxxx@/tmp/r.sock?db=1"},
		{"not a url", "not a url"},
		{"", ""},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := Redact(tc.in); got != tc.want {
				t.Errorf("Redact(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// closedPort returns a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}

func TestConnect(t *testing.T) {
	s := testredis.Start(t)
	c := connectTo(t, "local="+s.URL())
	if got, err := c.Ping(t.Context()).Result(); err != nil || got != "PONG" {
		t.Errorf("PING = %q, %v", got, err)
	}
	if got := c.Options().PoolSize; got <= 0 {
		t.Errorf("PoolSize = %d", got)
	}
}

func TestConnectOptions(t *testing.T) {
	tg, err := ParseTarget("redis://127.0.0.1:1")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name            string
		o               ConnectOptions
		wantDial, wantI time.Duration
		wantPool        int // 0: go-redis's default, left alone
	}{
		{name: "defaults", wantDial: 3 * time.Second, wantI: 3 * time.Second},
		{name: "set", o: ConnectOptions{PoolSize: 7, DialTimeout: time.Second, IOTimeout: 2 * time.Second},
			wantDial: time.Second, wantI: 2 * time.Second, wantPool: 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := tg.NewUniversalClient(tc.o).(*redis.Client)
			defer c.Close()
			o := c.Options()
			if o.DialTimeout != tc.wantDial || o.ReadTimeout != tc.wantI || o.WriteTimeout != tc.wantI {
				t.Errorf("timeouts dial/read/write = %v/%v/%v, want %v/%v/%v",
					o.DialTimeout, o.ReadTimeout, o.WriteTimeout, tc.wantDial, tc.wantI, tc.wantI)
			}
			if tc.wantPool != 0 && o.PoolSize != tc.wantPool {
				t.Errorf("PoolSize = %d, want %d", o.PoolSize, tc.wantPool)
			}
			if !o.DisableIdentity {
				t.Error("DisableIdentity = false, want true")
			}
		})
	}
	if tg.opts.DialTimeout == time.Second {
		t.Error("NewUniversalClient changed the target's own options")
	}
}

func TestConnectUnreachable(t *testing.T) {
	QuietClientLogs() // go-redis would log each failed dial
	addr := closedPort(t)
	tg, err := ParseTarget("redis://:s3cret@" + addr)
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	c, err := ConnectUniversal(t.Context(), tg, ConnectOptions{DialTimeout: time.Second})
	elapsed := time.Since(t0)
	if err == nil {
		_ = c.Close()
		t.Fatalf("ConnectUniversal to closed port %s succeeded", addr)
	}
	if c != nil {
		t.Error("ConnectUniversal returned a client with its error")
	}
	if !errors.Is(err, ErrUnreachable) {
		t.Errorf("error %v does not wrap ErrUnreachable", err)
	}
	if !strings.Contains(err.Error(), addr) {
		t.Errorf("error %q does not name %s", err, addr)
	}
	if strings.Contains(err.Error(), "s3cret") {
		t.Errorf("error %q shows the password", err)
	}
	// A refused connection fails at once; the bound is generous for a busy
	// machine but well below a hung dial.
	if elapsed > 5*time.Second {
		t.Errorf("ConnectUniversal took %v to give up on a closed port", elapsed)
	}
}

func TestConnectCancelled(t *testing.T) {
	tg, err := ParseTarget("redis://" + closedPort(t))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	c, err := ConnectUniversal(ctx, tg, ConnectOptions{})
	if err == nil {
		_ = c.Close()
		t.Fatal("ConnectUniversal with a cancelled context succeeded")
	}
	t.Run("cause kept", func(t *testing.T) {
		if !errors.Is(err, context.Canceled) {
			t.Errorf("error %v does not wrap context.Canceled", err)
		}
	})
}

func TestConnectAuth(t *testing.T) {
	s := testredis.Start(t, "--requirepass", "right-pw")
	admin := connectTo(t, "redis://:right-pw@"+s.Addr)
	if err := admin.Do(t.Context(), "ACL", "SETUSER", "alice", "on", ">alice-pw", "~*", "+@all").Err(); err != nil {
		t.Fatalf("ACL SETUSER: %v", err)
	}
	for _, tc := range []struct {
		name, url string
		ok        bool
		secret    string // must not appear in the error
	}{
		{name: "default user", url: "redis://:right-pw@" + s.Addr, ok: true},
		{name: "acl user", url: "redis://alice:alice-pw@" + s.Addr, ok: true},
		{name: "wrong password", url: "redis://:wrong-pw@" + s.Addr, secret: "wrong-pw"},
		{name: "acl user wrong password", url: "redis://alice:wrong-pw@" + s.Addr, secret: "wrong-pw"},
		{name: "unknown user", url: "redis://bob:bob-pw@" + s.Addr, secret: "bob-pw"},
		{name: "no password", url: "redis://" + s.Addr},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tg, err := ParseTarget(tc.url)
			if err != nil {
				t.Fatal(err)
			}
			c, err := ConnectUniversal(t.Context(), tg, ConnectOptions{})
			if tc.ok {
				if err != nil {
					t.Fatalf("ConnectUniversal: %v", err)
				}
				defer c.Close()
				// The session is really authenticated as the URL's user.
				want := tg.opts.Username
				if want == "" {
					want = "default"
				}
				if got, err := c.Do(t.Context(), "ACL", "WHOAMI").Text(); err != nil || got != want {
					t.Errorf("ACL WHOAMI = %q, %v, want %q", got, err, want)
				}
				return
			}
			if err == nil {
				_ = c.Close()
				t.Fatal("ConnectUniversal succeeded")
			}
			if !errors.Is(err, ErrUnreachable) {
				t.Errorf("error %v does not wrap ErrUnreachable", err)
			}
			if !strings.Contains(err.Error(), s.Addr) {
				t.Errorf("error %q does not name %s", err, s.Addr)
			}
			if tc.secret != "" && strings.Contains(err.Error(), tc.secret) {
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
