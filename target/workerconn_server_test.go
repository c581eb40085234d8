package target

import (
	"context"
	"testing"
	"time"

	"github.com/cacheaside/bench/internal/testredis"
	"github.com/redis/go-redis/v9"
)

// workerConnTo returns a worker's own connection to a fresh redis-server
// whose parent client has options set by tune, after one GET through
// go-redis (which dials) and one of its own, with key k:1 set.
func workerConnTo(t *testing.T, tune func(*redis.Options)) (*WorkerConn, *yieldConn) {
	t.Helper()
	s := testredis.Start(t)
	c := connectTo(t, s.URL())
	tune(c.Options())
	if err := c.Set(t.Context(), "k:1", "v", 0).Err(); err != nil {
		t.Fatal(err)
	}
	o := WorkerOptions(c)
	if o == nil {
		t.Fatal("no worker options")
	}
	wc := NewWorkerConn(o)
	t.Cleanup(func() { _ = wc.Close() })
	for range 2 {
		if v, err := wc.Get(t.Context(), []byte("k:"), 1, time.Duration(time.Now().UnixNano())); err != nil || string(v) != "v" {
			t.Fatalf("Get = %q, %v", v, err)
		}
	}
	yc := wc.ready()
	if yc == nil {
		t.Fatal("connection not ready after two GETs")
	}
	if yc.spin != nil {
		t.Fatal("a connection polls for replies without SpinReads")
	}
	return wc, yc
}

// TestWorkerGetKeepsIOTimeout: a go-redis command with a short context
// deadline arms the socket's read deadline shortly ahead; the worker's
// next GET, once that deadline has passed, must re-arm it to --io-timeout
// rather than keep it (and time out at once).
func TestWorkerGetKeepsIOTimeout(t *testing.T) {
	const timeout = 2 * time.Second
	wc, yc := workerConnTo(t, func(o *redis.Options) {
		o.ReadTimeout, o.WriteTimeout = timeout, timeout
		o.ContextTimeoutEnabled = true // go-redis then arms the context's deadline when it is earlier
	})
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Millisecond)
	defer cancel()
	if err := wc.Client().Ping(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	armed := time.Unix(0, yc.read.armed.Load())
	if time.Until(armed) > timeout/2 {
		t.Fatalf("go-redis armed the read deadline %v ahead, want about 30ms", time.Until(armed))
	}
	time.Sleep(time.Until(armed) + time.Millisecond) // the event: go-redis's deadline has passed
	start := time.Now()
	if v, err := wc.Get(t.Context(), []byte("k:"), 1, time.Duration(start.UnixNano())); err != nil || string(v) != "v" {
		t.Fatalf("Get after go-redis's deadline = %q, %v", v, err)
	}
	for name, d := range map[string]*lazyDeadline{"read": &yc.read, "write": &yc.write} {
		if left := time.Unix(0, d.armed.Load()).Sub(start); left < timeout {
			t.Errorf("%s deadline %v after the GET started, want at least %v", name, left, timeout)
		}
	}
}

// TestWorkerConnNotClosedIdle: a worker connection busy with its own GETs
// for longer than the parent client's ConnMaxIdleTime is not closed and
// redialled by go-redis's idle check at its next command.
func TestWorkerConnNotClosedIdle(t *testing.T) {
	const idle = 50 * time.Millisecond
	wc, _ := workerConnTo(t, func(o *redis.Options) { o.ConnMaxIdleTime = idle })
	id, err := wc.Client().ClientID(t.Context()).Result()
	if err != nil {
		t.Fatal(err)
	}
	for start := time.Now(); time.Since(start) < 3*idle; {
		if _, err := wc.Get(t.Context(), []byte("k:"), 1, time.Duration(time.Now().UnixNano())); err != nil {
			t.Fatal(err)
		}
	}
	again, err := wc.Client().ClientID(t.Context()).Result()
	if err != nil {
		t.Fatal(err)
	}
	if again != id {
		t.Errorf("client id %d after GETs, was %d: go-redis redialled a busy connection", again, id)
	}
}

// TestProbe: a probe's GETs of a missing key succeed on its own
// connection (the first dials through go-redis, the next are its own).
func TestProbe(t *testing.T) {
	s := testredis.Start(t)
	c := connectTo(t, s.URL())
	p := NewProbe(c, "probe:", 0)
	defer p.Close()
	for range 3 {
		if err := p.Get(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	if p.wc == nil || p.wc.ready() == nil {
		t.Fatal("the probe does not send on a connection of its own")
	}
	if p.wc.ready().spin == nil {
		t.Error("the probe's connection does not poll for replies")
	}
}
