package bench

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"sync"
	"testing"
	"time"
)

// checkConsistent asserts the invariants every Result satisfies.
func checkConsistent(t *testing.T, res *Result) {
	t.Helper()
	if got := res.Hits + res.Misses + res.Writes + res.ErrorCount(); got != res.Ops {
		t.Errorf("hits+misses+writes+errors = %d, ops = %d", got, res.Ops)
	}
	if got := res.Hit.TotalCount(); got != res.Hits {
		t.Errorf("hit histogram count = %d, hits = %d", got, res.Hits)
	}
	if got := res.Miss.TotalCount(); got != res.Misses {
		t.Errorf("miss histogram count = %d, misses = %d", got, res.Misses)
	}
	if got := res.Read.TotalCount(); got < res.Reads() {
		t.Errorf("read histogram count = %d < reads %d", got, res.Reads())
	}
	var sum Interval
	for i, p := range res.Timeseries {
		sum.Ops += p.Ops
		sum.Reads += p.Reads
		sum.Hits += p.Hits
		sum.Errors += p.Errors
		if i > 0 && p.T <= res.Timeseries[i-1].T {
			t.Errorf("point %d: T %v not after %v", i, p.T, res.Timeseries[i-1].T)
		}
		if p.P99 < p.P50 {
			t.Errorf("point %d: p99 %v < p50 %v", i, p.P99, p.P50)
		}
		if p.T > res.Elapsed {
			t.Errorf("point %d: T %v after elapsed %v", i, p.T, res.Elapsed)
		}
	}
	want := Interval{Ops: res.Ops, Reads: res.Reads(), Hits: res.Hits, Errors: res.ErrorCount()}
	if sum != want {
		t.Errorf("timeseries sums to %+v, totals are %+v", sum, want)
	}
}

func TestRunCounts(t *testing.T) {
	tests := []struct {
		name    string
		workers int
		ops     int64
		script  []step
	}{
		{name: "one worker", workers: 1, ops: 1000, script: mixedScript},
		{name: "remainder to the first workers", workers: 3, ops: 1001, script: mixedScript},
		{name: "more workers than ops", workers: 5, ops: 3, script: mixedScript},
		{name: "hits only", workers: 2, ops: 500},
		{name: "writes only", workers: 2, ops: 10, script: []step{{Write, nil}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeWorkload{script: tt.script}
			res, err := Run(context.Background(), Config{Name: tt.name, Workers: tt.workers, Ops: tt.ops, Interval: 5 * time.Millisecond}, f)
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			var want tally
			for id := range tt.workers {
				quota := tt.ops / int64(tt.workers)
				if int64(id) < tt.ops%int64(tt.workers) {
					quota++
				}
				if got := f.callsOf(id); got != quota {
					t.Errorf("worker %d did %d operations, want %d", id, got, quota)
				}
				want.add(tallyScript(f, quota))
			}
			if res.Name != tt.name || res.Workers != tt.workers || res.Interrupted {
				t.Errorf("name %q workers %d interrupted %v", res.Name, res.Workers, res.Interrupted)
			}
			if res.Ops != tt.ops {
				t.Errorf("ops = %d, want %d", res.Ops, tt.ops)
			}
			if res.Hits != want.hits || res.Misses != want.misses || res.Writes != want.writes {
				t.Errorf("hits/misses/writes = %d/%d/%d, want %d/%d/%d",
					res.Hits, res.Misses, res.Writes, want.hits, want.misses, want.writes)
			}
			if !maps.Equal(res.Errors, want.errors) {
				t.Errorf("errors = %v, want %v", res.Errors, want.errors)
			}
			if got, w := res.Read.TotalCount(), want.hits+want.misses+want.errReads; got != w {
				t.Errorf("read histogram count = %d, want %d", got, w)
			}
			if got, w := res.WriteLat.TotalCount(), want.writes+want.errWrites; got != w {
				t.Errorf("write histogram count = %d, want %d", got, w)
			}
			if got := res.Extra["op"].TotalCount(); got != tt.ops {
				t.Errorf("extra op count = %d, want %d", got, tt.ops)
			}
			if h := res.Extra["unused"]; h == nil || h.TotalCount() != 0 {
				t.Errorf("unused extra histogram = %v, want empty", h)
			}
			if res.Counters["ops"] != tt.ops || res.Counters["twice"] != 2*tt.ops {
				t.Errorf("counters = %v, want ops %d and twice %d", res.Counters, tt.ops, 2*tt.ops)
			}
			if res.Elapsed <= 0 {
				t.Errorf("elapsed = %v, want > 0", res.Elapsed)
			}
			checkConsistent(t, res)
		})
	}
}

