package embedded

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"
)

// requireRedisServer skips the test without redis-server on PATH, or fails
// it under CI=true.
func requireRedisServer(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("redis-server is required under CI=true: %v", err)
		}
		t.Skipf("redis-server not on PATH (set CI=true to make this a failure): %v", err)
	}
}

// startT starts a server for the test and stops it at cleanup.
func startT(t *testing.T, opts Options) *Server {
	t.Helper()
	s, err := Start(t.Context(), opts)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { _ = s.Stop() })
	return s
}

// do sends one raw RESP command to addr and returns the reply.
func do(t *testing.T, addr string, args ...string) any {
	t.Helper()
	r, err := roundTrip(context.Background(), addr, 5*time.Second, args...)
	if err != nil {
		t.Fatalf("%v on %s: %v", args, addr, err)
	}
	return r
}

// configGet returns a CONFIG GET value.
func configGet(t *testing.T, addr, name string) string {
	t.Helper()
	r := do(t, addr, "CONFIG", "GET", name)
	arr, ok := r.([]any)
	if !ok || len(arr) != 2 {
		t.Fatalf("CONFIG GET %s = %#v, want a 2-element array", name, r)
	}
	v, ok := arr[1].(string)
	if !ok {
		t.Fatalf("CONFIG GET %s value = %#v, want a string", name, arr[1])
	}
	return v
}

// isolateTempDir points TMPDIR at a fresh directory, so that a test can
// check that nothing is left behind in it.
func isolateTempDir(t *testing.T) string {
	t.Helper()
	d := t.TempDir()
	t.Setenv("TMPDIR", d)
	return d
}

// assertEmptyDir fails when dir has entries.
func assertEmptyDir(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("left behind in %s: %s", dir, e.Name())
	}
}

// fakeBinary writes an executable shell script standing in for
// redis-server and returns its path. It answers --version itself.
func fakeBinary(t *testing.T, body string) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("fake redis-server is a shell script")
	}
	path := filepath.Join(t.TempDir(), "redis-server")
	script := "#!/bin/sh\ncase \"$1\" in --version) echo 'Redis server v=0.0.0-fake'; exit 0;; esac\n" + body + "\n"
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
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

// portOf returns the port of a host:port.
func portOf(t *testing.T, addr string) int {
	t.Helper()
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	if host != "127.0.0.1" {
		t.Errorf("host = %q, want 127.0.0.1", host)
	}
	n, err := strconv.Atoi(p)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
