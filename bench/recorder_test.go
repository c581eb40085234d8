package bench

import (
	"testing"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
)

func TestRecorder(t *testing.T) {
	tests := []struct {
		name      string
		record    []int // histogram indexes
		add       []int // counter indexes, adding 5 each
		wantHist  []int64
		wantCount []int64
	}{
		{name: "nothing", wantHist: []int64{0, 0}, wantCount: []int64{0, 0}},
		{name: "in range", record: []int{0, 0, 1}, add: []int{1}, wantHist: []int64{2, 1}, wantCount: []int64{0, 5}},
		{name: "out of range ignored", record: []int{-1, 2, 1}, add: []int{-1, 2, 0}, wantHist: []int64{0, 1}, wantCount: []int64{5, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRecorder(2, 0, 2, time.Second)
			for _, i := range tt.record {
				r.Record(i, time.Millisecond)
			}
			for _, i := range tt.add {
				r.Add(i, 5)
			}
			for i, want := range tt.wantHist {
				h := r.Histogram(i)
				if want == 0 && h != nil {
					t.Errorf("histogram %d allocated without a Record", i)
				}
				if want > 0 && (h == nil || h.TotalCount() != want) {
					t.Errorf("histogram %d = %v, want %d values", i, h, want)
				}
			}
			for i, want := range tt.wantCount {
				if got := r.Counter(i); got != want {
					t.Errorf("counter %d = %d, want %d", i, got, want)
				}
			}
			if r.Histogram(5) != nil || r.Counter(5) != 0 {
				t.Error("out-of-range accessors return data")
			}
		})
	}
}

func TestRecorderReset(t *testing.T) {
	r := newRecorder(1, 0, 1, time.Second)
	r.Record(0, time.Millisecond)
	r.Add(0, 3)
	r.observe(0, Hit, time.Millisecond, "")
	r.observe(0, Miss, time.Millisecond, "timeout")
	r.observe(0, Write, time.Millisecond, "")
	r.reset()
	if r.Histogram(0).TotalCount() != 0 || r.Counter(0) != 0 {
		t.Error("extra measurements survive reset")
	}
	if r.ops != 0 || r.hits != 0 || r.writes != 0 || len(r.errs) != 0 {
		t.Errorf("counts survive reset: ops %d hits %d writes %d errors %v", r.ops, r.hits, r.writes, r.errs)
	}
	if r.hit.TotalCount() != 0 || r.errRead.TotalCount() != 0 || r.write.TotalCount() != 0 {
		t.Error("engine histograms survive reset")
	}
}

// TestNewHistogram: a latency is recorded within the histogram's
// resolution, and one out of its range is clamped, not dropped, on both
// paths into a worker's histograms: the engine's own (observe) and a
// Workload's extra histograms (Record).
func TestNewHistogram(t *testing.T) {
	tests := []struct {
		name string
		d    time.Duration
		want time.Duration // equivalent value recorded
	}{
		{name: "microsecond", d: time.Microsecond, want: time.Microsecond},
		{name: "millisecond", d: 1234 * time.Microsecond, want: 1234 * time.Microsecond},
		{name: "highest", d: time.Minute, want: time.Minute},
		{name: "above highest is clamped", d: time.Hour, want: time.Minute},
		{name: "negative is clamped", d: -time.Second, want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRecorder(1, 0, 0, time.Second)
			r.observe(0, Hit, tt.d, "")
			r.Record(0, tt.d)
			for path, h := range map[string]*hdrhistogram.Histogram{"observe": r.hit.dense(), "Record": r.Histogram(0)} {
				if h.TotalCount() != 1 {
					t.Fatalf("%s: count = %d, want 1", path, h.TotalCount())
				}
				if got := h.Max(); !h.ValuesAreEquivalent(got, int64(tt.want)) {
					t.Errorf("%s: recorded %v, want %v", path, time.Duration(got), tt.want)
				}
			}
		})
	}
	h := NewHistogram()
	if h.LowestTrackableValue() != 1000 || h.SignificantFigures() != 3 || h.HighestTrackableValue() < int64(time.Minute) {
		t.Errorf("geometry lowest %d, highest %d, digits %d", h.LowestTrackableValue(), h.HighestTrackableValue(), h.SignificantFigures())
	}
}

func TestOutcomeString(t *testing.T) {
	for o, want := range map[Outcome]string{Hit: "hit", Miss: "miss", Write: "write", Outcome(9): "invalid"} {
		if got := o.String(); got != want {
			t.Errorf("Outcome(%d).String() = %q, want %q", o, got, want)
		}
	}
}
