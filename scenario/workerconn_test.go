package scenario

import (
	"context"
	"net"
	"strconv"
	"syscall"
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
	if w.conn == nil || w.conn.ready() == nil {
		t.Fatal("the worker has no connection of its own set up")
	}
	if after := shared.PoolStats().TotalConns; after != before {
		t.Errorf("the shared pool went from %d to %d connections", before, after)
	}
	id, err := w.conn.client.ClientID(ctx).Result()
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		if _, err := w.Do(ctx, rec); err != nil {
			t.Fatal(err)
		}
		if again, _ := w.conn.client.ClientID(ctx).Result(); again != id {
			t.Fatalf("connection changed from client %d to %d without a failure", id, again)
		}
	}

	if err := shared.ClientKillByFilter(ctx, "ID", strconv.FormatInt(id, 10)).Err(); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Do(ctx, rec); err == nil {
		t.Fatal("an operation on a killed connection succeeded")
	} else if kind := ErrorKind(err); kind != "conn_closed" && kind != "conn_reset" {
		t.Errorf("error %v is counted as %q", err, kind)
	}
	if w.conn != nil {
		t.Error("the failed connection was kept")
	}
	if _, err := w.Do(ctx, rec); err != nil {
		t.Fatalf("after reconnecting: %v", err)
	}
	if again, _ := w.conn.client.ClientID(ctx).Result(); again == id {
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
	w.done(w.rc().Incr(ctx, w.key(0)).Err()) // INCR of a JSON record: an error reply
	if w.conn != conn {
		t.Error("a Redis error reply dropped the connection")
	}
	w.done(redis.Nil)
	if w.conn != conn {
		t.Error("redis.Nil dropped the connection")
	}
}

// TestWorkerClientKinds: go-redis's plain client (standalone, Sentinel)
// gives its workers clients of their own with its options and a pool of
// one connection; a cluster client serves its workers itself.
func TestWorkerClientKinds(t *testing.T) {
	plain := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", PoolSize: 100, DB: 3, Protocol: 2, ReadTimeout: time.Second})
	defer plain.Close()
	cluster := redis.NewClusterClient(&redis.ClusterOptions{Addrs: []string{"127.0.0.1:1"}})
	defer cluster.Close()
	if o := workerOptions(cluster); o != nil {
		t.Errorf("a cluster client's workers get options %+v", o)
	}
	o := workerOptions(plain)
	if o == nil {
		t.Fatal("a plain client's workers get no options")
	}
	if o.PoolSize != 1 || o.MinIdleConns != 0 || o.DB != 3 || o.Protocol != 2 || o.Addr != "127.0.0.1:1" {
		t.Errorf("options pool %d, idle %d, db %d, protocol %d, addr %s", o.PoolSize, o.MinIdleConns, o.DB, o.Protocol, o.Addr)
	}
	wc := newWorkerConn(o)
	defer wc.client.Close()
	if wc.get.readTimeout != time.Second || wc.ready() != nil {
		t.Errorf("new connection: read timeout %v, ready %v", wc.get.readTimeout, wc.ready())
	}
}

// TestYieldConnHidesDescriptor: go-redis cannot reach the socket behind
// a worker's connection to peek at it before every command.
func TestYieldConnHidesDescriptor(t *testing.T) {
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	var c net.Conn = &yieldConn{Conn: a}
	if _, ok := c.(syscall.Conn); ok {
		t.Error("yieldConn exposes its file descriptor")
	}
	if _, ok := c.(interface{ NetConn() net.Conn }); ok {
		t.Error("yieldConn unwraps to its connection")
	}
	go func() { _, _ = b.Read(make([]byte, 3)) }()
	if n, err := c.Write([]byte("abc")); n != 3 || err != nil {
		t.Errorf("Write = %d, %v", n, err)
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
	var conns []*workerConn
	for _, w := range ca.workers {
		if w.conn == nil || w.conn.ready() == nil || w.conn.client.PoolStats().TotalConns != 1 {
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
		if err := c.client.Ping(context.Background()).Err(); err == nil {
			t.Error("a worker's client still works after Close")
		}
		if c.ready() != nil {
			t.Error("a worker's connection is still open after Close")
		}
	}
}

// deadlineConn counts the deadlines armed on it.
type deadlineConn struct {
	net.Conn
	reads []time.Time
}

func (d *deadlineConn) SetReadDeadline(t time.Time) error {
	d.reads = append(d.reads, t)
	return nil
}

// TestLazyDeadline: a deadline moving forward by less than 1/16 of the time
// left keeps the one armed; an earlier one, a later one beyond the slack,
// one in the past and none re-arm.
func TestLazyDeadline(t *testing.T) {
	now := time.Now()
	const timeout = 16 * time.Second // slack 1s
	for _, tc := range []struct {
		name  string
		asks  []time.Time
		armed int       // re-arms after the first ask
		last  time.Time // the deadline armed last (zero: check none)
	}{
		{"forward within the slack", []time.Time{now.Add(timeout), now.Add(timeout + 500*time.Millisecond)}, 0, time.Time{}},
		{"forward beyond the slack", []time.Time{now.Add(timeout), now.Add(timeout + 2*time.Second)}, 1, time.Time{}},
		{"earlier", []time.Time{now.Add(timeout), now.Add(time.Second)}, 1, time.Time{}},
		{"in the past, exactly", []time.Time{now.Add(timeout), now.Add(-time.Second)}, 1, now.Add(-time.Second)},
		{"none keeps the armed one", []time.Time{now.Add(timeout), {}, now.Add(timeout + 100*time.Millisecond)}, 0, time.Time{}},
		{"none, never armed", []time.Time{{}, {}}, 0, time.Time{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := &deadlineConn{}
			c := &yieldConn{Conn: d}
			for _, ask := range tc.asks {
				if err := c.SetReadDeadline(ask); err != nil {
					t.Fatal(err)
				}
			}
			first := 1
			if tc.asks[0].IsZero() {
				first = 0 // no deadline asked for: nothing armed
			}
			if got := len(d.reads) - first; got != tc.armed {
				t.Fatalf("armed %d times after the first ask (%v), want %d", got, d.reads, tc.armed)
			}
			var last time.Time // the latest deadline asked for
			for _, ask := range tc.asks {
				if !ask.IsZero() {
					last = ask
				}
			}
			if len(d.reads) > 0 { // armed never before it, never beyond its slack
				armed := d.reads[len(d.reads)-1]
				if armed.Before(last) || armed.Sub(last) > max(time.Until(last), 0)/deadlineSlack+time.Millisecond {
					t.Errorf("asked %v last, armed %v", last, armed)
				}
			}
			if !tc.last.IsZero() && !d.reads[len(d.reads)-1].Equal(tc.last) {
				t.Errorf("armed %v last, want %v", d.reads[len(d.reads)-1], tc.last)
			}
		})
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
	c := tg.NewClient(target.ConnectOptions{IOTimeout: timeout, Protocol: 2})
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
		if kind := ErrorKind(err); kind != "timeout" {
			t.Fatalf("error %v counted as %q, want timeout", err, kind)
		}
		if took < timeout || took > 10*timeout {
			t.Errorf("timed out after %v, want %v to about %v", took, timeout, timeout+timeout/deadlineSlack)
		}
	}
}