func TestRunErrorKinds(t *testing.T) {
	tests := []struct {
		name   string
		script []step
		want   map[string]int64
	}{
		{name: "none", script: []step{{Hit, nil}, {Miss, nil}, {Write, nil}}, want: map[string]int64{}},
		{
			name:   "classified",
			script: []step{{Hit, errTimeout}, {Miss, fmt.Errorf("get: %w", errTimeout)}, {Write, errRefused}, {Hit, nil}},
			want:   map[string]int64{"timeout": 2, "refused": 1},
		},
		{name: "unclassified", script: []step{{Miss, errOdd}}, want: map[string]int64{KindUnknown: 1}},
		{name: "invalid outcome", script: []step{{Outcome(7), nil}, {Outcome(8), errTimeout}}, want: map[string]int64{KindInvalidOutcome: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeWorkload{script: tt.script}
			res, err := Run(context.Background(), Config{Workers: 1, Ops: int64(len(tt.script))}, f)
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if res.Errors == nil || !maps.Equal(res.Errors, tt.want) {
				t.Errorf("errors = %#v, want %v", res.Errors, tt.want)
			}
			checkConsistent(t, res)
		})
	}
}

// TestRunFakeClock drives one worker with a clock that each operation moves
// by 1ms, so that warm-up, duration and time series are exact.
func TestRunFakeClock(t *testing.T) {
	tests := []struct {
		name     string
		warmup   time.Duration
		duration time.Duration
		ops      int64
		calls    int64 // Do calls, warm-up included
		elapsed  time.Duration
		points   []Interval // Ops and T only
	}{
		{
			name: "duration", duration: 20 * time.Millisecond, calls: 20, elapsed: 20 * time.Millisecond,
			points: []Interval{{T: 5 * time.Millisecond, Ops: 5}, {T: 10 * time.Millisecond, Ops: 5}, {T: 15 * time.Millisecond, Ops: 5}, {T: 20 * time.Millisecond, Ops: 5}},
		},
		{
			name: "warm-up excluded", warmup: 10 * time.Millisecond, duration: 20 * time.Millisecond, calls: 30, elapsed: 20 * time.Millisecond,
			points: []Interval{{T: 5 * time.Millisecond, Ops: 5}, {T: 10 * time.Millisecond, Ops: 5}, {T: 15 * time.Millisecond, Ops: 5}, {T: 20 * time.Millisecond, Ops: 5}},
		},
		{
			name: "ops with a partial last interval", warmup: 10 * time.Millisecond, ops: 7, calls: 17, elapsed: 7 * time.Millisecond,
			points: []Interval{{T: 5 * time.Millisecond, Ops: 5}, {T: 7 * time.Millisecond, Ops: 2}},
		},
		{
			name: "ops end before duration", duration: time.Hour, ops: 3, calls: 3, elapsed: 3 * time.Millisecond,
			points: []Interval{{T: 3 * time.Millisecond, Ops: 3}},
		},
		{
			name: "duration ends before ops", duration: 6 * time.Millisecond, ops: 100, calls: 6, elapsed: 6 * time.Millisecond,
			points: []Interval{{T: 5 * time.Millisecond, Ops: 5}, {T: 6 * time.Millisecond, Ops: 1}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newFakeClock()
			f := &fakeWorkload{script: mixedScript, clock: clock, opTime: time.Millisecond}
			cfg := Config{Workers: 1, Warmup: tt.warmup, Duration: tt.duration, Ops: tt.ops, Interval: 5 * time.Millisecond, Now: clock.Now}
			res, err := Run(context.Background(), cfg, f)
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if got := f.callsOf(0); got != tt.calls {
				t.Errorf("Do calls = %d, want %d", got, tt.calls)
			}
			measured := tt.calls - int64(tt.warmup/time.Millisecond)
			want := tallyScript(f, tt.calls)
			warm := tallyScript(f, tt.calls-measured)
			if res.Ops != measured || res.Hits != want.hits-warm.hits || res.Misses != want.misses-warm.misses {
				t.Errorf("ops/hits/misses = %d/%d/%d, want %d/%d/%d", res.Ops, res.Hits, res.Misses,
					measured, want.hits-warm.hits, want.misses-warm.misses)
			}
			if res.Counters["ops"] != measured || res.Extra["op"].TotalCount() != measured {
				t.Errorf("extra counter %d, extra histogram count %d, want %d (warm-up excluded)",
					res.Counters["ops"], res.Extra["op"].TotalCount(), measured)
			}
			if res.Elapsed != tt.elapsed {
				t.Errorf("elapsed = %v, want %v", res.Elapsed, tt.elapsed)
			}
			if got := time.Duration(res.Read.Max()); !res.Read.ValuesAreEquivalent(int64(got), int64(time.Millisecond)) {
				t.Errorf("read max = %v, want 1ms", got)
			}
			if len(res.Timeseries) != len(tt.points) {
				t.Fatalf("timeseries = %+v, want %d points", res.Timeseries, len(tt.points))
			}
			for i, p := range res.Timeseries {
				if p.T != tt.points[i].T || p.Ops != tt.points[i].Ops {
					t.Errorf("point %d = T %v ops %d, want T %v ops %d", i, p.T, p.Ops, tt.points[i].T, tt.points[i].Ops)
				}
			}
			checkConsistent(t, res)
		})
	}
}

