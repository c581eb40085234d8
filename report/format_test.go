package report

import (
	"math"
	"testing"
)

func TestNum(t *testing.T) {
	for _, tc := range []struct {
		f      float64
		places int
		want   string
	}{
		{1.23456, 3, "1.235"}, {-0.0001, 3, "0.000"}, {-1.5, 1, "-1.5"}, {math.NaN(), 2, "–"},
		{math.Inf(1), 0, "–"}, {1e6, 0, "1000000"},
	} {
		if got := Num(tc.f, tc.places); got != tc.want {
			t.Errorf("Num(%v, %d) = %q, want %q", tc.f, tc.places, got, tc.want)
		}
	}
	if got := times(0); got != "–" {
		t.Errorf("times(0) = %q", got)
	}
	if got := jsonValue(1e6); got != "1000000" {
		t.Errorf("jsonValue(1e6) = %q", got)
	}
}

func TestCoarseThroughput(t *testing.T) {
	var pts []Point
	for i := 1; i <= 125; i++ {
		pts = append(pts, Point{TS: float64(i), Ops: 100})
	}
	pts = append(pts, Point{TS: 125.5, Ops: 50}) // a partial last interval
	got := coarseThroughput(pts, 60)
	if len(got) > 60 {
		t.Fatalf("%d points, want at most 60", len(got))
	}
	for _, p := range got {
		if math.Abs(p.y-100) > 1e-9 {
			t.Errorf("rate %v at %v, want 100", p.y, p.x)
		}
	}
	if last := got[len(got)-1]; last.x != 125.5 {
		t.Errorf("last point at %v, want 125.5", last.x)
	}
}

func TestLinearAxis(t *testing.T) {
	for _, tc := range []struct {
		max, hi float64
		ticks   int
	}{{9909, 10000, 6}, {0, 1, 6}, {0.37, 0.4, 5}, {3, 3, 4}} {
		hi, ticks := linearAxis(tc.max)
		if hi != tc.hi || len(ticks) != tc.ticks {
			t.Errorf("linearAxis(%v) = %v with %d ticks, want %v with %d", tc.max, hi, len(ticks), tc.hi, tc.ticks)
		}
	}
}
