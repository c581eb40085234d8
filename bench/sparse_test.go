package bench

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
)

// TestSparseMatchesDense: a sparse histogram merged into a dense one holds
// exactly what the dense one holds after recording the same values, for
// both geometries, values at the edges and beyond included.
func TestSparseMatchesDense(t *testing.T) {
	for _, tc := range []struct {
		name     string
		g        *geometry
		newDense func() *hdrhistogram.Histogram
		highest  int64
	}{
		{"latency", latencyGeometry, NewHistogram, highestLatency},
		{"value", valueGeometry, NewValueHistogram, highestValue},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, want := tc.g.countsLen, len(tc.newDense().Export().Counts); got != want {
				t.Fatalf("counts length %d, hdrhistogram's %d", got, want)
			}
			if tc.g.countsLen > maxChunks*chunkLen {
				t.Fatalf("%d counts do not fit %d chunks of %d", tc.g.countsLen, maxChunks, chunkLen)
			}
			s, want := newSparse(tc.g), tc.newDense()
			rng := rand.New(rand.NewPCG(1, 2))
			values := []int64{-5, 0, 1, 2, 255, 256, 999, 1000, 1023, 1024, 2047, 2048, tc.highest - 1, tc.highest, tc.highest + 1, math.MaxInt64}
			for range 20000 { // log-uniform over the whole range
				values = append(values, int64(math.Exp(rng.Float64()*math.Log(float64(tc.highest)))))
			}
			for _, v := range values {
				s.record(v)
				_ = want.RecordValue(min(max(v, 0), tc.highest))
			}
			got := s.dense()
			if !got.Equals(want) {
				t.Fatalf("sparse copy differs: total %d/%d, max %d/%d, p50 %d/%d", got.TotalCount(), want.TotalCount(),
					got.Max(), want.Max(), got.ValueAtQuantile(50), want.ValueAtQuantile(50))
			}
			for i := range tc.g.countsLen { // index and value agree with hdrhistogram's
				if v := tc.g.value(i); tc.g.index(v) != i {
					t.Fatalf("index(value(%d)) = %d", i, tc.g.index(v))
				}
			}
			if s.TotalCount() != int64(len(values)) {
				t.Errorf("total %d, want %d", s.TotalCount(), len(values))
			}
			s.reset()
			if s.TotalCount() != 0 || s.dense().TotalCount() != 0 {
				t.Error("reset left counts")
			}
		})
	}
}

// TestSparseMemory: latencies of one kind of operation take a few chunks,
// not the 18,432 counts of a dense latency histogram.
func TestSparseMemory(t *testing.T) {
	s := newSparse(latencyGeometry)
	rng := rand.New(rand.NewPCG(3, 4))
	for range 100000 { // 100µs to 1ms
		s.record(int64(100*time.Microsecond) + rng.Int64N(int64(900*time.Microsecond)))
	}
	used := 0
	for _, c := range s.chunks {
		if c != nil {
			used++
		}
	}
	if bytes := used * chunkLen * 8; bytes > 16<<10 {
		t.Errorf("%d chunks (%d bytes) for latencies within 100µs–1ms, want at most 16 KB", used, bytes)
	}
	if dense := latencyGeometry.countsLen * 8; dense < 100<<10 {
		t.Errorf("a dense latency histogram takes %d bytes; the comparison is moot", dense)
	}
}

func TestSparseNil(t *testing.T) {
	var s *sparseHist
	s.reset()
	h := NewHistogram()
	s.mergeInto(h)
	if s.TotalCount() != 0 || s.dense() != nil || h.TotalCount() != 0 {
		t.Error("a nil sparse histogram is not empty")
	}
}

// BenchmarkSparseRecord measures recording one latency into a worker's
// histogram (BenchmarkDenseRecord: the same into hdrhistogram's).
func BenchmarkSparseRecord(b *testing.B) {
	s := newSparse(latencyGeometry)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		s.record(int64(100*time.Microsecond) + int64(i&0xffff)*10)
	}
}

func BenchmarkDenseRecord(b *testing.B) {
	h := NewHistogram()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		recordLatency(h, 100*time.Microsecond+time.Duration(i&0xffff)*10)
	}
}

// TestSparseBuffered: values recorded but not yet counted (fewer than a
// batch, or the tail after full batches) are in every read of the
// histogram, reading does not change it, and reset drops them.
func TestSparseBuffered(t *testing.T) {
	for _, n := range []int{1, pendLen - 1, pendLen, pendLen + 5, 3*pendLen + 7} {
		s := newSparse(latencyGeometry)
		want := NewHistogram()
		for i := range n {
			v := int64(i+1) * int64(37*time.Microsecond)
			s.record(v)
			recordLatency(want, time.Duration(v))
		}
		if s.n != n%pendLen {
			t.Errorf("%d values: %d buffered, want %d", n, s.n, n%pendLen)
		}
		for range 2 {
			got := s.dense()
			if got.TotalCount() != int64(n) || s.TotalCount() != int64(n) || !got.Equals(want) {
				t.Fatalf("%d values: dense has %d, TotalCount %d, equal to hdrhistogram's: %v", n, got.TotalCount(), s.TotalCount(), got.Equals(want))
			}
		}
		s.reset()
		if s.n != 0 || s.dense().TotalCount() != 0 {
			t.Errorf("%d values: reset left %d buffered", n, s.n)
		}
	}
}
