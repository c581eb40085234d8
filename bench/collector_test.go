package bench

import (
	"testing"
	"time"
)

// TestCollector feeds two workers' operations by hand and checks that an
// interval becomes a point only once both have left it.
func TestCollector(t *testing.T) {
	const iv = 10 * time.Millisecond
	a, b := newRecorder(0, 0, 0, iv), newRecorder(0, 0, 0, iv)
	c := newCollector(iv, []*Recorder{a, b})
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }

	a.observe(ms(1), Hit, ms(2), "")
	a.observe(ms(12), Miss, ms(4), "")
	b.observe(ms(3), Write, ms(1), "timeout")
	c.tick()
	if len(c.points) != 0 {
		t.Fatalf("points %+v while worker b is still in interval 0", c.points)
	}

	b.observe(ms(25), Hit, ms(1), "")
	c.tick()
	want := []Interval{{T: iv, Ops: 2, Reads: 1, Hits: 1, Errors: 1}}
	if !equalCounts(c.points, want) {
		t.Fatalf("after b moved on: points %+v, want %+v", c.points, want)
	}
	if p := c.points[0]; !sameValue(p.P50, ms(2)) || !sameValue(p.P99, ms(2)) {
		t.Errorf("interval 0 p50/p99 = %v/%v, want 2ms", p.P50, p.P99)
	}
	if len(a.series.box.free) != 1 {
		t.Errorf("worker a has %d reusable histograms, want 1", len(a.series.box.free))
	}

	a.series.finish()
	b.series.finish()
	got := c.finish(ms(27))
	want = append(want,
		Interval{T: 2 * iv, Ops: 1, Reads: 1},
		Interval{T: ms(27), Ops: 1, Reads: 1, Hits: 1},
	)
	if !equalCounts(got, want) {
		t.Errorf("final points %+v, want %+v", got, want)
	}
	if p := got[1]; !sameValue(p.P99, ms(4)) {
		t.Errorf("interval 1 p99 = %v, want 4ms", p.P99)
	}
}

func TestCollectorFinish(t *testing.T) {
	const iv = 10 * time.Millisecond
	tests := []struct {
		name    string
		starts  []time.Duration // of one worker's operations
		elapsed time.Duration
		want    []Interval // T and Ops only
	}{
		{name: "nothing measured", elapsed: 0, want: []Interval{}},
		{name: "empty full intervals are points", starts: []time.Duration{25 * time.Millisecond}, elapsed: 31 * time.Millisecond,
			want: []Interval{{T: iv}, {T: 2 * iv}, {T: 3 * iv, Ops: 1}}},
		{name: "empty partial interval is not", starts: []time.Duration{5 * time.Millisecond}, elapsed: 19 * time.Millisecond,
			want: []Interval{{T: iv, Ops: 1}}},
		{name: "partial interval with operations is", starts: []time.Duration{0, 12 * time.Millisecond}, elapsed: 15 * time.Millisecond,
			want: []Interval{{T: iv, Ops: 1}, {T: 15 * time.Millisecond, Ops: 1}}},
		{name: "run shorter than an interval", starts: []time.Duration{0, time.Millisecond}, elapsed: 2 * time.Millisecond,
			want: []Interval{{T: 2 * time.Millisecond, Ops: 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRecorder(0, 0, 0, iv)
			c := newCollector(iv, []*Recorder{r})
			for _, s := range tt.starts {
				r.observe(s, Write, time.Millisecond, "")
			}
			r.series.finish()
			got := c.finish(tt.elapsed)
			if got == nil || !equalCounts(got, tt.want) {
				t.Errorf("points %+v, want %+v", got, tt.want)
			}
		})
	}
}

// equalCounts compares points without their percentiles.
func equalCounts(got, want []Interval) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		g := got[i]
		g.P50, g.P99 = 0, 0
		if g != want[i] {
			return false
		}
	}
	return true
}

// sameValue reports whether d and want fall in the same histogram bucket.
func sameValue(d, want time.Duration) bool {
	return NewHistogram().ValuesAreEquivalent(int64(d), int64(want))
}
