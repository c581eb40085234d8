package target

import (
	"net"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// TestWorkerClientKinds: go-redis's plain client (standalone, Sentinel)
// gives its workers clients of their own with its options and a pool of
// one connection; a cluster client serves its workers itself.
func TestWorkerClientKinds(t *testing.T) {
	plain := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", PoolSize: 100, DB: 3, Protocol: 2, ReadTimeout: time.Second})
	defer plain.Close()
	cluster := redis.NewClusterClient(&redis.ClusterOptions{Addrs: []string{"127.0.0.1:1"}})
	defer cluster.Close()
	if o := WorkerOptions(cluster); o != nil {
		t.Errorf("a cluster client's workers get options %+v", o)
	}
	o := WorkerOptions(plain)
	if o == nil {
		t.Fatal("a plain client's workers get no options")
	}
	if o.PoolSize != 1 || o.MinIdleConns != 0 || o.DB != 3 || o.Protocol != 2 || o.Addr != "127.0.0.1:1" {
		t.Errorf("options pool %d, idle %d, db %d, protocol %d, addr %s", o.PoolSize, o.MinIdleConns, o.DB, o.Protocol, o.Addr)
	}
	wc := NewWorkerConn(o)
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