// TestRunWarmupManyWorkers: with several workers sharing the fake clock,
// warm-up operations run but none is counted.
func TestRunWarmupManyWorkers(t *testing.T) {
	clock := newFakeClock()
	f := &fakeWorkload{script: mixedScript, clock: clock, opTime: time.Millisecond}
	cfg := Config{Workers: 3, Warmup: 10 * time.Millisecond, Ops: 30, Now: clock.Now}
	res, err := Run(context.Background(), cfg, f)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	calls := f.callsOf(0) + f.callsOf(1) + f.callsOf(2)
	if calls < 40 {
		t.Errorf("Do calls = %d, want >= 40 (10 in warm-up)", calls)
	}
	if res.Ops != 30 || res.Counters["ops"] != 30 || res.Extra["op"].TotalCount() != 30 {
		t.Errorf("ops %d, extra counter %d, extra histogram %d, want 30 each",
			res.Ops, res.Counters["ops"], res.Extra["op"].TotalCount())
	}
	checkConsistent(t, res)
}

// TestRunTimeseriesRealClock uses the real clock with generous bounds.
func TestRunTimeseriesRealClock(t *testing.T) {
	const interval = 20 * time.Millisecond
	f := &fakeWorkload{script: mixedScript, sleep: 200 * time.Microsecond}
	res, err := Run(context.Background(), Config{Workers: 2, Duration: 200 * time.Millisecond, Interval: interval}, f)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if res.Elapsed < 200*time.Millisecond {
		t.Errorf("elapsed = %v, want >= 200ms", res.Elapsed)
	}
	// Operations start before the 200 ms are up, so the partial interval
	// after the last full one is empty and left out.
	if want := int(res.Elapsed / interval); len(res.Timeseries) != want {
		t.Fatalf("%d points, want %d (elapsed %v)", len(res.Timeseries), want, res.Elapsed)
	}
	for i, p := range res.Timeseries {
		if want := time.Duration(i+1) * interval; p.T != want {
			t.Errorf("point %d: T = %v, want %v", i, p.T, want)
		}
		if i >= 10 && p.Ops != 0 {
			t.Errorf("point %d after the duration has %d ops", i, p.Ops)
		}
		if p.Reads > 0 && p.P50 <= 0 {
			t.Errorf("point %d: %d reads but p50 %v", i, p.Reads, p.P50)
		}
	}
	if res.Ops == 0 {
		t.Fatal("no operations")
	}
	checkConsistent(t, res)
}

