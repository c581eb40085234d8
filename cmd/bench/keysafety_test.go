package main

import (
	"bufio"
	"context"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/internal/testredis"
)

// monitor records every command the server receives, as MONITOR shows
// them, until stop is called. stop sends a marker command on a connection
// of its own and returns what MONITOR showed before the marker: the server
// runs commands in turn, so every command sent before stop is in.
func monitor(t *testing.T, addr string) (stop func() []string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Write([]byte("MONITOR\r\n")); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(conn)
	if line, err := r.ReadString('\n'); err != nil || line != "+OK\r\n" {
		t.Fatalf("MONITOR: %q %v", line, err)
	}
	marker := "monitor-marker-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	type shown struct {
		lines []string
		err   error // why the marker was not seen
	}
	lines := make(chan shown, 1)
	go func() {
		var got []string
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				lines <- shown{got, err}
				return
			}
			line = strings.TrimSuffix(line, "\r\n")
			if args := monitorArgs(line); len(args) == 2 && strings.EqualFold(args[0], "echo") && args[1] == marker {
				lines <- shown{got, nil}
				return
			}
			got = append(got, line)
		}
	}()
	return func() []string {
		t.Helper()
		defer conn.Close()
		if err := conn.SetReadDeadline(time.Now().Add(10 * time.Second)); err != nil {
			t.Fatal(err)
		}
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if _, err := c.Write([]byte("ECHO " + marker + "\r\n")); err != nil {
			t.Fatal(err)
		}
		s := <-lines
		if s.err != nil {
			t.Fatalf("MONITOR did not show the marker command: %v", s.err)
		}
		return s.lines
	}
}

// monitorArgs splits a MONITOR line's quoted arguments.
func monitorArgs(line string) []string {
	i := strings.Index(line, "] ")
	if i < 0 {
		return nil
	}
	var args []string
	rest := line[i+2:]
	for rest != "" {
		q, err := strconv.QuotedPrefix(rest)
		if err != nil {
			break
		}
		a, _ := strconv.Unquote(q)
		args = append(args, a)
		rest = strings.TrimPrefix(rest[len(q):], " ")
	}
	return args
}

// TestOnlyOwnKeysAreTouched watches every command a run sends (all four
// strategies, invalidation, verification, cleanup): none is KEYS, FLUSHDB or
// FLUSHALL, every key is under the run's prefix, and keys outside it, even
// another run's under the same prefix, are untouched.
func TestOnlyOwnKeysAreTouched(t *testing.T) {
	srv := testredis.Start(t)
	c := redis.NewClient(&redis.Options{Addr: srv.Addr})
	defer c.Close()
	ctx := context.Background()
	foreign := map[string]string{"user:42": "mine", "cacheaside": "x", "cacheaside:otherrun:k:1": "theirs", "cacheaside-2:k:1": "y"}
	for k, v := range foreign {
		if err := c.Set(ctx, k, v, 0).Err(); err != nil {
			t.Fatal(err)
		}
	}
	stop := monitor(t, srv.Addr)
	dir := t.TempDir()
	err, out, _ := cli(t, "run", "--target", srv.URL(), "--out", dir, "--strategy", "naive,singleflight,lease,xfetch",
		"--duration", "400ms", "--warmup", "0s", "--workers", "4", "--keys", "50", "--invalidate-rate", "0.2",
		"--invalidate-mode", "delete-twice", "--source-latency", "1ms", "--ttl", "200ms", "--quiet")
	lines := stop()
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	own := "cacheaside:" + readReport(t, dir).RunID + ":"
	seen := map[string]int{}
	for _, line := range lines {
		args := monitorArgs(line)
		if len(args) == 0 {
			continue
		}
		cmd := strings.ToLower(args[0])
		seen[cmd]++
		var keys []string
		switch cmd {
		case "flushdb", "flushall", "keys":
			t.Errorf("sent %s: %s", cmd, line)
		case "get", "set", "pttl", "exists", "getdel", "expire", "pexpire":
			keys = args[1:2]
		case "del", "unlink":
			keys = args[1:]
		case "eval", "evalsha":
			if n, err := strconv.Atoi(args[2]); err == nil && 3+n <= len(args) {
				keys = args[3 : 3+n]
			}
		case "scan":
			for i := 2; i+1 < len(args); i++ {
				if strings.EqualFold(args[i], "match") {
					keys = append(keys, args[i+1])
				}
			}
		}
		for _, k := range keys {
			if !strings.HasPrefix(k, own) {
				t.Errorf("key %q outside %s in: %s", k, own, line)
			}
		}
	}
	for _, cmd := range []string{"get", "set", "scan"} {
		if seen[cmd] == 0 {
			t.Errorf("MONITOR saw no %s: %v", cmd, seen)
		}
	}
	for k, v := range foreign {
		if got, err := c.Get(ctx, k).Result(); err != nil || got != v {
			t.Errorf("foreign key %s = %q, %v; want %q", k, got, err, v)
		}
	}
	if n, _ := c.DBSize(ctx).Result(); n != int64(len(foreign)) {
		t.Errorf("%d keys left, want only the %d foreign ones", n, len(foreign))
	}
	t.Logf("commands seen: %v", seen)
}
