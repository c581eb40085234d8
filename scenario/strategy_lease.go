package scenario

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/bench"
)

// leaseStrategy gives one caller at a time the right to fill a key, after
// Facebook's memcache leases (Nishtala et al., NSDI 2013). On a miss a
// caller takes a lease with SET key "lease:<token>" NX PX <lease TTL>: the
// lease lives in the key itself, where the value will go. The holder loads
// from the source and fills with a Lua script that writes the value only if
// the key still holds its own token. Other callers see the key absent (and
// race for the lease) or holding a lease, and wait and re-read with a
// growing pause (counted as lease_waits, their wait in the lease_wait
// histogram), for at most the lease TTL; then they load from the source
// without filling (lease_fallbacks). An invalidation (DEL, or SET of the new
// value) replaces the lease, so a fill that loaded before a write cannot
// overwrite it: the holder's fill is then rejected (lease_fills_rejected).
type leaseStrategy struct{}

// Lease timing. A waiter's pauses start at leasePollMin and double up to
// an eighth of the expected fill time (mean source latency + fill delay),
// within [leasePollMin, leasePollCap]: about eight re-reads per fill.
const (
	leasePollMin   = time.Millisecond
	leasePollCap   = 16 * time.Millisecond
	leaseTTLMin    = time.Second
	leaseTTLMax    = time.Minute
	leaseTTLFactor = 10 // lease TTL = factor × expected fill time, within bounds
)

// leasePrefix starts every lease value; records are JSON objects.
const leasePrefix = "lease:"

// leaseTTL returns how long a lease holds for a fill that takes about fill.
func leaseTTL(fill time.Duration) time.Duration {
	return min(max(leaseTTLFactor*fill, leaseTTLMin), leaseTTLMax).Truncate(time.Millisecond)
}

// leasePollMax returns the longest pause of a waiter for a fill that takes
// about fill.
func leasePollMax(fill time.Duration) time.Duration {
	return min(max(fill/8, leasePollMin), leasePollCap)
}

// leaseFillScript sets KEYS[1] to ARGV[2] with TTL ARGV[3] ms only while it
// holds lease ARGV[1]; it returns 1 when it did, 0 when the lease was lost.
var leaseFillScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0`)

// leaseReleaseScript deletes KEYS[1] only while it holds lease ARGV[1].
var leaseReleaseScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`)

// isLease reports whether a cached value is a lease rather than a record.
func isLease[T ~string | ~[]byte](b T) bool {
	return len(b) >= len(leasePrefix) && string(b[:len(leasePrefix)]) == leasePrefix
}

func (leaseStrategy) counters() []string {
	return []string{
		cacheAsideCounters[cntLeaseWaits],
		cacheAsideCounters[cntLeaseFallbacks],
		cacheAsideCounters[cntLeaseFillsRejected],
	}
}

func (leaseStrategy) read(ctx context.Context, w *worker, rec *bench.Recorder, k uint64) (bench.Outcome, uint64, error) {
	b, err := w.get(ctx, rec, k)
	switch {
	case err == nil && !isLease(b):
		v, err := decodeRecord(b, k)
		return bench.Hit, v, err
	case err != nil && !errors.Is(err, redis.Nil):
		return bench.Hit, 0, err
	}
	w.missed(rec, k)
	key := w.key(k)
	lw := leaseWait{rec: rec}
	defer lw.end()
	absent := err != nil
	for poll := leasePollMin; ; poll = min(2*poll, w.ca.leasePoll) {
		if absent {
			token := w.leaseToken()
			ok, err := w.client().SetNX(ctx, key, token, w.ca.leaseTTL).Result()
			w.dropConnUnlessReply(err)
			if err != nil {
				return bench.Miss, 0, err
			}
			if ok {
				lw.end()
				v, err := w.leaseFill(ctx, rec, k, key, token)
				return bench.Miss, v, err
			}
		}
		lw.start()
		if lw.waited() >= w.ca.leaseTTL {
			lw.end()
			rec.Add(cntLeaseFallbacks, 1)
			v, _, err := w.load(ctx, rec, k)
			return bench.Miss, v, err
		}
		if err := sleep(ctx, poll); err != nil {
			return bench.Miss, 0, err
		}
		b, err = w.get(ctx, rec, k)
		switch {
		case err == nil && !isLease(b):
			lw.end()
			v, err := decodeRecord(b, k)
			return bench.Miss, v, err
		case err == nil:
			absent = false
		case errors.Is(err, redis.Nil):
			absent = true
		default:
			return bench.Miss, 0, err
		}
	}
}

// leaseFill loads key k as the lease holder and fills it if the lease still
// holds. It returns the version loaded, which the caller gets either way.
func (w *worker) leaseFill(ctx context.Context, rec *bench.Recorder, k uint64, key, token string) (uint64, error) {
	v, took, err := w.load(ctx, rec, k)
	if err != nil {
		w.dropConnUnlessReply(leaseReleaseScript.Run(ctx, w.client(), []string{key}, token).Err())
		return 0, err
	}
	if err := sleep(ctx, w.ca.workload.FillDelay.D()); err != nil {
		return v, err
	}
	ttl := w.ttl(k)
	val, err := w.ca.encode(k, v, w.traceSize, took, ttl)
	if err != nil {
		return v, err
	}
	gen := w.ca.residency.gen(k)
	t0 := mono()
	n, err := leaseFillScript.Run(ctx, w.client(), []string{key}, token, val, ttl.Milliseconds()).Int64()
	rec.Record(histRedisSet, mono()-t0)
	w.dropConnUnlessReply(err)
	switch {
	case err != nil:
		return v, err
	case n == 1:
		w.ca.residency.hold(k, gen, t0, mono(), ttl)
		w.filled(rec, k)
	default:
		rec.Add(cntLeaseFillsRejected, 1)
	}
	return v, nil
}

// leaseToken returns a token no other lease of this run holds:
// "lease:<nonce>:<worker>:<sequence>".
func (w *worker) leaseToken() string {
	w.leaseSeq++
	b := make([]byte, 0, 48)
	b = append(b, leasePrefix...)
	b = append(b, w.ca.nonce...)
	b = append(b, ':')
	b = strconv.AppendInt(b, int64(w.id), 10)
	b = append(b, ':')
	b = strconv.AppendUint(b, w.leaseSeq, 10)
	return string(b)
}

// leaseWait measures one read's wait for another caller's lease: it counts
// the read in lease_waits when the wait starts and records the wait into
// lease_wait when it ends (once).
type leaseWait struct {
	rec     *bench.Recorder
	t0      time.Time
	running bool
}

func (l *leaseWait) start() {
	if l.t0.IsZero() {
		l.t0, l.running = time.Now(), true
		l.rec.Add(cntLeaseWaits, 1)
	}
}

func (l *leaseWait) waited() time.Duration { return time.Since(l.t0) }

func (l *leaseWait) end() {
	if l.running {
		l.running = false
		l.rec.Record(histLeaseWait, time.Since(l.t0))
	}
}
