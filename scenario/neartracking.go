package scenario

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/target"
)

// How the server's invalidations reach a near cache (docs/near-cache.md has
// why): each instance has a RESP2 connection subscribed to
// __redis__:invalidate, and tracking is turned on elsewhere with REDIRECT to
// it: on every worker connection of the instance for default tracking (the
// server tracks the keys each connection reads), or on one control
// connection with BCAST PREFIX <workload prefix> for bcast. The workers'
// connections keep reading plain replies: no push ever arrives on them.

// invalidateChannel is where Redis publishes invalidations for RESP2 clients.
const invalidateChannel = "__redis__:invalidate"

// nearInstance is one application instance's near cache and the
// connections that keep it informed.
type nearInstance struct {
	cache     *nearCache
	bcast     bool
	keyPrefix string // "<workload prefix>k:": keys are keyPrefix + index

	sub      *redis.Client // the subscriber's client (one connection)
	ps       *redis.PubSub
	ctrl     *redis.Client // bcast: holds the BCAST registration; nil otherwise
	subID    atomic.Int64  // the subscriber connection's CLIENT ID
	subDials atomic.Int64
	lostSub  atomic.Int64 // times the subscriber was redialled: redirects broke
	// trackGen is the subscriber dial the tracking now redirects to: it
	// moves once a redialled subscriber is subscribed again (and, for
	// bcast, re-registered); a worker connection tracking for an older one
	// keeps nothing and is redialled (trackingCurrent).
	trackGen  atomic.Int64
	repointed atomic.Int64 // redials after which the tracking was re-pointed
	done      sync.WaitGroup
}

// startNear connects instance in's near cache to the server: the
// subscriber first, then (bcast) the control connection. opts are the
// options of the instance's worker connections (target.WorkerOptions).
func startNear(ctx context.Context, in *nearInstance, opts *redis.Options) error {
	so := *opts
	so.Protocol = 2 // invalidations arrive as Pub/Sub messages, not pushes
	so.OnConnect = func(ctx context.Context, cn *redis.Conn) error {
		id, err := cn.ClientID(ctx).Result()
		if err != nil {
			return fmt.Errorf("scenario: near cache: CLIENT ID: %w", err)
		}
		in.subID.Store(id)
		if in.subDials.Add(1) > 1 {
			// The redirects name the old connection's id: the server now
			// drops their invalidations. Flush, and say so in the report;
			// receive re-points them once the subscription is back.
			in.lostSub.Add(1)
			in.cache.flush()
		} else {
			in.trackGen.Store(1)
		}
		return nil
	}
	in.sub = redis.NewClient(target.WatchedOptions(&so)) // its invalidations wake a spinning open loop
	in.ps = in.sub.Subscribe(ctx, invalidateChannel)
	if _, err := in.ps.Receive(ctx); err != nil {
		return fmt.Errorf("scenario: near cache: SUBSCRIBE %s: %w", invalidateChannel, err)
	}
	if in.bcast {
		co := *opts
		co.Protocol = 2
		co.OnConnect = func(ctx context.Context, cn *redis.Conn) error {
			return track(ctx, cn, in.subID.Load(), in.keyPrefix)
		}
		in.ctrl = redis.NewClient(&co)
		if err := in.ctrl.Ping(ctx).Err(); err != nil {
			return fmt.Errorf("scenario: near cache: %w", err)
		}
	}
	in.done.Add(1)
	go in.receive()
	return nil
}

// track turns tracking on for connection cn with its invalidations
// redirected to connection id; a non-empty bcast prefix asks for every
// change under it instead of the keys cn reads.
func track(ctx context.Context, cn *redis.Conn, id int64, bcast string) error {
	args := []any{"CLIENT", "TRACKING", "on", "REDIRECT", id}
	if bcast != "" {
		args = append(args, "BCAST", "PREFIX", bcast)
	}
	if err := cn.Process(ctx, redis.NewStatusCmd(ctx, args...)); err != nil {
		return fmt.Errorf("scenario: near cache: CLIENT TRACKING: %w", err)
	}
	return nil
}

