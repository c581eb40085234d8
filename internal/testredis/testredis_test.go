package testredis

import (
	"bufio"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"
)

// command sends one raw RESP command to addr and returns the reply's lines
// (each without CRLF), reading exactly lines of them.
func command(t *testing.T, addr string, lines int, args ...string) []string {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatalf("dial %s: %v", addr, err)
	}
	defer c.Close()
	if err := c.SetDeadline(time.Now().Add(5 * time.Second)); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "*%d\r\n", len(args))
	for _, a := range args {
		fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
	}
	if _, err := c.Write([]byte(b.String())); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(c)
	var out []string
	for range lines {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("%v: read reply: %v (so far %q)", args, err, out)
		}
		out = append(out, strings.TrimSuffix(line, "\r\n"))
	}
	return out
}

// dialable reports whether something accepts connections on addr.
func dialable(addr string) bool {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return false
	}
	_ = c.Close()
	return true
}

func TestStart(t *testing.T) {
	for _, tc := range []struct {
		name  string
		args  []string
		param string // CONFIG GET param, "" = none
		want  []string
	}{
		{name: "defaults"},
		{name: "extra args", args: []string{"--maxmemory", "1mb"}, param: "maxmemory",
			want: []string{"*2", "$9", "maxmemory", "$7", "1048576"}},
	} {
		var addr string
		t.Run(tc.name, func(t *testing.T) {
			s := Start(t, tc.args...)
			addr = s.Addr
			if s.Kind != "redis-server" {
				t.Errorf("Kind = %q, want redis-server", s.Kind)
			}
			if strings.HasSuffix(addr, ":6379") {
				t.Errorf("Addr = %s", addr)
			}
			if got := command(t, addr, 1, "PING"); got[0] != "+PONG" {
				t.Errorf("PING = %q", got)
			}
			if tc.param != "" {
				got := command(t, addr, len(tc.want), "CONFIG", "GET", tc.param)
				if strings.Join(got, "|") != strings.Join(tc.want, "|") {
					t.Errorf("CONFIG GET %s = %q, want %q", tc.param, got, tc.want)
				}
			}
		})
		if addr != "" && dialable(addr) {
			t.Errorf("%s: server on %s still up after the test's cleanup", tc.name, addr)
		}
	}
}

// fakeTB records Skipf and Fatalf instead of stopping the goroutine.
type fakeTB struct {
	testing.TB
	skipped, failed string
}

func (f *fakeTB) Helper() {}

func (f *fakeTB) Skipf(format string, args ...any) { f.skipped = fmt.Sprintf(format, args...) }

func (f *fakeTB) Fatalf(format string, args ...any) { f.failed = fmt.Sprintf(format, args...) }

func TestStartWithoutRedisServer(t *testing.T) {
	for _, tc := range []struct {
		name     string
		ci       string
		wantFail bool
	}{
		{"skips locally", "", false},
		{"skips unless exactly true", "1", false},
		{"fails under CI", "true", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("PATH", t.TempDir())
			t.Setenv("CI", tc.ci)
			f := &fakeTB{TB: t}
			if s := Start(f); s != nil {
				t.Errorf("Start = %+v, want nil", s)
			}
			got, other := f.skipped, f.failed
			if tc.wantFail {
				got, other = other, got
			}
			if !strings.Contains(got, "redis-server") || !strings.Contains(got, "missing") {
				t.Errorf("message %q does not say redis-server is missing", got)
			}
			if other != "" {
				t.Errorf("unexpected other outcome: %q", other)
			}
		})
	}
}

func TestEmulator(t *testing.T) {
	var addr string
	t.Run("running", func(t *testing.T) {
		m := Emulator(t)
		addr = m.Addr()
		if strings.HasSuffix(addr, ":6379") || !strings.HasPrefix(addr, "127.0.0.1:") {
			t.Errorf("Addr = %s", addr)
		}
		if err := m.Set("k", "v"); err != nil {
			t.Fatal(err)
		}
		if got := command(t, addr, 2, "GET", "k"); got[0] != "$1" || got[1] != "v" {
			t.Errorf("GET k = %q", got)
		}
	})
	if dialable(addr) {
		t.Errorf("miniredis on %s still up after the test's cleanup", addr)
	}
}
