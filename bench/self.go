package bench

import (
	"fmt"
	"math"
	"runtime"
	"runtime/metrics"
	"slices"
	"time"
)

// ClientBoundCPU is the CPU utilisation (of all GOMAXPROCS cores) at or
// above which the load generator counts as client-bound: with so little CPU
// left, its own scheduling delays operations and the numbers may describe
// the client rather than the server.
const ClientBoundCPU = 0.9

// ClientStats is the load generator's measurement of itself over the
// measured period (from the start of measurement to the end of the run).
type ClientStats struct {
	// CPUUtil is the process's CPU time (user + system, from getrusage; on
	// systems without it, the Go runtime's estimate from runtime/metrics)
	// over wall time × GOMAXPROCS. It is 0–1, slightly above 1 at most
	// (threads outside GOMAXPROCS, such as those in system calls).
	CPUUtil float64
	// GOMAXPROCS is the number of cores Go code could use.
	GOMAXPROCS int
	// GCPauses counts the garbage collector's stop-the-world pauses
	// (runtime/metrics "/sched/pauses/total/gc:seconds"); GCPauseP99 and
	// GCPauseMax summarise their durations to the runtime histogram's
	// bucket resolution (a bucket's upper bound).
	GCPauses   int64
	GCPauseP99 time.Duration
	GCPauseMax time.Duration
	// CPUWait is how long the process's threads were ready to run but
	// waited for a CPU that another task held (Linux's run-queue wait);
	// CPUWaitOK is false where the system does not say. On a machine the
	// client shares, this is what makes an open loop start operations
	// late: a thread waiting here cannot keep the schedule.
	CPUWait   time.Duration
	CPUWaitOK bool
	// Preemptions counts the times the kernel took a CPU from one of the
	// process's threads (getrusage's involuntary context switches).
	Preemptions int64
	// Bound is true when CPUUtil >= ClientBoundCPU: the client, not the
	// server, may have limited the run.
	Bound bool
}

// Warning returns a sentence saying the client was the limit, or "" when
// it was not Bound.
func (c ClientStats) Warning() string {
	if !c.Bound {
		return ""
	}
	return fmt.Sprintf("client-bound: the load generator used %.0f%% of its %d cores (GOMAXPROCS); "+
		"latency and throughput may be limited by the client, not the server: use fewer workers or a bigger client machine",
		100*c.CPUUtil, c.GOMAXPROCS)
}

// cpuWaitClause says how long a second, over elapsed, the client's threads
// waited for a CPU another task held, as a clause to end a sentence with
// ("; its threads waited 13.3 ms a second for a CPU other tasks held"), or
// "" when that is unknown or nothing.
func (c ClientStats) cpuWaitClause(elapsed time.Duration) string {
	if !c.CPUWaitOK || c.CPUWait <= 0 || elapsed <= 0 {
		return ""
	}
	perSecond := float64(c.CPUWait) / 1e6 / elapsed.Seconds()
	return fmt.Sprintf("; its threads waited %.1f ms a second for a CPU other tasks held", perSecond)
}

// Names of the runtime metrics read for GC pauses, the first supported one
// wins: the current name (Go 1.22+), then the deprecated one.
var gcPauseMetrics = []string{"/sched/pauses/total/gc:seconds", "/gc/pauses:seconds"}

// selfSnapshot is the process's state at one moment.
type selfSnapshot struct {
	wall      time.Time
	cpu       time.Duration
	preempted int64
	cpuOK     bool
	cpuWait   time.Duration
	waitOK    bool
	gcCount   []uint64  // GC pause histogram counts
	gcEdges   []float64 // its bucket boundaries, in seconds
}

// takeSelf takes a snapshot of the process.
func takeSelf() selfSnapshot {
	s := selfSnapshot{wall: time.Now()}
	s.cpu, s.preempted, s.cpuOK = processCPU()
	s.cpuWait, s.waitOK = processCPUWait()
	for _, name := range gcPauseMetrics {
		sample := []metrics.Sample{{Name: name}}
		metrics.Read(sample)
		if sample[0].Value.Kind() == metrics.KindFloat64Histogram {
			h := sample[0].Value.Float64Histogram()
			s.gcCount = slices.Clone(h.Counts)
			s.gcEdges = slices.Clone(h.Buckets)
			break
		}
	}
	return s
}

// since returns the client's statistics from prev to s.
func (s selfSnapshot) since(prev selfSnapshot) ClientStats {
	c := ClientStats{GOMAXPROCS: runtime.GOMAXPROCS(0)}
	wall := s.wall.Sub(prev.wall)
	if s.cpuOK && prev.cpuOK && wall > 0 {
		c.CPUUtil = max(float64(s.cpu-prev.cpu), 0) / (float64(wall) * float64(c.GOMAXPROCS))
	}
	c.Bound = c.CPUUtil >= ClientBoundCPU
	if s.cpuOK && prev.cpuOK {
		c.Preemptions = max(s.preempted-prev.preempted, 0)
	}
	if s.waitOK && prev.waitOK {
		c.CPUWait, c.CPUWaitOK = max(s.cpuWait-prev.cpuWait, 0), true
	}
	if len(s.gcCount) == len(prev.gcCount) && len(s.gcEdges) == len(s.gcCount)+1 {
		delta := make([]uint64, len(s.gcCount))
		for i := range delta {
			if s.gcCount[i] > prev.gcCount[i] {
				delta[i] = s.gcCount[i] - prev.gcCount[i]
			}
		}
		var n uint64
		for _, d := range delta {
			n += d
		}
		c.GCPauses = int64(n)
		c.GCPauseP99 = secondsDuration(bucketQuantile(delta, s.gcEdges, 0.99))
		c.GCPauseMax = secondsDuration(bucketQuantile(delta, s.gcEdges, 1))
	}
	return c
}

// bucketQuantile returns the upper bound of the bucket holding quantile q
// (0–1) of a runtime/metrics histogram (its lower bound when the upper one
// is infinite), 0 when it is empty.
func bucketQuantile(counts []uint64, edges []float64, q float64) float64 {
	var total uint64
	for _, c := range counts {
		total += c
	}
	if total == 0 {
		return 0
	}
	rank := uint64(math.Ceil(q * float64(total)))
	var cum uint64
	for i, c := range counts {
		cum += c
		if c > 0 && cum >= rank {
			if up := edges[i+1]; !math.IsInf(up, 1) {
				return up
			}
			return max(edges[i], 0)
		}
	}
	return 0
}

func secondsDuration(s float64) time.Duration {
	return time.Duration(s * float64(time.Second))
}

// runtimeCPU estimates the process's CPU time from the Go runtime's own
// accounting (total available minus idle), for systems without getrusage.
func runtimeCPU() (time.Duration, bool) {
	sample := []metrics.Sample{{Name: "/cpu/classes/total:cpu-seconds"}, {Name: "/cpu/classes/idle:cpu-seconds"}}
	metrics.Read(sample)
	for _, s := range sample {
		if s.Value.Kind() != metrics.KindFloat64 {
			return 0, false
		}
	}
	return secondsDuration(sample[0].Value.Float64() - sample[1].Value.Float64()), true
}
