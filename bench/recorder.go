package bench

import (
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
)

// Kinds the engine gives errors itself.
const (
	// KindUnknown counts errors for which Workload.ErrorKind returned "".
	KindUnknown = "unknown"
	// KindInvalidOutcome counts operations whose Outcome is none of Hit,
	// Miss and Write (a Workload bug); they are recorded in no histogram.
	KindInvalidOutcome = "invalid_outcome"
)

// Recorder is one worker's private measurement state: its own histograms and
// counters, with no lock shared between workers. The engine gives each worker
// one and passes it to every Worker.Do call; Do records its extra
// measurements into it with Record and Add.
type Recorder struct {
	// Measurements the Workload names, by index.
	extra    []*hdrhistogram.Histogram // nil until the first Record
	values   []*hdrhistogram.Histogram // nil until the first RecordValue
	counters []int64

	// Measurements the engine takes of every operation.
	hit, miss, errRead, write *hdrhistogram.Histogram // nil until first use
	ops, hits, misses, writes int64
	errs                      map[string]int64

	// Open loop only: service time of reads and lag of every operation, and
	// the latest actual start since the start of measurement.
	service, lag *hdrhistogram.Histogram // nil until first use
	lastStart    time.Duration

	series seriesRecorder // time-series share of the same operations
}

// NewRecorder returns an empty Recorder for a Workload with the given number
// of extra histograms and counters. The engine makes its own; this is for
// testing a Worker without running the engine.
func NewRecorder(histograms, counters int) *Recorder {
	return newRecorder(histograms, 0, counters, time.Second)
}

// NewRecorderFor returns an empty Recorder sized for w's histograms, value
// histograms and counters, for testing a Worker without the engine.
func NewRecorderFor(w Workload) *Recorder {
	return newRecorder(len(w.Histograms()), len(valueHistogramNames(w)), len(w.Counters()), time.Second)
}

func newRecorder(histograms, values, counters int, interval time.Duration) *Recorder {
	return &Recorder{
		extra:    make([]*hdrhistogram.Histogram, max(histograms, 0)),
		values:   make([]*hdrhistogram.Histogram, max(values, 0)),
		counters: make([]int64, max(counters, 0)),
		errs:     make(map[string]int64),
		series:   newSeriesRecorder(interval),
	}
}

// Record records d into extra histogram #hist (an index into
// Workload.Histograms()). Durations above 60 s count as 60 s, negative ones
// as 0. An index out of range is ignored.
func (r *Recorder) Record(hist int, d time.Duration) {
	if uint(hist) >= uint(len(r.extra)) {
		return
	}
	recordLatency(lazyHistogram(&r.extra[hist]), d)
}

// RecordValue records v into value histogram #hist (an index into
// ValueRecorder.ValueHistograms()). Values are clamped to [0, 1e9]. An index
// out of range is ignored.
func (r *Recorder) RecordValue(hist int, v int64) {
	if uint(hist) >= uint(len(r.values)) {
		return
	}
	if r.values[hist] == nil {
		r.values[hist] = NewValueHistogram()
	}
	_ = r.values[hist].RecordValue(min(max(v, 0), highestValue))
}

// Value returns value histogram #hist as recorded so far, or nil; for tests.
func (r *Recorder) Value(hist int) *hdrhistogram.Histogram {
	if uint(hist) >= uint(len(r.values)) {
		return nil
	}
	return r.values[hist]
}

// Add adds n to extra counter #counter (an index into Workload.Counters()).
// An index out of range is ignored.
func (r *Recorder) Add(counter int, n int64) {
	if uint(counter) >= uint(len(r.counters)) {
		return
	}
	r.counters[counter] += n
}

// Histogram returns extra histogram #hist as recorded so far, or nil when
// nothing was recorded into it or the index is out of range. It is meant for
// tests; the histogram must not be modified.
func (r *Recorder) Histogram(hist int) *hdrhistogram.Histogram {
	if uint(hist) >= uint(len(r.extra)) {
		return nil
	}
	return r.extra[hist]
}

// Counter returns extra counter #counter, 0 when the index is out of range.
func (r *Recorder) Counter(counter int) int64 {
	if uint(counter) >= uint(len(r.counters)) {
		return 0
	}
	return r.counters[counter]
}

// observe records one measured operation that started at offset since the
// start of measurement and took d. kind is "" for a successful operation.
func (r *Recorder) observe(start time.Duration, out Outcome, d time.Duration, kind string) {
	r.ops++
	failed := kind != ""
	read, hit := false, false
	switch out {
	case Hit, Miss:
		read = true
		switch {
		case failed:
			recordLatency(lazyHistogram(&r.errRead), d)
		case out == Hit:
			hit = true
			r.hits++
			recordLatency(lazyHistogram(&r.hit), d)
		default:
			r.misses++
			recordLatency(lazyHistogram(&r.miss), d)
		}
	case Write:
		recordLatency(lazyHistogram(&r.write), d)
		if !failed {
			r.writes++
		}
	default:
		failed, kind = true, KindInvalidOutcome
	}
	if failed {
		r.errs[kind]++
	}
	r.series.observe(start, read, hit, failed, d)
}

// observeOpen records one measured open-loop operation: start is its
// intended start since the start of measurement, d its latency from the
// intended start (read, hit, miss, write and the time series use it),
// service its latency from the actual start, lag the difference and actual
// its actual start since the start of measurement.
func (r *Recorder) observeOpen(start time.Duration, out Outcome, d, service, lag time.Duration, kind string, actual time.Duration) {
	r.observe(start, out, d, kind)
	if out == Hit || out == Miss {
		recordLatency(lazyHistogram(&r.service), service)
	}
	recordLatency(lazyHistogram(&r.lag), lag)
	r.lastStart = max(r.lastStart, actual)
}

// reset forgets everything recorded so far (at the end of the warm-up).
func (r *Recorder) reset() {
	for _, h := range r.extra {
		resetHistogram(h)
	}
	for _, h := range r.values {
		resetHistogram(h)
	}
	clear(r.counters)
	for _, h := range []*hdrhistogram.Histogram{r.hit, r.miss, r.errRead, r.write, r.service, r.lag} {
		resetHistogram(h)
	}
	r.ops, r.hits, r.misses, r.writes = 0, 0, 0, 0
	r.lastStart = 0
	clear(r.errs)
}
