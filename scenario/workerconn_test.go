package scenario

import (
	"context"
	"errors"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/bench"
	"github.com/cacheaside/bench/internal/testredis"
	"github.com/cacheaside/bench/target"
)

// realCacheAside binds workload w to a private redis-server through a
// client like bench run's (a pool of workers + 4).
func realCacheAside(t *testing.T, w Workload) (*CacheAside, redis.UniversalClient) {
	t.Helper()
	srv := testredis.Start(t)
	if srv == nil {
		return nil, nil
	}
	if w.Workers == 0 {
		w.Workers = 4
	}
	ca, d := cacheAsideOn(t, srv.URL(), target.ConnectOptions{PoolSize: w.Workers + 4}, w)
	return ca, d.c
}

// cacheAsideOn binds workload w (uniform keys and an instant source unless
// it says otherwise) to the server at url, connected with o; the test's
// end closes it and removes its keys.
func cacheAsideOn(t *testing.T, url string, o target.ConnectOptions, w Workload) (*CacheAside, deployed) {
	t.Helper()
	if w.KeyDist == "" {
		w.KeyDist = "uniform"
	}
	if w.SourceLatency == "" {
		w.SourceLatency = "0"
	}
	d := connectDeployment(t, url, o)
	p, err := Prepare(Spec{Name: "t", Workloads: []Workload{w}})
	if err != nil {
		t.Fatal(err)
	}
	ca := p.NewCacheAside(0, d.t, d.c, d.prefix)
	t.Cleanup(func() {
		if err := ca.Close(); err != nil {
			t.Error(err)
		}
		_, _ = target.Cleanup(context.Background(), d.c, d.prefix)
	})
	return ca, d
}

// TestWorkerOwnConnection: a worker sends every command on one connection
// of its own, not the shared pool's; when that connection dies the failed
// operation is an error, and the next one succeeds on a new connection.
func TestWorkerOwnConnection(t *testing.T) {
	ca, shared := realCacheAside(t, Workload{Keys: 10})
	if ca == nil {
		return
	}
	ctx := context.Background()
	w, rec := testWorker(t, ca, 0)
	before := shared.PoolStats().TotalConns
	for range 20 {
		if _, err := w.Do(ctx, rec); err != nil {
			t.Fatal(err)
		}
	}
	if !connUp(w.conn) {
		t.Fatal("the worker has no connection of its own set up")
	}
	if after := shared.PoolStats().TotalConns; after != before {
		t.Errorf("the shared pool went from %d to %d connections", before, after)
	}
	id, err := w.conn.Client().ClientID(ctx).Result()
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		if _, err := w.Do(ctx, rec); err != nil {
			t.Fatal(err)
		}
		if again, _ := w.conn.Client().ClientID(ctx).Result(); again != id {
			t.Fatalf("connection changed from client %d to %d without a failure", id, again)
		}
	}

	if err := shared.ClientKillByFilter(ctx, "ID", strconv.FormatInt(id, 10)).Err(); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Do(ctx, rec); err == nil {
		t.Fatal("an operation on a killed connection succeeded")
	} else if kind := ca.ErrorKind(err); kind != "conn_closed" && kind != "conn_reset" {
		t.Errorf("error %v is counted as %q", err, kind)
	}
	if w.conn != nil {
		t.Error("the failed connection was kept")
	}
	if _, err := w.Do(ctx, rec); err != nil {
		t.Fatalf("after reconnecting: %v", err)
	}
	if again, _ := w.conn.Client().ClientID(ctx).Result(); again == id {
		t.Error("still on the killed connection")
	}
}

// TestWorkerKeepsConnectionOnRedisErrors: an error reply leaves the
// connection in step, so the worker keeps it.
func TestWorkerKeepsConnectionOnRedisErrors(t *testing.T) {
	ca, _ := realCacheAside(t, Workload{Keys: 1})
	if ca == nil {
		return
	}
	ctx := context.Background()
	w, rec := testWorker(t, ca, 0)
	if _, err := w.Do(ctx, rec); err != nil {
		t.Fatal(err)
	}
	conn := w.conn
	w.dropConnUnlessReply(w.client().Incr(ctx, w.key(0)).Err()) // INCR of a JSON record: an error reply
	if w.conn != conn {
		t.Error("a Redis error reply dropped the connection")
	}
	w.dropConnUnlessReply(redis.Nil)
	if w.conn != conn {
		t.Error("redis.Nil dropped the connection")
	}
}