func TestRunCancel(t *testing.T) {
	tests := []struct {
		name      string
		cfg       Config
		onDo      func(cancel context.CancelFunc) func(ctx context.Context, id int, n int64) error
		wantOps   int64 // -1: any number below the quota
		wantError map[string]int64
	}{
		{
			// Every worker blocks in its 11th operation until worker 0
			// cancels; the aborted operations are not counted.
			name: "during measurement",
			cfg:  Config{Workers: 3, Ops: 1 << 40},
			onDo: func(cancel context.CancelFunc) func(context.Context, int, int64) error {
				var blocked sync.WaitGroup
				blocked.Add(3)
				return func(ctx context.Context, id int, n int64) error {
					if n < 10 {
						return nil
					}
					blocked.Done()
					if id == 0 {
						blocked.Wait()
						cancel()
					}
					<-ctx.Done()
					return fmt.Errorf("fake: %w", ctx.Err())
				}
			},
			wantOps:   30,
			wantError: map[string]int64{},
		},
		{
			name: "during warm-up",
			cfg:  Config{Workers: 2, Warmup: time.Hour, Duration: time.Hour},
			onDo: func(cancel context.CancelFunc) func(context.Context, int, int64) error {
				return func(ctx context.Context, id int, n int64) error {
					if n == 50 {
						cancel()
					}
					return ctx.Err()
				}
			},
			wantOps:   0,
			wantError: map[string]int64{},
		},
		{
			name: "other errors still count",
			cfg:  Config{Workers: 1, Duration: time.Hour},
			onDo: func(cancel context.CancelFunc) func(context.Context, int, int64) error {
				return func(ctx context.Context, id int, n int64) error {
					if n == 10 {
						cancel()
						return errTimeout
					}
					return nil
				}
			},
			wantOps:   11,
			wantError: map[string]int64{"timeout": 1},
		},
		{
			name: "a deadline of the workload's own is an error",
			cfg:  Config{Workers: 1, Ops: 5},
			onDo: func(cancel context.CancelFunc) func(context.Context, int, int64) error {
				return func(ctx context.Context, id int, n int64) error {
					if n == 2 {
						return context.DeadlineExceeded
					}
					return nil
				}
			},
			wantOps:   5,
			wantError: map[string]int64{KindUnknown: 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			f := &fakeWorkload{onDo: tt.onDo(cancel)}
			res, err := Run(ctx, tt.cfg, f)
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if wantInterrupted := ctx.Err() != nil; res.Interrupted != wantInterrupted {
				t.Errorf("interrupted = %v, want %v", res.Interrupted, wantInterrupted)
			}
			if res.Ops != tt.wantOps {
				t.Errorf("ops = %d, want %d", res.Ops, tt.wantOps)
			}
			if !maps.Equal(res.Errors, tt.wantError) {
				t.Errorf("errors = %v, want %v", res.Errors, tt.wantError)
			}
			if res.Counters["ops"] != res.Ops && tt.wantOps == 0 {
				t.Errorf("extra counter = %d after a cancelled warm-up, want 0", res.Counters["ops"])
			}
			if tt.wantOps == 0 && (res.Elapsed != 0 || len(res.Timeseries) != 0) {
				t.Errorf("elapsed %v, %d points after a cancelled warm-up, want none", res.Elapsed, len(res.Timeseries))
			}
			checkConsistent(t, res)
		})
	}
}

func TestRunInvalid(t *testing.T) {
	errNew := errors.New("no connection")
	tests := []struct {
		name    string
		cfg     Config
		w       Workload
		want    string
		invalid bool // errors.Is(err, ErrInvalidConfig)
		cause   error
	}{
		{name: "no workers", cfg: Config{Ops: 1}, want: "bench: workers must be >= 1, got 0", invalid: true},
		{name: "negative workers", cfg: Config{Workers: -2, Ops: 1}, want: "bench: workers must be >= 1, got -2", invalid: true},
		{name: "negative duration", cfg: Config{Workers: 1, Duration: -time.Second}, want: "bench: duration must be >= 0, got -1s", invalid: true},
		{name: "negative warm-up", cfg: Config{Workers: 1, Ops: 1, Warmup: -time.Second}, want: "bench: warmup must be >= 0, got -1s", invalid: true},
		{name: "negative ops", cfg: Config{Workers: 1, Ops: -1}, want: "bench: ops must be >= 0, got -1", invalid: true},
		{name: "negative interval", cfg: Config{Workers: 1, Ops: 1, Interval: -time.Second}, want: "bench: interval must be >= 0, got -1s", invalid: true},
		{name: "no end", cfg: Config{Workers: 1}, want: "bench: ops must be > 0 when duration is 0", invalid: true},
		{name: "nil workload", cfg: Config{Workers: 1, Ops: 1}, w: nil, want: "bench: workload is nil"},
		{
			name: "worker fails", cfg: Config{Workers: 3, Ops: 1}, w: &fakeWorkload{newErr: errNew, failID: 2},
			want: "bench: new worker 2: no connection", cause: errNew,
		},
		{
			name: "duplicate names", cfg: Config{Workers: 1, Ops: 1}, w: dupWorkload{&fakeWorkload{}},
			want: `bench: workload names histogram "get" twice`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := tt.w
			if w == nil && tt.name != "nil workload" {
				w = &fakeWorkload{}
			}
			res, err := Run(context.Background(), tt.cfg, w)
			if err == nil {
				t.Fatalf("Run returned %+v, want error %q", res, tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("error = %q, want %q", err, tt.want)
			}
			if got := errors.Is(err, ErrInvalidConfig); got != tt.invalid {
				t.Errorf("errors.Is(err, ErrInvalidConfig) = %v, want %v", got, tt.invalid)
			}
			if tt.cause != nil && !errors.Is(err, tt.cause) {
				t.Errorf("error %v does not wrap %v", err, tt.cause)
			}
			if res != nil {
				t.Errorf("result = %+v, want nil", res)
			}
		})
	}
}

type dupWorkload struct{ *fakeWorkload }

func (dupWorkload) Histograms() []string { return []string{"get", "set", "get"} }
