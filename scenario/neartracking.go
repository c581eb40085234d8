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
	done     sync.WaitGroup
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
			// drops their invalidations. Flush, and say so in the report.
			in.lostSub.Add(1)
			in.cache.flush()
		}
		return nil
	}
	in.sub = redis.NewClient(&so)
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
// dials counts the worker's connections over its life.
func (in *nearInstance) workerOptions(opts *redis.Options, dials *atomic.Int64) *redis.Options {
	o := *opts
	o.Protocol = 2
	if in.bcast {
		return &o
	}
	o.OnConnect = func(ctx context.Context, cn *redis.Conn) error {
		if dials.Add(1) > 1 {
			in.cache.flush()
		}
		return track(ctx, cn, in.subID.Load(), "")
	}
	return &o
}

// receive applies invalidation messages to the cache until the
// subscription is closed.
func (in *nearInstance) receive() {
	defer in.done.Done()
	ctx := context.Background()
	for {
		msg, err := in.ps.ReceiveMessage(ctx)
		if errors.Is(err, redis.ErrClosed) {
			return
		}
		if err != nil {
			// go-redis redials and subscribes again (OnConnect flushes);
			// pause so a server that is down is not redialled in a spin.
			time.Sleep(10 * time.Millisecond)
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
