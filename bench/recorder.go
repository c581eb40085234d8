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
// counters, with no lock shared between workers. Its histograms are sparse
// (sparse.go): they take memory only where values fall, and merge
// losslessly into the Result's. The engine gives each worker
// one and passes it to every Worker.Do call; Do records its extra
// measurements into it with Record and Add.
type Recorder struct {
	// Measurements the Workload names, by index.
	extra    []*sparseHist // nil until the first Record
	values   []*sparseHist // nil until the first RecordValue
	counters []int64

	// Measurements the engine takes of every operation.
	hit, miss, errRead, write *sparseHist // nil until first use
	ops, hits, misses, writes int64
	errs                      map[string]int64

	// Open loop only: service time of reads and lag of every operation, and
	// the latest actual start since the start of measurement.
	service, lag *sparseHist // nil until first use
	lastStart    time.Duration

	series seriesRecorder // time-series share of the same operations

	noRecord bool // Config.NoRecord: count operations, record nothing
}

// NewRecorderFor returns an empty Recorder sized for w's histograms, value
// histograms and counters, for testing a Worker without the engine.
func NewRecorderFor(w Workload) *Recorder {
	return newRecorder(len(w.Histograms()), len(valueHistogramNames(w)), len(w.Counters()), time.Second)
}

func newRecorder(histograms, values, counters int, interval time.Duration) *Recorder {
	return &Recorder{
		extra:    make([]*sparseHist, max(histograms, 0)),
		values:   make([]*sparseHist, max(values, 0)),
		counters: make([]int64, max(counters, 0)),
		errs:     make(map[string]int64),
		series:   newSeriesRecorder(interval),
	}
}

// Recording reports whether r keeps what it is given. It is false only
// under Config.NoRecord, when Record, RecordValue and Add discard their
// arguments: a Worker may then skip reading the clock for them.
func (r *Recorder) Recording() bool { return !r.noRecord }

// Record records d into extra histogram #hist (an index into
// Workload.Histograms()). Durations above 60 s count as 60 s, negative ones
// as 0. An index out of range is ignored.
func (r *Recorder) Record(hist int, d time.Duration) {
	if r.noRecord || uint(hist) >= uint(len(r.extra)) {
		return
	}
	lazyLatency(&r.extra[hist]).record(int64(d))
}

// RecordValue records v into value histogram #hist (an index into
// ValueRecorder.ValueHistograms()). Values are clamped to [0, 1e9]. An index
// out of range is ignored.
func (r *Recorder) RecordValue(hist int, v int64) {
	if r.noRecord || uint(hist) >= uint(len(r.values)) {
		return
	}
	lazySparse(&r.values[hist], valueGeometry).record(v)
}

// Value returns a copy of value histogram #hist as recorded so far, or nil
// when it was never recorded into or the index is out of range; for tests.
func (r *Recorder) Value(hist int) *hdrhistogram.Histogram {
	if uint(hist) >= uint(len(r.values)) {
		return nil
	}
	return r.values[hist].dense()
}

// Add adds n to extra counter #counter (an index into Workload.Counters()).
// An index out of range is ignored.
func (r *Recorder) Add(counter int, n int64) {
	if r.noRecord || uint(counter) >= uint(len(r.counters)) {
		return
	}
	r.counters[counter] += n
}

// Histogram returns a copy of extra histogram #hist as recorded so far, or
// nil when it was never recorded into or the index is out of range. It is
// meant for tests.
func (r *Recorder) Histogram(hist int) *hdrhistogram.Histogram {
	if uint(hist) >= uint(len(r.extra)) {
		return nil
	}
	return r.extra[hist].dense()
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
	if r.noRecord {
		r.count(out, kind)
		return
	}
	failed := kind != ""
	read, hit := false, false
	switch out {
	case Hit, Miss:
		read = true
		switch {
		case failed:
			lazyLatency(&r.errRead).record(int64(d))
		case out == Hit:
			hit = true
			r.hits++
			lazyLatency(&r.hit).record(int64(d))
		default:
			r.misses++
			lazyLatency(&r.miss).record(int64(d))
		}
	case Write:
		lazyLatency(&r.write).record(int64(d))
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

// count counts one operation without recording it (Config.NoRecord).
func (r *Recorder) count(out Outcome, kind string) {
	switch {
	case out > Write:
		r.errs[KindInvalidOutcome]++
	case kind != "":
		r.errs[kind]++
	case out == Hit:
		r.hits++
	case out == Miss:
		r.misses++
	default:
		r.writes++
	}
}

// observeOpen records one measured open-loop operation: start is its
// intended start since the start of measurement, d its latency from the
// intended start (read, hit, miss, write and the time series use it),
// service its latency from the actual start, lag the difference and actual
// its actual start since the start of measurement.
func (r *Recorder) observeOpen(start time.Duration, out Outcome, d, service, lag time.Duration, kind string, actual time.Duration) {
	r.observe(start, out, d, kind)
	r.lastStart = max(r.lastStart, actual)
	if r.noRecord {
		return
	}
	if out == Hit || out == Miss {
		lazyLatency(&r.service).record(int64(service))
	}
	lazyLatency(&r.lag).record(int64(lag))
}

// reset forgets everything recorded so far (at the end of the warm-up).
func (r *Recorder) reset() {
	for _, h := range r.extra {
		h.reset()
	}
	for _, h := range r.values {
		h.reset()
	}
	clear(r.counters)
	for _, h := range []*sparseHist{r.hit, r.miss, r.errRead, r.write, r.service, r.lag} {
		h.reset()
	}
	r.ops, r.hits, r.misses, r.writes = 0, 0, 0, 0
	r.lastStart = 0
	clear(r.errs)
}
