package bench

import (
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
)

// Result is what one engine run measured: plain data, no Redis and no output
// format. Latencies are in nanoseconds.
type Result struct {
	Name        string
	Workers     int
	Elapsed     time.Duration    // measured wall time (excludes warm-up)
	Interrupted bool             // the context was cancelled before the run ended
	Ops         int64            // Hits + Misses + Writes + errored operations
	Hits        int64            // successful hits
	Misses      int64            // successful misses
	Writes      int64            // successful writes
	Errors      map[string]int64 // errored operations by Workload.ErrorKind; empty map when none

	// Read, Hit, Miss and WriteLat are measured from each operation's start;
	// in the open loop from its intended start (coordinated-omission
	// correct): they include the time an operation waited for a free worker.
	Read     *hdrhistogram.Histogram // reads: hits, misses and errored reads
	Hit      *hdrhistogram.Histogram // successful hits
	Miss     *hdrhistogram.Histogram // successful misses
	WriteLat *hdrhistogram.Histogram // writes, errored ones too
	// Service is the reads' latency from their actual start (the same
	// operations as Read). In the closed loop it equals Read.
	Service *hdrhistogram.Histogram
	// Lag is, for every measured operation of the open loop, its actual
	// start minus its intended start (never negative: nothing starts
	// early, see SpinWindow). Empty in the closed loop.
	Lag *hdrhistogram.Histogram

	// TargetRate is Config.Rate: the open loop's arrival rate in ops/s, 0
	// for the closed loop.
	TargetRate float64
	// AchievedRate is, in the open loop, the measured operations started
	// per second of the measured schedule: Ops / max(W, S), where W is the
	// Duration (or, when the Ops quota ended the schedule, the intended
	// span of the Ops operations; or Elapsed when interrupted) and S the
	// latest actual start since the start of measurement. 0 in the closed
	// loop.
	AchievedRate float64
	// Backlog counts, in the open loop, the measured operations that fell
	// due before the end of the Duration but were never started, because
	// the workers were still behind Drain after it. 0 in the closed loop.
	Backlog int64
	// Invalid lists why an open-loop run does not measure what it was asked
	// to; empty when valid (always in the closed loop). The rules:
	//   - rate: the AchievedRate falls short of the scheduled rate by more
	//     than MaxRateShortfall (1%). The scheduled rate is the measured
	//     operations the schedule placed in W (see AchievedRate), started or
	//     in the Backlog, per second of W: the TargetRate for constant
	//     arrivals, and with Poisson arrivals the realised rate, which
	//     differs from the target by chance. Not judged when interrupted.
	//   - generator bottleneck: the client was CPU-bound (ClientStats.Bound)
	//     and Lag's p99 exceeds both 1ms and Service's p99: operations
	//     waited to start longer than they took, while the generator had no
	//     CPU left, so the wait is the generator's, not the server's.
	Invalid []string
	// ShortOfRate and GeneratorBottleneck say which of the Invalid rules
	// fired: the rate rule and the generator-bottleneck rule.
	ShortOfRate, GeneratorBottleneck bool
	// Warnings are findings about the run that do not invalidate it, such
	// as a client-bound closed loop.
	Warnings []string
	// Client is the load generator's measurement of itself over the
	// measured period.
	Client ClientStats

	// Extra holds every histogram named by Workload.Histograms(), by name;
	// one nothing was recorded into is empty (TotalCount 0), never nil.
	Extra map[string]*hdrhistogram.Histogram
	// Values holds every value histogram named by ValueRecorder, by name;
	// empty when the Workload names none.
	Values map[string]*hdrhistogram.Histogram
	// Counters holds every counter named by Workload.Counters(), by name.
	Counters map[string]int64
	// Timeseries has one point per Interval after the warm-up: one for every
	// full interval of Elapsed (empty ones too), then one for the partial
	// last interval when it has operations. Its counts sum to the totals.
	Timeseries []Interval
}

// Reads returns the successful reads: Hits + Misses.
func (r *Result) Reads() int64 { return r.Hits + r.Misses }

// HitRatio returns Hits / Reads, 0 when there are no reads.
func (r *Result) HitRatio() float64 {
	if n := r.Reads(); n > 0 {
		return float64(r.Hits) / float64(n)
	}
	return 0
}

// Throughput returns Ops per second of Elapsed, 0 when Elapsed is 0.
func (r *Result) Throughput() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Ops) / r.Elapsed.Seconds()
}

// ErrorCount returns the errored operations of all kinds.
func (r *Result) ErrorCount() int64 {
	var n int64
	for _, c := range r.Errors {
		n += c
	}
	return n
}

// Interval is one time-series point. Operations belong to the interval in
// which they started.
type Interval struct {
	T      time.Duration // end of the interval, since the start of measurement
	Ops    int64         // operations, errored ones too
	Reads  int64         // successful reads (hits and misses)
	Hits   int64         // successful hits
	Errors int64         // errored operations
	P50    time.Duration // of read latency (errored reads too) in the interval; 0 when no reads
	P99    time.Duration // likewise
}
