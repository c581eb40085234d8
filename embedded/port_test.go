package embedded

import (
	"bufio"
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/cacheaside/bench/internal/resp"
)

func TestFreePort(t *testing.T) {
	seen := map[int]bool{}
	for range 20 {
		p, err := FreePort()
		if err != nil {
			t.Fatal(err)
		}
		if p <= 0 || p > 65535 || p == reservedPort {
			t.Fatalf("FreePort = %d", p)
		}
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p))
		if err != nil {
			t.Fatalf("port %d from FreePort is not free: %v", p, err)
		}
		_ = l.Close()
		seen[p] = true
	}
	if len(seen) < 2 {
		t.Errorf("FreePort returned the same port 20 times: %v", seen)
	}
}

// impostor serves every connection on l as a fake Redis whose INFO reports
// process_id 1: it answers PING, but it is not our child.
func impostor(l net.Listener) {
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		go func() {
			defer c.Close()
			r := bufio.NewReader(c)
			for {
				cmd, err := resp.ReadReply(r)
				if err != nil {
					return
				}
				args, _ := cmd.([]any)
				if len(args) == 0 {
					return
				}
				name, _ := args[0].(string)
				switch strings.ToUpper(name) {
				case "PING":
					_, _ = c.Write([]byte("+PONG\r\n"))
				case "INFO":
					info := "# Server\r\nredis_version:0.0.0\r\nprocess_id:1\r\n"
					_, _ = fmt.Fprintf(c, "$%d\r\n%s\r\n", len(info), info)
				default:
					_, _ = c.Write([]byte("-ERR impostor\r\n"))
				}
			}
		}()
	}
}

func TestStartPortRace(t *testing.T) {
	requireRedisServer(t)
	for _, tc := range []struct {
		name  string
		serve func(net.Listener) // nil = listen but never accept
	}{
		{"silent listener", nil},
		{"impostor answering PING", impostor},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmp := isolateTempDir(t)
			l, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			if tc.serve != nil {
				go tc.serve(l)
			}
			busy := l.Addr().(*net.TCPAddr).Port
			// Offer 6379 (must be skipped), then the taken port, then free ones.
			offers := []int{reservedPort, busy}
			calls := 0
			pick := func() (int, error) {
				calls++
				if len(offers) > 0 {
					p := offers[0]
					offers = offers[1:]
					return p, nil
				}
				return FreePort()
			}
			s, err := start(t.Context(), Options{}, pick)
			if err != nil {
				t.Fatalf("start: %v", err)
			}
			defer func() { _ = s.Stop() }()
			if port := portOf(t, s.Addr); port == busy || port == reservedPort {
				t.Errorf("started on port %d (busy %d)", port, busy)
			}
			if calls != 3 {
				t.Errorf("port chooser called %d times, want 3", calls)
			}
			if got := do(t, s.Addr, "PING"); got != "PONG" {
				t.Errorf("PING = %#v", got)
			}
			if info, _ := do(t, s.Addr, "INFO", "server").(string); !strings.Contains(info, fmt.Sprintf("process_id:%d\r", s.proc.pid())) {
				t.Errorf("server on %s is not our child (pid %d)", s.Addr, s.proc.pid())
			}
			if err := s.Stop(); err != nil {
				t.Fatal(err)
			}
			// Only the successful attempt's dir existed, and Stop removed it.
			assertEmptyDir(t, tmp)
		})
	}
}
