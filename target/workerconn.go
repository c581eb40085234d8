package target

import (
	"context"
	"errors"
	"math"
	"net"
	"runtime"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"
)

// A worker is one caller doing one thing at a time, so it sends its
// commands on a connection of its own for the whole run: a go-redis client
// with a pool of one, which dials and sets the connection up (AUTH, HELLO,
// SELECT) and sends every command but GET. The worker sends its GETs itself
// on that connection (wireget.go), which costs the client far less than
// go-redis's command path (docs/generator.md has the measurements). A
// cluster client serves its workers itself, with go-redis's GET.

// WorkerOptions returns the options of the own connections of the workers
// using client c (c's, with a pool of one connection), or nil when they use
// c itself: for a cluster client and for clients not of go-redis's own types.
func WorkerOptions(c redis.UniversalClient) *redis.Options {
	rc, ok := c.(*redis.Client)
	if !ok {
		return nil
	}
	o := *rc.Options()
	o.PoolSize = 1
	o.MinIdleConns, o.MaxIdleConns, o.MaxActiveConns = 0, 0, 0
	// NewClient keeps per-client state in its options: a client of the
	// copy makes its own push-notification processor. Maintenance
	// notifications (a RESP3 handshake on each new connection, for servers
	// that move during maintenance) stay with the shared client: go-redis
	// 9.23 updates the options it shares with every connection when the
	// handshake is refused, which races when workers connect at once; and
	// a worker reading its own GET replies must not get pushes.
	// The worker owns its one connection and keeps it busy with GETs that
	// go-redis does not see, so go-redis's idle check (which looks at the
	// last command go-redis sent) would close a busy connection and redial
	// inside a measured operation: off. A connection the server dropped
	// shows as an error on its next command and is redialled then.
	o.ConnMaxIdleTime = -1
	o.PushNotificationProcessor = nil
	o.MaintNotificationsConfig = &maintnotifications.Config{Mode: maintnotifications.ModeDisabled}
	if o.Dialer == nil {
		return nil
	}
	return &o
}

// WorkerConn is a worker's own connection: a client of its own whose one
// connection go-redis dials and sets up, and that connection (wire) once
// dialed, on which Get sends GETs itself. It is not safe for concurrent use.
type WorkerConn struct {
	client    *redis.Client
	wire      atomic.Pointer[yieldConn] // the client's connection, set when dialed; nil before
	get       wireGet
	spinReads bool // poll for replies before parking (SpinReads)
	topo      *Topology
	epoch     uint64 // topo's epoch when the connection last looked
}

// Follow makes the connection follow t's master: it is dialled to the
// master t last saw (so that the connection and Moved agree on where the
// master is, even while the sentinels disagree), and Moved reports when
// the master moved away from the server it is connected to. Call it before
// the first command.
func (c *WorkerConn) Follow(t *Topology) {
	c.topo = t
	c.epoch = t.Epoch()
}

// Moved reports whether the master moved (Topology) to another server
// than the one the connection is on since it last looked: the caller then
// drops the connection, and the next one is dialled to the master the
// sentinels name. It is go-redis's own failover client's rule (on
// +switch-master it closes its connections to any other server), applied
// before the next command instead of in the middle of one.
func (c *WorkerConn) Moved() bool {
	if c.topo == nil {
		return false
	}
	e := c.topo.Epoch()
	if e == c.epoch {
		return false
	}
	c.epoch = e
	yc := c.wire.Load()
	return yc != nil && yc.RemoteAddr().String() != c.topo.Master()
}

// SpinReads makes the connections dialed from now on poll a plain socket
// for a reply for up to ReadSpin before parking (spinReader). It is for
// the open loop, where a worker waits for one reply at a time while the
// pacing spins; a closed loop of many workers keeps the processor busy
// anyway, and there polling costs throughput (docs/generator.md).
func (c *WorkerConn) SpinReads() { c.spinReads = true }

// NewWorkerConn returns a connection made with options o (from
// WorkerOptions); it dials on first use.
func NewWorkerConn(o *redis.Options) *WorkerConn {
	wc := &WorkerConn{}
	opts := *o
	dial := o.Dialer
	opts.Dialer = func(ctx context.Context, network, addr string) (net.Conn, error) {
		var cn net.Conn
		var err error
		if wc.topo != nil && wc.topo.Master() != "" {
			cn, err = wc.topo.dial(ctx, network)
		} else {
			cn, err = dial(ctx, network, addr)
		}
		if err != nil {
			return nil, err
		}
		yc := &yieldConn{Conn: cn}
		if wc.spinReads {
			yc.spin = spinReaderOf(cn)
		}
		wc.wire.Store(yc)
		return yc, nil
	}
	wc.client = redis.NewClient(&opts)
	wc.get.readTimeout, wc.get.writeTimeout = o.ReadTimeout, o.WriteTimeout
	return wc
}

// Client returns the connection's go-redis client, for every command but
// the GETs that Get sends.
func (c *WorkerConn) Client() *redis.Client { return c.client }

