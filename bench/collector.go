package bench

import (
	"math"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
)

// collector builds the time series from the workers' mailboxes. It is used
// by one goroutine at a time: the collector goroutine during the run, then
// Run after it has stopped.
type collector struct {
	interval time.Duration
	recs     []*Recorder

	base    int64          // index of open[0]: every earlier interval is in points
	open    []openInterval // intervals some worker may still add to
	points  []Interval
	total   intervalCounts // sum over points
	lastP99 time.Duration  // of the last point with reads

	spare []*hdrhistogram.Histogram // emptied histograms for open intervals
	batch []closedInterval          // scratch for draining a mailbox
	back  []*sparseHist             // scratch for returning histograms
}

// openInterval is the merged data of an interval not yet in points.
type openInterval struct {
	intervalCounts
	read *hdrhistogram.Histogram
}

func newCollector(interval time.Duration, recs []*Recorder) *collector {
	return &collector{interval: interval, recs: recs}
}

// tick drains every mailbox and turns the intervals every worker has left
// into points.
func (c *collector) tick() {
	if open := c.drain(); open != math.MaxInt64 {
		// A running worker fills interval open, so it started an operation
		// at or after the end of every interval before it: those are full.
		// (When every worker is done, Run finishes with the real end time.)
		for c.base < open {
			c.emit(time.Duration(c.base+1) * c.interval)
		}
	}
}

// drain merges every mailbox's closed intervals and returns the lowest
// interval index a worker is still filling.
func (c *collector) drain() int64 {
	lowest := int64(math.MaxInt64)
	for _, r := range c.recs {
		var open int64
		c.batch, open = r.series.box.take(c.batch[:0])
		lowest = min(lowest, open)
		c.back = c.back[:0]
		for i := range c.batch {
			ci := &c.batch[i]
			c.add(ci)
			if ci.read != nil {
				ci.read.reset()
				c.back = append(c.back, ci.read)
			}
		}
		r.series.box.give(c.back)
		clear(c.batch)
		clear(c.back)
	}
	return lowest
}

// add merges one worker's share of an interval.
func (c *collector) add(ci *closedInterval) {
	// A worker's intervals only move forward and an interval becomes a point
	// only once every worker has moved past it, so i >= 0; clamp anyway so
	// that counts are never lost.
	i := max(ci.idx-c.base, 0)
	for int64(len(c.open)) <= i {
		c.open = append(c.open, openInterval{})
	}
	o := &c.open[i]
	o.add(ci.intervalCounts)
	if ci.read != nil && ci.read.total > 0 {
		if o.read == nil {
			o.read = c.histogram()
		}
		ci.read.mergeInto(o.read)
	}
}

func (c *collector) histogram() *hdrhistogram.Histogram {
	if n := len(c.spare); n > 0 {
		h := c.spare[n-1]
		c.spare = c.spare[:n-1]
		return h
	}
	return NewHistogram()
}

// emit turns the oldest open interval (empty when there is none) into a
// point ending at t.
func (c *collector) emit(t time.Duration) {
	var o openInterval
	if len(c.open) > 0 {
		o = c.open[0]
		c.open[0] = openInterval{}
		c.open = c.open[1:]
	}
	p := Interval{T: t, Ops: o.ops, Reads: o.reads, Hits: o.hits, Errors: o.errors}
	if o.read != nil {
		p.P50 = time.Duration(o.read.ValueAtQuantile(50))
		p.P99 = time.Duration(o.read.ValueAtQuantile(99))
		c.lastP99 = p.P99
		o.read.Reset()
		c.spare = append(c.spare, o.read)
	}
	c.points = append(c.points, p)
	c.total.add(o.intervalCounts)
	c.base++
}

// finish collects what is left once every worker is done, elapsed after the
// start of measurement, and returns the series: a point for every full
// interval, then one for the partial last interval when it has operations.
func (c *collector) finish(elapsed time.Duration) []Interval {
	c.drain()
	full := int64(elapsed / c.interval)
	for c.base < full {
		c.emit(time.Duration(c.base+1) * c.interval)
	}
	for len(c.open) > 0 {
		if c.open[0].ops == 0 {
			c.open = c.open[1:]
			c.base++
			continue
		}
		// The partial interval; with a clock that never goes backwards no
		// operation starts after elapsed, so there is no later one.
		c.emit(max(elapsed, time.Duration(c.base)*c.interval))
	}
	if c.points == nil {
		c.points = []Interval{}
	}
	return c.points
}
