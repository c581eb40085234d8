package target

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// Probe sends single GETs of one key the way a worker sends them: on a
// connection of its own with the worker's own GET (go-redis's GET for a
// cluster client, whose workers use it), for measuring the round trip of
// one request at a time. A missing key is a reply like any other.
type Probe struct {
	wc     *WorkerConn
	client redis.UniversalClient
	prefix []byte
	k      uint64
	key    string
	start  time.Time
}

// NewProbe returns a Probe of key prefix+k through client c.
func NewProbe(c redis.UniversalClient, prefix string, k uint64) *Probe {
	p := &Probe{client: c, prefix: []byte(prefix), k: k, start: time.Now()}
	if o := WorkerOptions(c); o != nil {
		p.wc = NewWorkerConn(o)
		p.wc.SpinReads() // as an open-loop worker's
	} else {
		p.key = prefix + strconv.FormatUint(k, 10)
	}
	return p
}

// Get sends one GET and waits for its reply.
func (p *Probe) Get(ctx context.Context) error {
	var err error
	if p.wc != nil {
		_, err = p.wc.Get(ctx, p.prefix, p.k, time.Since(p.start))
	} else {
		err = p.client.Get(ctx, p.key).Err()
	}
	if errors.Is(err, redis.Nil) {
		return nil
	}
	return err
}

// Close closes the probe's own connection, if it has one.
func (p *Probe) Close() error {
	if p.wc != nil {
		return p.wc.Close()
	}
	return nil
}
