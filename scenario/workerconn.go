package scenario

import (
	"context"
	"errors"
	"net"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"
)

// Workers' connections.
//
// A worker is one caller doing one thing at a time, like a request handler
// holding a connection, so each worker sends its commands on a connection
// of its own for the whole run instead of checking one out of the shared
// pool for every command. The connection belongs to a client of the
// worker's own (workerConn), made with the instance client's options, so
// the same address, credentials, TLS, database, protocol and timeouts,
// with a pool of one connection. go-redis dials it and does the handshake
// (AUTH, HELLO, SELECT, CLIENT SETINFO) and sends every command but one:
// a GET, the hot path of every cache-aside read, is written and its reply
// read by the worker itself on that same connection (wireget.go), once
// go-redis has set the connection up. The command sent is the one go-redis
// would send; what differs is what it costs the client:
//
//   - go-redis's command path (hooks, pool checkout, command object,
//     reply conversion to a string, push-notification checks) took about
//     a fifth of the client's CPU in a hit-only run (pprof), its system
//     calls aside; the worker's GET is the two system calls, a request
//     built in a reused buffer and a reply read into another, decoded in
//     place, with no allocation.
//   - go-redis checks a pooled connection's health on every checkout with
//     a non-blocking recvfrom: a system call per command on top of the
//     write and the read. The worker's connection hides its descriptor
//     (yieldConn), so the check does not happen; a connection that fails
//     (anything but a Redis error reply) is dropped with its client, and
//     the worker's next command dials a fresh one, so a server restart
//     still shows as counted errors, then recovery.
//   - go-redis sets a read and a write deadline for every command (now +
//     --io-timeout), and re-arming a socket deadline is a timer update in
//     the runtime each time. The workers' connections re-arm theirs only
//     when the deadline asked for is later than the one armed, and then
//     arm it a sixteenth of the timeout later than asked: a command still
//     times out, within 1/16 of --io-timeout after it should (3.19s
//     instead of 3s by default), and the timer moves about 16 times per
//     timeout instead of twice per command.
//   - After a worker writes a command it yields (runtime.Gosched) before
//     reading the reply. Reading at once almost always finds nothing yet
//     (EAGAIN), parks the goroutine and wakes it through the poller: a
//     wasted system call and two scheduler trips per command. Yielding
//     first lets the other workers whose replies have arrived run; by the
//     time the writer reads, its reply is usually there. This is what an
//     event loop such as memtier_benchmark's does; with nothing else to
//     run, the yield returns at once.
//
// A cluster client keeps serving the workers (its commands go to many
// nodes, each with its own pool), with go-redis's GET; so do clients that
// are not go-redis's own types.

// workerOptions returns the options of the clients of the workers of an
// instance using c, or nil when they use c itself.
func workerOptions(c redis.UniversalClient) *redis.Options {
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
	o.PushNotificationProcessor = nil
	o.MaintNotificationsConfig = &maintnotifications.Config{Mode: maintnotifications.ModeDisabled}
	if o.Dialer == nil {
		return nil
	}
	return &o
}

// workerConn is a worker's connection: a client of its own whose one
// connection go-redis dials and sets up, and that connection (wire) once
// dialed, on which the worker sends its GETs itself.
type workerConn struct {
	client *redis.Client
	wire   atomic.Pointer[yieldConn] // the client's connection, set when dialed; nil before
	get    wireGet                   // the worker's own GET (wireget.go)
}

// newWorkerConn returns a connection made with template options o (from
// workerOptions); it dials on first use.
func newWorkerConn(o *redis.Options) *workerConn {
	wc := &workerConn{}
	opts := *o
	dial := o.Dialer
	opts.Dialer = func(ctx context.Context, network, addr string) (net.Conn, error) {
		cn, err := dial(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		yc := &yieldConn{Conn: cn}
		wc.wire.Store(yc)
		return yc, nil
	}
	wc.client = redis.NewClient(&opts)
	wc.get.readTimeout, wc.get.writeTimeout = o.ReadTimeout, o.WriteTimeout
	return wc
}

// ready returns the connection the worker may send its own commands on:
// one go-redis has dialed and set up and not closed since; nil until then.
func (wc *workerConn) ready() *yieldConn {
	if yc := wc.wire.Load(); yc != nil && !yc.closed.Load() {
		return yc
	}
	return nil
}

// yieldConn is a worker's connection: it yields the processor after each
// write, before its writer goes on to read the reply, and re-arms its
// deadlines lazily. It also hides the underlying connection's file
// descriptor (it is not a syscall.Conn), so go-redis does not peek at the
// socket before each command.
type yieldConn struct {
	net.Conn
	read, write lazyDeadline
	rearm       time.Duration // the worker's own GET re-arms the deadlines from then on (mono; wireget.go)
	closed      atomic.Bool
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

// SetReadDeadline sets the read deadline lazily (lazyDeadline).
func (c *yieldConn) SetReadDeadline(t time.Time) error {
	return c.read.set(t, c.Conn.SetReadDeadline)
}

// SetWriteDeadline sets the write deadline lazily (lazyDeadline).
func (c *yieldConn) SetWriteDeadline(t time.Time) error {
	return c.write.set(t, c.Conn.SetWriteDeadline)
}

// SetDeadline sets both deadlines lazily.
func (c *yieldConn) SetDeadline(t time.Time) error {
	return errors.Join(c.SetReadDeadline(t), c.SetWriteDeadline(t))
}

// lazyDeadline is one direction's deadline as armed on the socket, in Unix
// nanoseconds (0 for none), and the slack it was armed with.
type lazyDeadline struct{ armed, slack atomic.Int64 }

// deadlineSlack is the fraction of the time left until a deadline by which
// the deadline armed may come after the one asked for: 1/deadlineSlack.
const deadlineSlack = 16

// set asks for deadline t. When the armed deadline is not before t and at
// most its slack later, it stays (no clock read, no timer update);
// otherwise t plus a slack of 1/16 of the time left is armed with arm.
//
// A request for no deadline (zero t) leaves the armed one in place: on
// these connections every command asks for its deadlines before it writes
// or reads, and go-redis clears the read deadline only before peeking at
// the socket, which these connections do not let it do (a RESP3 client
// asks before every command; clearing and re-arming each time would undo
// the saving). Nothing here reads without a deadline.
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

// ownConn returns the worker's own connection, made on first use; nil when
// the instance's workers share its client.
func (w *worker) ownConn() *workerConn {
	if w.conn == nil && w.inst.workerOpts != nil {
		w.conn = newWorkerConn(w.inst.workerOpts)
	}
	return w.conn
}

// rc returns the handle the worker sends go-redis's commands on: its own
// connection's client, or the instance's shared client.
func (w *worker) rc() redis.Cmdable {
	if c := w.ownConn(); c != nil {
		return c.client
	}
	return w.inst.client
}

// done drops the worker's connection after a command failed with err,
// unless err is a reply from Redis (including redis.Nil), after which the
// connection is still in step.
func (w *worker) done(err error) {
	if err == nil || w.conn == nil {
		return
	}
	var re redis.Error
	if errors.As(err, &re) {
		return
	}
	_ = w.closeConn()
}

// closeConn closes the worker's connection and its client.
func (w *worker) closeConn() error {
	if w.conn == nil {
		return nil
	}
	err := w.conn.client.Close()
	w.conn = nil
	if errors.Is(err, redis.ErrClosed) {
		return nil
	}
	return err
}
