package scenario

import (
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/cacheaside/bench/bench"
	"github.com/cacheaside/bench/scenario/trace"
)

// traceOp is one trace request as a worker performs it.
type traceOp struct {
	id   uint64        // the key's id: the source's key and the record's
	key  string        // the Redis key: "<key prefix>t:<trace key>"
	op   trace.Op      //
	size int           // value size from the trace; 0 = the workload's
	ttl  time.Duration // TTL from the trace; 0 = the workload's
}

// replay feeds a trace's requests to a workload's workers, in trace
// order, from one Reader behind a mutex. In the open loop at a speed it is
// also the run's bench.Schedule: Next takes the next request, queues it and
// says when it is due on the trace's clock divided by the speed; workers
// take queued requests in the order they were scheduled. Otherwise a
// worker reads the next request itself. Memory: the Reader's buffer, one
// group of requests that share a timestamp (at most maxGroup) and a queue
// of a few requests per worker.
type replay struct {
	file, format string
	speed        float64
	prefix       string // "<key prefix>t:"

	mu        sync.Mutex
	r         *trace.Reader
	group     spreadGroup // Next: the requests of one timestamp, spread
	scheduled bool        // Next feeds a queue that workers take from
	queue     []traceOp
	head      int // index of the oldest queued request
	n         int // queued requests
	ended     bool
	read      int64
	first     time.Duration // trace time of the first request read
	last      time.Duration // latest trace time read
	spread    time.Duration // latest trace time scheduled, as spread (spreadGroup)
	timed     bool          // first is set
	started   time.Time     // wall time of the first request scheduled or taken
	lastTake  time.Time     // wall time of the latest request taken
}

func newReplay(w compiled, keyPrefix string) *replay {
	return &replay{file: w.Trace, format: w.trace.format, speed: w.trace.speed, prefix: keyPrefix + "t:"}
}

// open opens the trace; called by Prepare before the workers start.
func (p *replay) open() error {
	r, err := trace.Open(p.file, p.format)
	if err != nil {
		return fmt.Errorf("scenario: replay: %w", err)
	}
	p.mu.Lock()
	p.r = r
	p.mu.Unlock()
	return nil
}

// close closes the trace.
func (p *replay) close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.r == nil {
		return nil
	}
	err := p.r.Close()
	p.r = nil
	return err
}

// schedule makes p the run's schedule (speed > 0); nil otherwise.
func (p *replay) schedule() bench.Schedule {
	if p.speed <= 0 {
		return nil
	}
	p.mu.Lock()
	p.scheduled = true
	p.mu.Unlock()
	return p
}

// Next implements bench.Schedule: the next request is due (trace time −
// first trace time) / speed after the start of the run.
func (p *replay) Next() (time.Duration, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.started.IsZero() {
		p.started = time.Now()
	}
	op, t, ok := p.group.next(p.readLocked)
	if !ok {
		return 0, false
	}
	if p.n == len(p.queue) {
		p.grow()
	}
	p.queue[(p.head+p.n)%len(p.queue)] = op
	p.n++
	p.spread = max(p.spread, t)
	return time.Duration(float64(t-p.first) / p.speed), true
}

// grow doubles the queue, up to maxQueue; beyond it the oldest request is
// dropped. Only the engine's count of the backlog at the drain deadline
// schedules requests no worker will take.
func (p *replay) grow() {
	const maxQueue = 1 << 16
	if len(p.queue) >= maxQueue {
		p.head = (p.head + 1) % len(p.queue)
		p.n--
		return
	}
	q := make([]traceOp, max(2*len(p.queue), 64))
	for i := range p.n {
		q[i] = p.queue[(p.head+i)%len(p.queue)]
	}
	p.queue, p.head = q, 0
}

// take returns the request a worker performs next: the oldest scheduled
// one, or else the next of the trace; ok is false when there is none.
func (p *replay) take() (traceOp, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if p.started.IsZero() {
		p.started = now
	}
	if !p.scheduled {
		op, _, ok := p.readLocked()
		if ok {
			p.lastTake = now
		}
		return op, ok
	}
	if p.n == 0 {
		return traceOp{}, false
	}
	p.lastTake = now
	op := p.queue[p.head]
	p.queue[p.head] = traceOp{}
	p.head = (p.head + 1) % len(p.queue)
	p.n--
	return op, true
}

// readLocked reads the next request of the trace and its trace time.
func (p *replay) readLocked() (traceOp, time.Duration, bool) {
	var req trace.Request
	if p.r == nil || p.ended || !p.r.Next(&req) {
		p.ended = p.r != nil
		return traceOp{}, 0, false
	}
	p.read++
	if req.HasTime {
		if !p.timed {
			p.first, p.timed = req.Time, true
		}
		p.last = max(p.last, req.Time)
	}
	op := traceOp{id: req.ID, op: req.Op}
	if req.Key != nil {
		op.key = p.prefix + string(req.Key)
	} else {
		op.key = p.prefix + strconv.FormatUint(req.ID, 10)
	}
	if req.HasValueSize && req.ValueSize > 0 {
		op.size = min(req.ValueSize, valueSizeLimit)
	}
	if req.HasTTL && req.TTL > 0 {
		op.ttl = time.Duration(req.TTL) * time.Second
	}
	return op, max(req.Time, p.first), true
}

// account is what the replay read, for the report.
type account struct {
	read, skipped     int64
	reasons           []string
	ended             bool
	covered           time.Duration // trace time from the first request to the last (as spread, when scheduled)
	wall              time.Duration // from the first request scheduled or taken to the last taken
	format, compressn string
}

func (p *replay) account() account {
	p.mu.Lock()
	defer p.mu.Unlock()
	a := account{read: p.read, ended: p.ended, covered: max(p.last, p.spread) - p.first, format: p.format}
	if p.r != nil {
		s := p.r.Skipped()
		a.skipped, a.reasons = s.Count, s.First
		a.format, a.compressn = p.r.Format(), p.r.Compression()
	}
	if !p.lastTake.IsZero() {
		a.wall = p.lastTake.Sub(p.started)
	}
	return a
}
