package bench

import (
	"math"
	"math/bits"

	"github.com/HdrHistogram/hdrhistogram-go"
)

// sparseHist is a worker's histogram: the counts of an HdrHistogram of the
// same geometry, index for index, allocated in chunks of chunkLen counts
// as values reach them, so that workers × histograms stays small however
// many workers run. It merges losslessly into a dense histogram of the
// same geometry (mergeInto).
//
// record buffers values and counts them a batch at a time (flush): the
// counts are cold in the cache when an operation ends, and a batch
// overlaps its misses. Every read of the histogram counts the buffered
// values too.
type sparseHist struct {
	total  int64
	g      *geometry
	n      int                         // values buffered in pend
	pend   [pendLen]int64              // values recorded, not yet counted
	chunks [maxChunks]*[chunkLen]int64 // chunk i holds counts [i*chunkLen, (i+1)*chunkLen); nil until used
}

// pendLen is the number of values a histogram buffers before counting them.
const pendLen = 32

// Chunks: chunkLen counts (8 KB) each, at most maxChunks of them (enough
// for both geometries, see TestSparseMatchesDense).
const (
	chunkLen  = 1024
	maxChunks = 18
)

// geometry is an HdrHistogram's bucket layout (hdrhistogram-go's New:
// countsIndexFor and valueFromIndex), for one lowest discernible value,
// highest trackable value and number of significant figures.
type geometry struct {
	unitMagnitude uint  // log2 of the lowest discernible value, rounded down
	halfMagnitude uint  // log2 of half the sub-bucket count
	subBucketMask int64 // (sub-bucket count − 1) << unitMagnitude
	countsLen     int
	highest       int64 // values above are clamped to it
	newDense      func() *hdrhistogram.Histogram
}

// The two geometries used: latencies (NewHistogram) and plain values
// (NewValueHistogram).
var (
	latencyGeometry = newGeometry(lowestLatency, highestLatency, latencyDigits, NewHistogram)
	valueGeometry   = newGeometry(1, highestValue, valueDigits, NewValueHistogram)
)

// newGeometry computes the layout hdrhistogram.New(lowest, highest, digits)
// uses; newDense makes a dense histogram of it.
func newGeometry(lowest, highest int64, digits int, newDense func() *hdrhistogram.Histogram) *geometry {
	largest := 2 * int64(math.Pow10(digits)) // largest value with single-unit resolution
	subBucketCountMagnitude := uint(math.Ceil(math.Log2(float64(largest))))
	halfMagnitude := max(subBucketCountMagnitude, 1) - 1
	unitMagnitude := uint(bits.Len64(uint64(lowest)) - 1)
	subBucketCount := int64(1) << (halfMagnitude + 1)
	buckets := 1
	for untrackable := subBucketCount << unitMagnitude; untrackable <= highest; untrackable <<= 1 {
		if untrackable > math.MaxInt64/2 {
			buckets++
			break
		}
		buckets++
	}
	return &geometry{
		unitMagnitude: unitMagnitude,
		halfMagnitude: halfMagnitude,
		subBucketMask: (subBucketCount - 1) << unitMagnitude,
		countsLen:     (buckets + 1) << halfMagnitude,
		highest:       highest,
		newDense:      newDense,
	}
}

// index returns the counts index of v (0 <= v <= highest).
func (g *geometry) index(v int64) int {
	bucket := bits.Len64(uint64(v|g.subBucketMask)) - int(g.unitMagnitude) - int(g.halfMagnitude) - 1
	sub := int(v >> (uint(bucket) + g.unitMagnitude))
	return (bucket+1)<<g.halfMagnitude + sub - 1<<g.halfMagnitude
}

// value returns the lowest value of counts index i.
func (g *geometry) value(i int) int64 {
	bucket := i>>g.halfMagnitude - 1
	sub := i&(1<<g.halfMagnitude-1) + 1<<g.halfMagnitude
	if bucket < 0 {
		sub -= 1 << g.halfMagnitude
		bucket = 0
	}
	return int64(sub) << (uint(bucket) + g.unitMagnitude)
}

func newSparse(g *geometry) *sparseHist { return &sparseHist{g: g} }

// lazySparse returns *p, making it of geometry g on first use.
func lazySparse(p **sparseHist, g *geometry) *sparseHist {
	if *p == nil {
		*p = newSparse(g)
	}
	return *p
}

// record counts v, clamped to [0, highest] so that every value is counted.
func (s *sparseHist) record(v int64) {
	s.pend[s.n] = v
	s.n++
	s.total++
	if s.n == pendLen {
		s.flush()
	}
}

// flush counts the values buffered.
func (s *sparseHist) flush() {
	for _, v := range s.pend[:s.n] {
		i := s.g.index(min(max(v, 0), s.g.highest))
		c := s.chunks[i/chunkLen]
		if c == nil {
			c = new([chunkLen]int64)
			s.chunks[i/chunkLen] = c
		}
		c[i%chunkLen]++
	}
	s.n = 0
}

// reset empties s, keeping its chunks for reuse.
func (s *sparseHist) reset() {
	if s == nil || s.total == 0 {
		return
	}
	for _, c := range s.chunks {
		if c != nil {
			clear(c[:])
		}
	}
	s.total, s.n = 0, 0
}

// mergeInto adds s's counts to dst, a dense histogram of s's geometry;
// a nil s adds nothing.
func (s *sparseHist) mergeInto(dst *hdrhistogram.Histogram) {
	if s == nil || s.total == 0 {
		return
	}
	for ci, c := range s.chunks {
		if c == nil {
			continue
		}
		for j, n := range c {
			if n != 0 {
				_ = dst.RecordValues(s.g.value(ci*chunkLen+j), n) // same geometry: always in range
			}
		}
	}
	for _, v := range s.pend[:s.n] { // not counted yet; s stays as it is
		_ = dst.RecordValue(s.g.value(s.g.index(min(max(v, 0), s.g.highest))))
	}
}

// TotalCount returns the number of values recorded; 0 for a nil s.
func (s *sparseHist) TotalCount() int64 {
	if s == nil {
		return 0
	}
	return s.total
}

// dense returns a dense copy of s, or nil for a nil s.
func (s *sparseHist) dense() *hdrhistogram.Histogram {
	if s == nil {
		return nil
	}
	h := s.g.newDense()
	s.mergeInto(h)
	return h
}
