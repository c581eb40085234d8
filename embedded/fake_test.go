package embedded

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Tests with a shell script in place of redis-server: the failure paths
// without needing Redis.

func TestStartFakeFailures(t *testing.T) {
	for _, tc := range []struct {
		name    string
		body    string
		timeout time.Duration
		want    []string // substrings of the error
		wantIs  error
	}{
		{
			name: "exits at once",
			body: "echo 'boom: cannot start' >&2; exit 3",
			want: []string{"exited during startup", "exit status 3", "boom: cannot start"},
		},
		{
			name: "port always taken",
			body: "echo 'bind: Address already in use'; exit 1",
			want: []string{"no free port after 5 attempts", "Address already in use"},
		},
		{
			name:    "never answers",
			body:    "echo 'starting slowly'; exec sleep 60",
			timeout: 300 * time.Millisecond,
			want:    []string{"did not answer PING", "starting slowly"},
			wantIs:  context.DeadlineExceeded,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bin := fakeBinary(t, tc.body)
			tmp := isolateTempDir(t)
			s, err := Start(t.Context(), Options{RedisServer: bin, StartTimeout: tc.timeout})
			if err == nil {
				_ = s.Stop()
				t.Fatal("Start succeeded")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if tc.wantIs != nil && !errors.Is(err, tc.wantIs) {
				t.Errorf("error = %v, want %v", err, tc.wantIs)
			}
			assertEmptyDir(t, tmp)
		})
	}
}

func TestStartCanceled(t *testing.T) {
	started := filepath.Join(t.TempDir(), "started") // the fake is running
	bin := fakeBinary(t, "touch '"+started+"'; exec sleep 60")
	tmp := isolateTempDir(t)
	for _, tc := range []struct {
		name   string
		during bool // cancel once the fake runs; else before Start
	}{
		{"before", false},
		{"during startup", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			ran := make(chan bool, 1)
			if tc.during {
				go func() {
					deadline := time.Now().Add(10 * time.Second)
					for !exists(started) && time.Now().Before(deadline) {
						time.Sleep(5 * time.Millisecond)
					}
					ran <- exists(started)
					cancel()
				}()
			} else {
				cancel()
				ran <- true
			}
			s, err := Start(ctx, Options{RedisServer: bin})
			if err == nil {
				_ = s.Stop()
				t.Fatal("Start succeeded")
			}
			if !<-ran {
				t.Fatal("the fake redis-server never ran")
			}
			if !errors.Is(err, context.Canceled) {
				t.Errorf("error = %v, want context.Canceled", err)
			}
			assertEmptyDir(t, tmp)
		})
	}
}

// exists reports whether path exists.
func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func TestProcessStop(t *testing.T) {
	for _, tc := range []struct {
		name      string
		body      string
		wantState string
	}{
		{"obeys SIGTERM", "echo ready; exec sleep 60", "signal: terminated"},
		// The trap is inherited by sleep, so SIGKILL is the only way out.
		{"ignores SIGTERM", "trap '' TERM; echo ready; exec sleep 60", "signal: killed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bin := fakeBinary(t, tc.body)
			p, err := spawn(bin, nil, t.TempDir(), nil)
			if err != nil {
				t.Fatal(err)
			}
			// Signal only once the script has set its trap.
			for deadline := time.Now().Add(10 * time.Second); !p.tail.contains("ready"); {
				if time.Now().After(deadline) || p.exited() {
					_ = p.kill()
					t.Fatalf("fake never got ready: %q", p.tail.String())
				}
				time.Sleep(5 * time.Millisecond)
			}
			if err := p.stop(200 * time.Millisecond); err != nil {
				t.Fatalf("stop: %v", err)
			}
			if !p.exited() || p.cmd.ProcessState == nil {
				t.Fatal("process not reaped after stop")
			}
			if got := p.cmd.ProcessState.String(); got != tc.wantState {
				t.Errorf("process state = %q, want %q", got, tc.wantState)
			}
			if err := p.stop(time.Millisecond); err != nil {
				t.Errorf("second stop: %v", err)
			}
		})
	}
}

func TestStopReportsEarlyDeath(t *testing.T) {
	bin := fakeBinary(t, "echo 'crashing'; exit 7")
	p, err := spawn(bin, nil, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	<-p.done
	s := &Server{Kind: KindRedisServer, Addr: "127.0.0.1:1", proc: p}
	err = s.Stop()
	if err == nil {
		t.Fatal("Stop = nil for a server that died before Stop")
	}
	for _, w := range []string{"died before Stop", "exit status 7", "crashing"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not contain %q", err, w)
		}
	}
}
