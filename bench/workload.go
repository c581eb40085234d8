package bench

import "context"

// Workload is what the engine drives. It is implemented elsewhere (package
// scenario) and faked in tests.
type Workload interface {
	// Histograms names the extra latency histograms workers record into with
	// Recorder.Record, by index (e.g. "redis_get", "redis_set", "redis_del").
	Histograms() []string
	// Counters names the extra counters workers add to with Recorder.Add, by index.
	Counters() []string
	// NewWorker returns the state of worker id (0-based); called once per
	// worker before load starts.
	NewWorker(id int) (Worker, error)
	// ErrorKind classifies a failed operation's error into a short stable
	// kind such as "timeout". An empty kind is counted as "unknown".
	ErrorKind(err error) string
}

// Worker performs operations one at a time; it is used by one goroutine only.
type Worker interface {
	// Do performs one operation. On error the Outcome still says which kind of
	// operation it was (Hit/Miss for a read, Write for a write). The engine
	// measures the call itself; Do records only the extra measurements its
	// Workload names, into rec.
	Do(ctx context.Context, rec *Recorder) (Outcome, error)
}

// MeasureStarter is an optional interface of a Workload. The engine calls
// StartMeasuring once, when the first worker starts an operation after the
// warm-up (in the open loop: the first operation whose intended start is
// after it; at once when there is none), so the workload can reset state it
// keeps outside the Recorders, such as a modelled source's call counters.
// Operations that started in the warm-up and are still running then are
// not counted by the engine, but what they do afterwards is seen by such
// state: with a warm-up, the two can differ by at most one operation per
// worker.
type MeasureStarter interface {
	StartMeasuring()
}

// Preparer is an optional interface of a Workload that needs to set
// something up before the load starts, such as filling a cache. Run calls
// Prepare once, before it creates the workers and before the warm-up; the
// time it takes is not part of the run. An error ends Run with it.
type Preparer interface {
	Prepare(ctx context.Context) error
}

// ValueRecorder is an optional interface of a Workload whose workers record
// plain values (not durations), such as a version lag, with
// Recorder.RecordValue.
type ValueRecorder interface {
	// ValueHistograms names the value histograms, by index.
	ValueHistograms() []string
}

// valueHistogramNames returns w's value histogram names, nil when it has none.
func valueHistogramNames(w Workload) []string {
	if vr, ok := w.(ValueRecorder); ok {
		return vr.ValueHistograms()
	}
	return nil
}