// Get sends GET <prefix><k> (k in decimal) and returns the value, valid
// until the next call and not to be written, or redis.Nil when the key
// does not exist. Once go-redis has set the connection up, Get writes the
// request and reads the reply itself, allocating nothing; the first GET
// goes through go-redis, which dials. now is the caller's monotonic time
// (any origin, the same for every call).
func (c *WorkerConn) Get(ctx context.Context, prefix []byte, k uint64, now time.Duration) ([]byte, error) {
	if yc := c.ready(); yc != nil {
		return c.get.do(yc, prefix, k, now)
	}
	key := strconv.AppendUint(append([]byte(nil), prefix...), k, 10)
	return c.client.Get(ctx, string(key)).Bytes()
}

// Close closes the connection and its client; closing twice is no error.
func (c *WorkerConn) Close() error {
	if err := c.client.Close(); err != nil && !errors.Is(err, redis.ErrClosed) {
		return err
	}
	return nil
}

// ready returns the connection Get may send on itself: one go-redis has
// dialed and set up and not closed since; nil until then.
func (c *WorkerConn) ready() *yieldConn {
	if yc := c.wire.Load(); yc != nil && !yc.closed.Load() {
		return yc
	}
	return nil
}

// IsReply reports whether err is a reply from Redis (an error reply, or
// redis.Nil for a missing key): after one the connection is still in step,
// while after any other failure it may not be and is better dropped.
func IsReply(err error) bool {
	var re redis.Error
	return errors.As(err, &re)
}

// yieldConn is a worker's connection. It yields the processor after each
// write, so that by the time its writer reads, the reply has usually
// arrived (reading at once mostly finds nothing and parks the goroutine);
// on a plain TCP or unix socket it then polls for the reply a little
// before it parks (spinReader).
// It re-arms its deadlines lazily, and hides the underlying connection's
// file descriptor (it is not a syscall.Conn), so go-redis does not peek at
// the socket before each command.
type yieldConn struct {
	net.Conn
	read, write lazyDeadline
	rearm       atomic.Int64 // Get re-arms the deadlines from then on (caller's monotonic time; wireget.go); MinInt64 after go-redis set one
	closed      atomic.Bool
	spin        *spinReader // nil: read as the connection does (TLS, say)
}

// spinReaderOf returns a spinReader for a plain TCP or unix socket, nil
// for any other connection (TLS keeps its own reads).
func spinReaderOf(cn net.Conn) *spinReader {
	var sc syscall.Conn
	switch c := cn.(type) {
	case *net.TCPConn:
		sc = c
	case *net.UnixConn:
		sc = c
	default:
		return nil
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return nil
	}
	return newSpinReader(raw)
}

// Read reads p, polling first on a plain socket (spinReader).
func (c *yieldConn) Read(p []byte) (int, error) {
	if c.spin != nil {
		return c.spin.read(p)
	}
	return c.Conn.Read(p)
}

// Write writes p and yields.
func (c *yieldConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	runtime.Gosched()
	return n, err
}

// Close closes the connection and notes it is closed.
func (c *yieldConn) Close() error {
	c.closed.Store(true)
	return c.Conn.Close()
}

// SetReadDeadline sets the read deadline lazily (lazyDeadline), for
// go-redis's commands: the deadline it asks for may come before the one
// Get armed, so Get re-arms before its next command.
func (c *yieldConn) SetReadDeadline(t time.Time) error {
	c.rearm.Store(math.MinInt64)
	return c.read.set(t, c.Conn.SetReadDeadline)
}

// SetWriteDeadline sets the write deadline lazily, as SetReadDeadline.
func (c *yieldConn) SetWriteDeadline(t time.Time) error {
	c.rearm.Store(math.MinInt64)
	return c.write.set(t, c.Conn.SetWriteDeadline)
}

// SetDeadline sets both deadlines lazily.
func (c *yieldConn) SetDeadline(t time.Time) error {
	return errors.Join(c.SetReadDeadline(t), c.SetWriteDeadline(t))
}

// lazyDeadline is one direction's deadline as armed on the socket, in Unix
// nanoseconds (0 for none), and the slack it was armed with. Re-arming a
// socket deadline updates a runtime timer; arming it a little late, and
// only when needed, moves the timer about 16 times per timeout instead of
// twice per command, and a command still times out within 1/16 of the
// timeout after it should.
type lazyDeadline struct{ armed, slack atomic.Int64 }

// deadlineSlack is the fraction of the time left until a deadline by which
// the deadline armed may come after the one asked for: 1/deadlineSlack.
const deadlineSlack = 16

// set asks for deadline t. When the armed deadline is not before t and at
// most its slack later, it stays (no clock read, no timer update);
// otherwise t plus a slack of 1/16 of the time left is armed with arm.
//
// A request for no deadline (zero t) leaves the armed one in place: every
// command asks for its deadlines before it writes or reads, and go-redis
// clears the read deadline only before peeking at the socket, which these
// connections do not let it do. Nothing here reads without a deadline.
func (d *lazyDeadline) set(t time.Time, arm func(time.Time) error) error {
	if t.IsZero() {
		return nil
	}
	want := t.UnixNano()
	if cur := d.armed.Load(); cur != 0 && cur >= want && cur-want <= d.slack.Load() {
		return nil
	}
	slack := max(want-time.Now().UnixNano(), 0) / deadlineSlack
	d.armed.Store(want + slack)
	d.slack.Store(slack)
	return arm(time.Unix(0, want+slack))
}
