package embedded

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

func TestStartFallback(t *testing.T) {
	notExecutable := filepath.Join(t.TempDir(), "redis-server")
	if err := os.WriteFile(notExecutable, []byte("not a program"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name        string
		redisServer string
		emptyPath   bool // PATH without redis-server
		noEmulator  bool
		wantErr     bool
	}{
		{name: "missing path", redisServer: "/nonexistent/redis-server"},
		{name: "missing path, no emulator", redisServer: "/nonexistent/redis-server", noEmulator: true, wantErr: true},
		{name: "not on PATH", emptyPath: true},
		{name: "not on PATH, no emulator", emptyPath: true, noEmulator: true, wantErr: true},
		{name: "not executable", redisServer: notExecutable},
		{name: "not executable, no emulator", redisServer: notExecutable, noEmulator: true, wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmp := isolateTempDir(t)
			if tc.emptyPath {
				t.Setenv("PATH", t.TempDir())
			}
			s, err := Start(t.Context(), Options{RedisServer: tc.redisServer, NoEmulator: tc.noEmulator})
			if tc.wantErr {
				if err == nil {
					_ = s.Stop()
					t.Fatalf("Start = %s server, want ErrNoRedisServer", s.Kind)
				}
				if !errors.Is(err, ErrNoRedisServer) {
					t.Errorf("error = %v, want ErrNoRedisServer", err)
				}
				if tc.emptyPath && !errors.Is(err, exec.ErrNotFound) {
					t.Errorf("error = %v, want it to wrap exec.ErrNotFound too", err)
				}
				assertEmptyDir(t, tmp)
				return
			}
			if err != nil {
				t.Fatalf("Start: %v", err)
			}
			defer func() { _ = s.Stop() }()
			if s.Kind != KindMiniredis || s.Version != "" {
				t.Errorf("Kind, Version = %q, %q, want %q, \"\"", s.Kind, s.Version, KindMiniredis)
			}
			if port := portOf(t, s.Addr); port == reservedPort {
				t.Errorf("port = %d", port)
			}
			if got := do(t, s.Addr, "PING"); got != "PONG" {
				t.Errorf("PING = %#v, want PONG", got)
			}
			if got := do(t, s.Addr, "SET", "k", "v"); got != "OK" {
				t.Errorf("SET = %#v, want OK", got)
			}
			if got := do(t, s.Addr, "GET", "k"); got != "v" {
				t.Errorf("GET = %#v, want v", got)
			}
			if err := s.Stop(); err != nil {
				t.Fatalf("Stop: %v", err)
			}
			if dialable(s.Addr) {
				t.Errorf("miniredis on %s still accepts connections after Stop", s.Addr)
			}
			if err := s.Stop(); err != nil {
				t.Errorf("second Stop: %v", err)
			}
			assertEmptyDir(t, tmp)
		})
	}
}
