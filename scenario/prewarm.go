package scenario

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"
)

// Prewarm limits.
const (
	// PrewarmMaxKeys caps the keys Prewarm fills: keys 0 to
	// min(Keys, PrewarmMaxKeys)-1. Ten million values of 256 bytes take
	// about 3 GB of Redis memory and some tens of seconds on loopback;
	// beyond them the cache fills as the workload runs.
	PrewarmMaxKeys = 10_000_000
	// prewarmBatch is the most keys one pipeline sends.
	prewarmBatch = 1000
	// prewarmBatchBytes is the most value bytes one pipeline sends (values
	// may be up to 16 MiB each: a pipeline holds them all until sent).
	prewarmBatchBytes = 1 << 20
	// prewarmPipelines is how many pipelines are in flight at once.
	prewarmPipelines = 4
)

// Prepare implements bench.Preparer: it connects the near caches of the
// near strategies to the server's tracking (nearworkload.go) and, with
// Prewarm set, fills the cache before the run (see Workload.Prewarm).
// Errors are a failed tracking set-up or the first failed SET, wrapped.
func (c *CacheAside) Prepare(ctx context.Context) error {
	if err := c.startNear(ctx); err != nil {
		return err
	}
	if c.replay != nil {
		return c.replay.open()
	}
	if !c.workload.Prewarm {
		return nil
	}
	t0 := time.Now()
	n, err := c.prewarm(ctx, min(c.workload.Keys, PrewarmMaxKeys))
	c.prewarmed.Store(n)
	c.prewarmTook.Store(int64(time.Since(t0)))
	if err != nil {
		return fmt.Errorf("scenario: prewarm: %w", err)
	}
	return nil
}

// Prewarmed returns how many keys Prepare filled (0 without Prewarm) and
// how long it took.
func (c *CacheAside) Prewarmed() (keys uint64, took time.Duration) {
	return c.prewarmed.Load(), time.Duration(c.prewarmTook.Load())
}

// prewarm SETs keys 0..n-1 to their records at the source's current
// version with the workload's (jittered) TTL, in pipelines of up to
// prewarmBatch keys or prewarmBatchBytes of values, prewarmPipelines at a
// time, through the first instance's client. It returns how many keys it
// set.
func (c *CacheAside) prewarm(ctx context.Context, n uint64) (uint64, error) {
	var next, done atomic.Uint64
	took := c.workload.latency.Mean() // xfetch's recompute time, as if just loaded
	g, ctx := errgroup.WithContext(ctx)
	for p := range prewarmPipelines {
		rng := rand.New(rand.NewPCG(uint64(c.seed), 0x70726577+uint64(p)))
		g.Go(func() error {
			pipe := c.instances[0].client.Pipeline()
			bytes := 0
			var ks []uint64 // the keys queued in pipe, with their TTLs and generations
			var ttls []time.Duration
			var gens []uint32
			flush := func() error {
				sent := mono()
				cmds, err := pipe.Exec(ctx)
				noted := mono()
				for i, cmd := range cmds {
					if cmd.Err() == nil {
						done.Add(1)
						c.residency.hold(ks[i], gens[i], sent, noted, ttls[i])
					}
				}
				bytes, ks, ttls, gens = 0, ks[:0], ttls[:0], gens[:0]
				return err
			}
			for {
				start := next.Add(prewarmBatch) - prewarmBatch
				if start >= n {
					return nil
				}
				for k := start; k < min(start+prewarmBatch, n); k++ {
					ttl := c.ttl(k, rng)
					val, err := c.encode(k, c.source.Version(k), 0, took, ttl)
					if err != nil {
						return err
					}
					pipe.Set(ctx, c.keyName(k), val, ttl)
					ks, ttls, gens = append(ks, k), append(ttls, ttl), append(gens, c.residency.gen(k))
					if bytes += len(val); bytes >= prewarmBatchBytes {
						if err := flush(); err != nil {
							return err
						}
					}
				}
				if pipe.Len() > 0 {
					if err := flush(); err != nil {
						return err
					}
				}
			}
		})
	}
	err := g.Wait()
	return done.Load(), err
}

// keyName returns the Redis key of key index k, from the table when it
// has one.
func (c *CacheAside) keyName(k uint64) string {
	if k < uint64(len(c.keyNames)) {
		return c.keyNames[k]
	}
	return c.keyOf(k)
}