// TestCloseReturnsWorkerConnections: Close closes every worker's
// connection and client.
func TestCloseReturnsWorkerConnections(t *testing.T) {
	ca, _ := realCacheAside(t, Workload{Keys: 5, Workers: 3})
	if ca == nil {
		return
	}
	res, err := bench.Run(context.Background(), bench.Config{Workers: 3, Ops: 60}, ca)
	if err != nil || res.ErrorCount() != 0 {
		t.Fatalf("run: %v, errors %v", err, res.Errors)
	}
	var conns []*target.WorkerConn
	for _, w := range ca.workers {
		if !connUp(w.conn) {
			t.Fatalf("worker %d has connection %+v", w.id, w.conn)
		}
		conns = append(conns, w.conn)
	}
	if len(conns) != 3 {
		t.Fatalf("%d workers' connections, want 3", len(conns))
	}
	if err := ca.Close(); err != nil {
		t.Fatal(err)
	}
	if len(ca.workers) != 0 {
		t.Error("Close left workers' connections")
	}
	for _, c := range conns {
		if err := c.Client().Ping(context.Background()).Err(); err == nil {
			t.Error("a worker's client still works after Close")
		}
		if connUp(c) {
			t.Error("a worker's connection is still open after Close")
		}
	}
}

// TestWorkerTimesOutOnASilentServer: with deadlines re-armed lazily, a
// command to a server that never answers still fails as a timeout, no
// sooner than --io-timeout and within its slack after.
func TestWorkerTimesOutOnASilentServer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() { // accept and hold connections, never answer
		var held []net.Conn
		defer func() {
			for _, c := range held {
				c.Close()
			}
		}()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			held = append(held, c)
		}
	}()
	tg, err := target.ParseTarget("redis://" + ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	const timeout = 200 * time.Millisecond
	c := tg.NewUniversalClient(target.ConnectOptions{IOTimeout: timeout, Protocol: 2})
	defer c.Close()
	p, err := Prepare(Spec{Workloads: []Workload{{Keys: 1, KeyDist: "uniform", SourceLatency: "0"}}})
	if err != nil {
		t.Fatal(err)
	}
	ca := p.NewCacheAside(0, tg, c, "test:run:")
	defer ca.Close()
	w, rec := testWorker(t, ca, 0)
	for range 2 { // the first command, then one on a fresh connection
		t0 := time.Now()
		_, err := w.Do(context.Background(), rec)
		took := time.Since(t0)
		if kind := ca.ErrorKind(err); kind != "timeout" {
			t.Fatalf("error %v counted as %q, want timeout", err, kind)
		}
		if took < timeout || took > 10*timeout {
			t.Errorf("timed out after %v, want %v to about %v", took, timeout, timeout+timeout/16)
		}
	}
}

// TestWireGetOnRealServer: on a real server, over RESP2 and RESP3, the
// worker's own GET returns what go-redis's returns for a hit, a miss and
// an error reply; an error reply leaves the connection in step, and the
// next GET goes on the same connection; a hit allocates nothing.
func TestWireGetOnRealServer(t *testing.T) {
	srv := testredis.Start(t)
	if srv == nil {
		return
	}
	for _, proto := range []int{2, 3} {
		t.Run("resp"+strconv.Itoa(proto), func(t *testing.T) {
			ctx := context.Background()
			ca, d := cacheAsideOn(t, srv.URL(), target.ConnectOptions{PoolSize: 4, Protocol: proto}, Workload{Keys: 10})
			w, rec := testWorker(t, ca, 0)
			hit, list := w.key(1), w.key(3) // key 2 is never set
			val := strings.Repeat("é", 700) // larger than the first buffer
			if err := d.c.Set(ctx, hit, val, time.Minute).Err(); err != nil {
				t.Fatal(err)
			}
			if err := d.c.RPush(ctx, list, "a").Err(); err != nil {
				t.Fatal(err)
			}
			// The first GET goes through go-redis, which dials.
			if b, err := w.get(ctx, rec, 1); err != nil || string(b) != val {
				t.Fatalf("first GET: %.20q, %v", b, err)
			}
			c := w.conn
			if !connUp(c) {
				t.Fatal("no connection set up after the first GET")
			}
			id, err := c.Client().ClientID(ctx).Result()
			if err != nil {
				t.Fatal(err)
			}
			for range 3 {
				if b, err := w.get(ctx, rec, 1); err != nil || string(b) != val {
					t.Fatalf("GET hit: %.20q, %v", b, err)
				}
				if _, err := w.get(ctx, rec, 2); !errors.Is(err, redis.Nil) {
					t.Fatalf("GET miss: %v, want redis.Nil", err)
				}
				_, err := w.get(ctx, rec, 3)
				_, want := d.c.Get(ctx, list).Result()
				if err == nil || want == nil || err.Error() != want.Error() || ca.ErrorKind(err) != "wrongtype" {
					t.Fatalf("GET of a list: %v, go-redis's: %v", err, want)
				}
			}
			if w.conn != c {
				t.Fatal("the worker changed connections without a failure")
			}
			if again, err := c.Client().ClientID(ctx).Result(); err != nil || again != id {
				t.Fatalf("client id %d then %d (%v)", id, again, err)
			}
			if n := testing.AllocsPerRun(50, func() {
				if _, err := w.get(ctx, rec, 1); err != nil {
					t.Fatal(err)
				}
			}); n != 0 {
				t.Errorf("%v allocations per hit, want 0", n)
			}
		})
	}
}

