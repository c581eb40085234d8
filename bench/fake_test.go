package bench

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"
)

var (
	errTimeout = errors.New("fake: i/o timeout")
	errRefused = errors.New("fake: connection refused")
	errOdd     = errors.New("fake: unclassified")
)

// step is one scripted operation of the fake workload.
type step struct {
	out Outcome
	err error
}

// fakeWorkload is a Workload whose workers repeat a script of outcomes. Every
// operation records extra histogram 0 ("op") and adds 1 to counter 0 ("ops")
// and 2 to counter 1 ("twice").
type fakeWorkload struct {
	script  []step
	clock   *fakeClock    // when set, every Do advances it by opTime
	opTime  time.Duration // with clock: simulated duration of one operation
	sleep   time.Duration // without clock: real duration of one operation
	failID  int           // NewWorker fails for this id when newErr is set
	newErr  error
	onDo    func(ctx context.Context, id int, n int64) error // optional hook before each operation
	noExtra bool                                             // name no extra histograms or counters
	// shared runs one script over all workers' operations, in the order
	// they call Do, instead of one per worker: the totals then do not
	// depend on how the operations were shared out among the workers.
	shared bool

	started atomic.Int64 // Do calls of all workers, for shared

	mu    sync.Mutex
	calls map[int]*atomic.Int64 // Do calls per worker
}

func (f *fakeWorkload) Histograms() []string {
	if f.noExtra {
		return nil
	}
	return []string{"op", "unused"}
}

func (f *fakeWorkload) Counters() []string {
	if f.noExtra {
		return nil
	}
	return []string{"ops", "twice"}
}

func (f *fakeWorkload) ErrorKind(err error) string {
	switch {
	case errors.Is(err, errTimeout):
		return "timeout"
	case errors.Is(err, errRefused):
		return "refused"
	default:
		return ""
	}
}

func (f *fakeWorkload) NewWorker(id int) (Worker, error) {
	if f.newErr != nil && id == f.failID {
		return nil, f.newErr
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.calls == nil {
		f.calls = make(map[int]*atomic.Int64)
	}
	calls := new(atomic.Int64)
	f.calls[id] = calls
	return &fakeWorker{f: f, id: id, calls: calls}, nil
}

// callsOf returns the Do calls of worker id.
func (f *fakeWorkload) callsOf(id int) int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[id].Load()
}

type fakeWorker struct {
	f     *fakeWorkload
	id    int
	n     int64
	calls *atomic.Int64
}

func (w *fakeWorker) Do(ctx context.Context, rec *Recorder) (Outcome, error) {
	f := w.f
	n := w.n
	w.n++
	w.calls.Add(1)
	if f.onDo != nil {
		if err := f.onDo(ctx, w.id, n); err != nil {
			return Hit, err
		}
	}
	switch {
	case f.clock != nil:
		f.clock.advance(f.opTime)
	case f.sleep > 0:
		time.Sleep(f.sleep)
	}
	if !f.noExtra {
		rec.Record(0, time.Millisecond)
		rec.Add(0, 1)
		rec.Add(1, 2)
	}
	i := n
	if f.shared {
		i = f.started.Add(1) - 1
	}
	s := step{out: Hit}
	if len(f.script) > 0 {
		s = f.script[i%int64(len(f.script))]
	}
	return s.out, s.err
}

// fakeClock is a clock that moves only when told to.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// tally is what a script's first n operations add up to.
type tally struct {
	hits, misses, writes, errReads, errWrites int64
	errors                                    map[string]int64
}

func tallyScript(f *fakeWorkload, n int64) tally {
	t := tally{errors: map[string]int64{}}
	for i := range n {
		s := step{out: Hit}
		if len(f.script) > 0 {
			s = f.script[i%int64(len(f.script))]
		}
		switch {
		case s.out > Write:
			t.errors[KindInvalidOutcome]++
		case s.err != nil:
			kind := f.ErrorKind(s.err)
			if kind == "" {
				kind = KindUnknown
			}
			t.errors[kind]++
			if s.out == Write {
				t.errWrites++
			} else {
				t.errReads++
			}
		case s.out == Write:
			t.writes++
		case s.out == Hit:
			t.hits++
		default:
			t.misses++
		}
	}
	return t
}

func (t *tally) add(o tally) {
	t.hits += o.hits
	t.misses += o.misses
	t.writes += o.writes
	t.errReads += o.errReads
	t.errWrites += o.errWrites
	if t.errors == nil {
		t.errors = map[string]int64{}
	}
	for k, v := range o.errors {
		t.errors[k] += v
	}
}

// mixedScript has every outcome, successful and failed.
var mixedScript = []step{
	{Hit, nil}, {Hit, nil}, {Miss, nil}, {Hit, nil}, {Write, nil},
	{Miss, errTimeout}, {Hit, nil}, {Write, errRefused}, {Hit, errOdd}, {Miss, nil},
}
