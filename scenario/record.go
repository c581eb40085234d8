package scenario

import (
	"errors"
	"io"
	"strconv"
	"sync"
	"time"

	"github.com/cacheaside/bench/scenario/trace"
)

// traceRecorder writes the requests a synthetic workload issues as a
// Twitter trace (--record-trace), so `bench trace stats` can check them and
// --trace can replay the same load elsewhere. Workers share it behind a
// mutex: recording is for runs that want the trace, not for measuring the
// generator at its limit.
type traceRecorder struct {
	mu    sync.Mutex
	w     *trace.TwitterWriter
	start time.Time // the first request's time: second 0 of the trace
	err   error     // the first write error; later requests are not written
	key   []byte
}

// RecordTrace makes the workload write every request its workers issue
// (warm-up included) to w as a row of a Twitter trace: the time in whole
// seconds since the first request, the key "key:<index>", its size, the
// value size, the worker as client id, get for a read or set (with the
// TTL in seconds) for a write, which a replay turns back into a write and
// its invalidation. Call FlushRecord after the run. A workload that
// replays a trace records nothing.
func (c *CacheAside) RecordTrace(w io.Writer) {
	c.recorder = &traceRecorder{w: trace.NewTwitterWriter(w)}
}

// FlushRecord writes out what RecordTrace buffered and returns the first
// write error.
func (c *CacheAside) FlushRecord() error {
	r := c.recorder
	if r == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return errors.Join(r.err, r.w.Flush())
}

// record writes one request of worker id: key index k, a write or a read.
func (r *traceRecorder) record(c *CacheAside, id int, k uint64, write bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil {
		return
	}
	now := time.Now()
	if r.start.IsZero() {
		r.start = now
	}
	r.key = strconv.AppendUint(append(r.key[:0], "key:"...), k, 10)
	req := trace.Request{
		Time: now.Sub(r.start).Truncate(time.Second), Key: r.key, KeySize: len(r.key),
		ValueSize: c.workload.valueSize.For(k, c.seed), Op: trace.Get,
	}
	if write {
		req.Op = trace.Set
		req.TTL = int64(c.workload.TTL.D() / time.Second)
	}
	r.err = r.w.Write(&req, id)
}
