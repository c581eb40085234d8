package scenario

import (
	"context"
	"fmt"
)

// startNear connects the near cache of every instance (neartracking.go);
// Prepare calls it before any worker connects, so their tracking has a
// subscriber to redirect to. Running again (another run of the workload)
// keeps the connections.
func (c *CacheAside) startNear(ctx context.Context) error {
	for i, in := range c.instances {
		if in.near == nil || in.near.sub != nil {
			continue
		}
		if in.workerOpts == nil {
			return fmt.Errorf("scenario: instance %d: %w", i, errNearNeedsStandalone)
		}
		if err := startNear(ctx, in.near, in.workerOpts); err != nil {
			return fmt.Errorf("scenario: instance %d: %w", i, err)
		}
	}
	return nil
}

// nearReadMarks returns each instance's read count (nearCache.readMark) as
// a write changes the source: where its invalidation window starts. Nil
// when there is no near cache.
func (c *CacheAside) nearReadMarks() []uint64 {
	if c.instances[0].near == nil {
		return nil
	}
	marks := make([]uint64, len(c.instances))
	for i, in := range c.instances {
		marks[i] = in.near.cache.readMark()
	}
	return marks
}

// expectInvalidation notes, before a write of key k is sent, which
// instances it concerns (nearledger.go); marks are nearReadMarks' at the
// source write. Nil when there is no near cache.
func (c *CacheAside) expectInvalidation(k uint64, marks []uint64) []bool {
	if marks == nil {
		return nil
	}
	owed := make([]bool, len(c.instances))
	for i, in := range c.instances {
		owed[i] = in.near.cache.expect(k, in.near.bcast, marks[i])
	}
	return owed
}

// invalidationAcked notes the reply of the write of key k that owed the
// instances marked in owed an invalidation; modified says it changed the key.
func (c *CacheAside) invalidationAcked(owed []bool, k uint64, modified bool) {
	now := mono()
	for i, o := range owed {
		if o {
			c.instances[i].near.cache.acked(k, modified, now)
		}
	}
}
