package bench

import (
	"math"
	"sync"
	"time"
)

// The time series is built without a lock shared by all workers: each
// worker attributes its operations to intervals by their start time and
// fills the current one privately. When it starts an operation in a later
// interval, it hands the finished one to its own mailbox, the only place
// where it meets the collector (collector.go), which drains every mailbox
// periodically, merges, and returns the histograms for reuse.

// intervalCounts are the counters of one interval. reads and hits count
// successful reads only, like Result.Reads and Result.Hits.
type intervalCounts struct {
	ops, reads, hits, errors int64
}

func (c *intervalCounts) add(o intervalCounts) {
	c.ops += o.ops
	c.reads += o.reads
	c.hits += o.hits
	c.errors += o.errors
}

// closedInterval is one worker's share of interval idx.
type closedInterval struct {
	idx int64
	intervalCounts
	read *sparseHist // read latency (errored reads too); nil when none
}

// maxFree bounds the reusable histograms a mailbox keeps.
const maxFree = 4

// mailbox is where a worker hands finished intervals to the collector. Its
// mutex is contended only by the collector, once per drain.
type mailbox struct {
	mu     sync.Mutex
	closed []closedInterval
	free   []*sparseHist // empty histograms for the worker to reuse
	open   int64         // interval the worker fills; math.MaxInt64 once it is done
}

// post hands c over and returns an empty histogram to reuse, or nil.
func (b *mailbox) post(c closedInterval, open int64) *sparseHist {
	b.mu.Lock()
	defer b.mu.Unlock()
	if c.ops > 0 {
		b.closed = append(b.closed, c)
	}
	b.open = open
	if n := len(b.free); n > 0 && c.ops > 0 && c.read != nil {
		h := b.free[n-1]
		b.free[n-1] = nil
		b.free = b.free[:n-1]
		return h
	}
	return nil
}

// take appends the closed intervals to dst and returns it with the index of
// the interval the worker is filling: every interval before it is complete
// as far as this worker is concerned.
func (b *mailbox) take(dst []closedInterval) ([]closedInterval, int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	dst = append(dst, b.closed...)
	clear(b.closed)
	b.closed = b.closed[:0]
	return dst, b.open
}

// give returns emptied histograms for reuse.
func (b *mailbox) give(hs []*sparseHist) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, h := range hs {
		if len(b.free) >= maxFree {
			break
		}
		b.free = append(b.free, h)
	}
}

// seriesRecorder is a worker's private part of the time series.
type seriesRecorder struct {
	interval time.Duration
	cur      closedInterval // the interval being filled
	end      time.Duration  // end of cur, since the start of measurement
	box      mailbox
}

func newSeriesRecorder(interval time.Duration) seriesRecorder {
	return seriesRecorder{interval: interval, end: interval}
}

// observe adds one operation that started at offset start (since the start
// of measurement) to its interval.
func (s *seriesRecorder) observe(start time.Duration, read, hit, failed bool, d time.Duration) {
	if start >= s.end {
		s.advance(start)
	}
	c := &s.cur
	c.ops++
	if failed {
		c.errors++
	}
	if read {
		if !failed {
			c.reads++
			if hit {
				c.hits++
			}
		}
		lazyLatency(&c.read).record(int64(d))
	}
}

// reach moves on to the interval holding start when it is later than the
// current one, before an operation that will start there: the open loop
// calls it before sleeping until an operation is due, so that the collector
// does not wait for a sleeping worker to finish an interval.
func (s *seriesRecorder) reach(start time.Duration) {
	if start >= s.end {
		s.advance(start)
	}
}

// advance hands the current interval over and starts the one holding start.
func (s *seriesRecorder) advance(start time.Duration) {
	idx := int64(start / s.interval)
	reuse := s.box.post(s.cur, idx)
	read := s.cur.read
	if s.cur.ops > 0 {
		read = reuse // the collector owns the posted histogram now
	}
	s.cur = closedInterval{idx: idx, read: read}
	s.end = time.Duration(idx+1) * s.interval
}

// finish hands the last interval over and tells the collector this worker
// records nothing more.
func (s *seriesRecorder) finish() {
	s.box.post(s.cur, math.MaxInt64)
	s.cur = closedInterval{idx: math.MaxInt64}
}
