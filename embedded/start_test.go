package embedded

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// lockedBuffer is a bytes.Buffer safe for the writer goroutine of exec and
// the test reading it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestStartRedisServer(t *testing.T) {
	requireRedisServer(t)
	var log lockedBuffer
	s := startT(t, Options{Log: &log})

	if s.Kind != KindRedisServer {
		t.Errorf("Kind = %q, want %q", s.Kind, KindRedisServer)
	}
	if port := portOf(t, s.Addr); port == reservedPort || port == 0 {
		t.Errorf("port = %d", port)
	}
	if want := "redis://" + s.Addr; s.URL() != want {
		t.Errorf("URL() = %q, want %q", s.URL(), want)
	}
	if want := redisVersion(t.Context(), "redis-server"); s.Version == "" || s.Version != want || strings.Contains(s.Version, " ") {
		t.Errorf("Version = %q, want %q (non-empty, one word)", s.Version, want)
	}
	if got := do(t, s.Addr, "PING"); got != "PONG" {
		t.Errorf("PING = %#v, want PONG", got)
	}
	if got, ok := do(t, s.Addr, "INFO", "server").(string); !ok || !strings.Contains(got, "redis_version:"+s.Version) {
		t.Errorf("INFO server does not report version %q: %.200q", s.Version, got)
	}

	dir, err := filepath.EvalSymlinks(s.dir)
	if err != nil {
		t.Fatalf("temp dir while running: %v", err)
	}
	for _, tc := range []struct{ name, want string }{
		{"save", ""},
		{"appendonly", "no"},
		{"protected-mode", "no"},
		{"daemonize", "no"},
		{"bind", "127.0.0.1"},
		{"dir", dir},
	} {
		t.Run("config "+tc.name, func(t *testing.T) {
			if got := configGet(t, s.Addr, tc.name); got != tc.want {
				t.Errorf("CONFIG GET %s = %q, want %q", tc.name, got, tc.want)
			}
		})
	}

	if err := s.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if s.proc.cmd.ProcessState == nil || !s.proc.exited() {
		t.Error("process not reaped after Stop")
	}
	if dialable(s.Addr) {
		t.Errorf("%s still accepts connections after Stop", s.Addr)
	}
	if _, err := os.Stat(s.dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("temp dir %s after Stop: %v, want not exist", s.dir, err)
	}
	if !strings.Contains(strings.ToLower(log.String()), "ready to accept connections") {
		t.Errorf("Log did not receive redis-server's output: %q", log.String())
	}
	if err := s.Stop(); err != nil {
		t.Errorf("second Stop: %v", err)
	}
}

func TestStopNil(t *testing.T) {
	var s *Server
	if err := s.Stop(); err != nil {
		t.Errorf("nil Stop: %v", err)
	}
}

func TestStartArgs(t *testing.T) {
	requireRedisServer(t)
	for _, tc := range []struct {
		name        string
		args        []string
		param, want string
	}{
		{"maxmemory", []string{"--maxmemory", "1mb"}, "maxmemory", "1048576"},
		{"policy", []string{"--maxmemory-policy", "allkeys-lru"}, "maxmemory-policy", "allkeys-lru"},
		{"overrides appendonly", []string{"--appendonly", "yes", "--appendfsync", "always"}, "appendonly", "yes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := startT(t, Options{Args: tc.args})
			if got := configGet(t, s.Addr, tc.param); got != tc.want {
				t.Errorf("CONFIG GET %s = %q, want %q", tc.param, got, tc.want)
			}
		})
	}
}

func TestStartRejectsReservedArgs(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"port", []string{"--port", "6379"}},
		{"port upper case", []string{"--maxmemory", "1mb", "--PORT", "6379"}},
		{"bind", []string{"--bind", "0.0.0.0"}},
		{"dir", []string{"--dir", "/"}},
		{"daemonize", []string{"--daemonize", "yes"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmp := isolateTempDir(t)
			s, err := Start(t.Context(), Options{Args: tc.args, NoEmulator: true})
			if err == nil {
				_ = s.Stop()
				t.Fatal("Start accepted a reserved argument")
			}
			if !strings.HasPrefix(err.Error(), "embedded: Args may not set --") {
				t.Errorf("error = %v", err)
			}
			assertEmptyDir(t, tmp)
		})
	}
}

func TestStartFailureLeavesNothing(t *testing.T) {
	requireRedisServer(t)
	tmp := isolateTempDir(t)
	var log lockedBuffer
	s, err := Start(t.Context(), Options{Args: []string{"--no-such-directive", "1"}, Log: &log})
	if err == nil {
		_ = s.Stop()
		t.Fatal("Start succeeded with a bad directive")
	}
	for _, want := range []string{"exited during startup", "no-such-directive"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
	if !strings.Contains(log.String(), "no-such-directive") {
		t.Errorf("Log = %q, want redis-server's complaint", log.String())
	}
	assertEmptyDir(t, tmp)
}