// TestWireGetTimesOut: the worker's own GET keeps --io-timeout, with the
// deadlines re-armed lazily: during a server pause it fails as a timeout
// no sooner than the timeout and about its slack after, the connection is
// dropped, and after the pause the worker reads again on a new one.
func TestWireGetTimesOut(t *testing.T) {
	srv := testredis.Start(t)
	if srv == nil {
		return
	}
	const timeout = 200 * time.Millisecond
	ctx := context.Background()
	ca, d := cacheAsideOn(t, srv.URL(), target.ConnectOptions{PoolSize: 4, IOTimeout: timeout, Protocol: 2}, Workload{Keys: 1})
	w, rec := testWorker(t, ca, 0)
	for range 3 { // a miss and fill, then hits on the worker's own GET
		if _, err := w.Do(ctx, rec); err != nil {
			t.Fatal(err)
		}
	}
	if !connUp(w.conn) {
		t.Fatal("the worker's connection is not set up")
	}
	time.Sleep(timeout * 3 / 2) // the deadlines armed have passed: the next GET must re-arm them
	const pause = 600 * time.Millisecond
	if err := d.c.Do(ctx, "CLIENT", "PAUSE", strconv.Itoa(int(pause/time.Millisecond)), "ALL").Err(); err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	_, err := w.get(ctx, rec, 0)
	took := time.Since(t0)
	if kind := ca.ErrorKind(err); kind != "timeout" {
		t.Fatalf("error %v counted as %q, want timeout", err, kind)
	}
	if took < timeout || took >= pause {
		t.Errorf("timed out after %v, want %v to about %v", took, timeout, timeout+timeout/16)
	}
	if w.conn != nil {
		t.Error("the connection that timed out was kept")
	}
	time.Sleep(pause - took + 50*time.Millisecond) // the pause ends
	if out, err := w.Do(ctx, rec); err != nil || out != bench.Hit {
		t.Fatalf("after the pause: %v, %v", out, err)
	}
}

// connUp reports whether a worker's own connection is dialed and open: its
// client's pool of one holds it.
func connUp(c *target.WorkerConn) bool {
	return c != nil && c.Client().PoolStats().TotalConns == 1
}

// TestOpenLoopFromSpecOrCaller: workers poll for replies in the open loop,
// whether the spec sets the rate or the caller does (bench capacity's
// steps run a closed-loop spec at rates of their own).
func TestOpenLoopFromSpecOrCaller(t *testing.T) {
	for _, tc := range []struct {
		name   string
		rate   float64
		caller *bool
		want   bool
	}{
		{"closed loop", 0, nil, false},
		{"spec's rate", 1000, nil, true},
		{"caller's open loop", 0, ptr(true), true},
		{"caller's closed loop", 1000, ptr(false), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Prepare(Spec{Name: "t", Workloads: []Workload{{KeyDist: "uniform", SourceLatency: "0", Rate: tc.rate}}})
			if err != nil {
				t.Fatal(err)
			}
			ca := p.NewCacheAside(0, target.Target{}, redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"}), "t:run:")
			defer ca.Close()
			if tc.caller != nil {
				ca.OpenLoop(*tc.caller)
			}
			if ca.openLoop != tc.want {
				t.Errorf("openLoop = %v, want %v", ca.openLoop, tc.want)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }
