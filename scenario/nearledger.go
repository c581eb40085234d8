package scenario

import "time"

// The invalidation ledger checks that the server's tracking reaches every
// instance it concerns and measures how late. A write to key k (its DEL or
// SET) concerns an instance when, as the write is sent, the instance holds
// k with tracking in place (default tracking), or always (bcast, where
// every change under the prefix is broadcast). The writer notes the
// expectation before it sends and the reply's time after; the first
// invalidation of k the instance receives settles it, and its lag is the
// time from the write's reply to the receipt (0 when the invalidation came
// first: it travels on another connection). What is still owed at the end
// of the run, after a grace period, is lost. Concurrent writes to one key
// owe one invalidation: with default tracking the server sends one and
// forgets the key until it is read again.

// nearExpect is an invalidation of one key owed to an instance.
type nearExpect struct {
	ack   time.Duration // mono() of the write's reply; 0 until it came
	reads uint64        // the instance's lookups when the source changed
}

// expect notes, as a write of key k is sent, that the instance is owed an
// invalidation if it is concerned (all is true for bcast tracking), and
// reports whether it is. readsAt is readMark's count when the source
// changed: the window's reads are counted from there.
func (c *nearCache) expect(k uint64, all bool, readsAt uint64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !all {
		e, ok := c.lru.Peek(k)
		if !ok || !e.tracked {
			return false
		}
	}
	if c.pending[k] == nil {
		c.pending[k] = &nearExpect{reads: readsAt}
		c.expected++
	}
	return true
}

// acked notes the reply of a write of key k at now; modified is false when
// the write changed nothing (a DEL of a missing key), so no invalidation
// comes and none is owed.
func (c *nearCache) acked(k uint64, modified bool, now time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p := c.pending[k]
	switch {
	case p == nil: // settled already, before the reply
	case !modified:
		delete(c.pending, k)
		c.expected--
	case p.ack == 0:
		p.ack = now
	}
}

// settle records the lag of the invalidation of key k owed and received at
// now. The caller holds c.mu.
func (c *nearCache) settle(k uint64, now time.Duration) {
	p := c.pending[k]
	if p == nil {
		return
	}
	delete(c.pending, k)
	inside := c.lookups - p.reads
	c.windowReads += int64(inside)
	if c.keyProb != nil {
		c.windowStale += c.keyProb(k) * float64(inside)
	}
	if p.ack == 0 {
		c.beforeAck++
		_ = c.lag.RecordValue(0)
		return
	}
	_ = c.lag.RecordValue(min(max(int64(now-p.ack), 0), int64(time.Minute)))
}

// readMark returns how many reads the instance has looked up so far.
func (c *nearCache) readMark() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lookups
}

// owed returns how many acknowledged writes still owe an invalidation.
func (c *nearCache) owed() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	var n int64
	for _, p := range c.pending {
		if p.ack != 0 {
			n++
		}
	}
	return n
}
