package target

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/internal/testredis"
)

func TestErrorKindOfServerReplies(t *testing.T) {
	m := testredis.Emulator(t)
	c := redis.NewClient(&redis.Options{Addr: m.Addr(), MaxRetries: -1, DisableIdentity: true, Protocol: 2})
	defer c.Close()
	for _, tc := range []struct{ reply, kind string }{
		{"READONLY You can't write against a read only replica.", "readonly"},
		{"LOADING Redis is loading the dataset in memory", "loading"},
		{"OOM command not allowed when used memory > 'maxmemory'.", "oom"},
		{"MOVED 3999 127.0.0.1:6381", "moved"},
		{"ASK 3999 127.0.0.1:6381", "ask"},
		{"TRYAGAIN Multiple keys request during rehashing of slot", "tryagain"},
		{"CLUSTERDOWN The cluster is down", "clusterdown"},
		{"MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.", "masterdown"},
		{"ERR something else", "err"},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			m.SetError(tc.reply)
			defer m.SetError("")
			err := c.Get(context.Background(), "k").Err()
			if err == nil {
				t.Fatal("no error")
			}
			if got := ErrorKind(err); got != tc.kind {
				t.Errorf("ErrorKind(%v) = %q, want %q", err, got, tc.kind)
			}
		})
	}
}

func TestErrorKindOfConnections(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedAddr := ln.Addr().String()
	ln.Close()
	refused := redis.NewClient(&redis.Options{Addr: closedAddr, MaxRetries: -1, DialerRetries: 1, DisableIdentity: true})
	defer refused.Close()

	// A server that accepts and never answers: reads time out.
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	go func() {
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	slow := redis.NewClient(&redis.Options{Addr: silent.Addr().String(), MaxRetries: -1, DialerRetries: 1,
		ReadTimeout: 50 * time.Millisecond, DisableIdentity: true, Protocol: 2})
	defer slow.Close()

	ctx := context.Background()
	for _, tc := range []struct {
		name string
		err  error
		kind string
	}{
		{"refused", refused.Get(ctx, "k").Err(), "conn_refused"},
		{"read timeout", slow.Get(ctx, "k").Err(), "timeout"},
		{"context deadline", context.DeadlineExceeded, "timeout"},
		{"closed client", redis.ErrClosed, "conn_closed"},
		{"anything else", errors.New("boom"), "other"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ErrorKind(tc.err); got != tc.kind {
				t.Errorf("ErrorKind(%v) = %q, want %q", tc.err, got, tc.kind)
			}
		})
	}
}