// workerOptions returns the options of a worker connection of the
// instance made from opts: RESP2, and with default tracking, tracking on
// from the moment it connects. A connection dialled again lost the old
// one's tracking, so the cache is flushed.
// dials counts the worker's connections over its life; tracked is set to
// the subscriber dial its tracking redirects to (trackingCurrent).
func (in *nearInstance) workerOptions(opts *redis.Options, dials, tracked *atomic.Int64) *redis.Options {
	o := *opts
	o.Protocol = 2
	if in.bcast {
		return &o
	}
	o.OnConnect = func(ctx context.Context, cn *redis.Conn) error {
		if dials.Add(1) > 1 {
			in.cache.flush()
		}
		gen := in.trackGen.Load() // before the id: a newer id only redials again
		if err := track(ctx, cn, in.subID.Load(), ""); err != nil {
			return err
		}
		tracked.Store(gen)
		return nil
	}
	return &o
}

// trackingCurrent reports whether a worker connection whose tracking was
// set up for subscriber dial tracked redirects to a subscriber that is
// listening: the tracking was re-pointed to the last dial, and (default
// tracking) the connection's is that one. Bcast tracking lives on the
// control connection.
func (in *nearInstance) trackingCurrent(tracked int64) bool {
	gen := in.trackGen.Load()
	return gen == in.subDials.Load() && (in.bcast || tracked == gen)
}

// retrack reports whether a worker connection tracking for subscriber
// dial tracked must be redialled to follow a re-pointing.
func (in *nearInstance) retrack(tracked int64) bool {
	return !in.bcast && tracked != in.trackGen.Load()
}

// repoint turns the tracking toward a subscriber that was redialled and
// is subscribed again: bcast re-registers on the control connection (off,
// then on with the new REDIRECT); default tracking moves trackGen, so
// every worker connection is redialled before its next command and keeps
// nothing fetched on its old one. Then the cache is flushed: what was kept
// in between was not tracked by a listening subscriber.
func (in *nearInstance) repoint(ctx context.Context) error {
	dial := in.subDials.Load()
	if dial == in.trackGen.Load() {
		return nil
	}
	if in.bcast {
		if err := in.ctrl.Do(ctx, "CLIENT", "TRACKING", "off").Err(); err != nil {
			return fmt.Errorf("scenario: near cache: CLIENT TRACKING off: %w", err)
		}
		err := in.ctrl.Do(ctx, "CLIENT", "TRACKING", "on", "REDIRECT", in.subID.Load(), "BCAST", "PREFIX", in.keyPrefix).Err()
		if err != nil {
			return fmt.Errorf("scenario: near cache: CLIENT TRACKING: %w", err)
		}
	}
	in.trackGen.Store(dial)
	in.cache.flush()
	in.repointed.Add(1)
	return nil
}

// receive applies invalidation messages to the cache until the
// subscription is closed.
func (in *nearInstance) receive() {
	defer in.done.Done()
	ctx := context.Background()
	for {
		m, err := in.ps.Receive(ctx)
		if errors.Is(err, redis.ErrClosed) {
			return
		}
		if err != nil {
			// go-redis redials and subscribes again (OnConnect flushes);
			// pause so a server that is down is not redialled in a spin.
			time.Sleep(10 * time.Millisecond)
			continue
		}
		msg, ok := m.(*redis.Message)
		if !ok {
			if sub, ok := m.(*redis.Subscription); ok && sub.Kind == "subscribe" {
				// Subscribed again after a redial: re-point the tracking.
				// A failure leaves trackGen behind: workers keep nothing.
				_ = in.repoint(ctx)
			}
			continue
		}
		now := mono()
		if msg.PayloadSlice == nil && msg.Payload == "" {
			in.cache.flush() // a null invalidation: everything changed
			continue
		}
		keys := msg.PayloadSlice
		if keys == nil {
			keys = []string{msg.Payload}
		}
		for _, key := range keys {
			if k, ok := in.keyIndex(key); ok {
				in.cache.invalidate(k, now)
			}
		}
	}
}

// keyIndex returns the key index of Redis key key, when it is one of the
// workload's.
func (in *nearInstance) keyIndex(key string) (uint64, bool) {
	s, ok := strings.CutPrefix(key, in.keyPrefix)
	if !ok {
		return 0, false
	}
	k, err := strconv.ParseUint(s, 10, 64)
	return k, err == nil
}

// close stops the receiver and closes the instance's connections.
func (in *nearInstance) close() error {
	var errs []error
	if in.ctrl != nil {
		errs = append(errs, in.ctrl.Close())
	}
	if in.ps != nil {
		errs = append(errs, in.ps.Close())
		in.done.Wait()
	}
	if in.sub != nil {
		errs = append(errs, in.sub.Close())
	}
	for i, err := range errs {
		if errors.Is(err, redis.ErrClosed) {
			errs[i] = nil
		}
	}
	return errors.Join(errs...)
}
