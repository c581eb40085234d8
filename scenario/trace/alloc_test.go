package trace

import (
	"strconv"
	"testing"
)

// lineSource generates Twitter rows without end, so a test can read more
// than it ever holds.
type lineSource struct {
	i   int
	buf []byte
}

func (s *lineSource) Read(p []byte) (int, error) {
	for len(s.buf) < len(p) {
		s.buf = strconv.AppendInt(s.buf, int64(s.i/1000), 10)
		s.buf = append(s.buf, ",key:"...)
		s.buf = strconv.AppendInt(s.buf, int64(s.i%5000), 10)
		s.buf = append(s.buf, ",9,300,1,get,60\n"...)
		s.i++
	}
	n := copy(p, s.buf)
	s.buf = s.buf[:copy(s.buf, s.buf[n:])]
	return n, nil
}

// TestReaderDoesNotAllocate: reading a request allocates nothing, so
// memory does not grow with the trace.
func TestReaderDoesNotAllocate(t *testing.T) {
	r, err := NewReader(&lineSource{}, "")
	if err != nil {
		t.Fatal(err)
	}
	var req Request
	allocs := testing.AllocsPerRun(100000, func() {
		if !r.Next(&req) {
			t.Fatal("the stream ended")
		}
	})
	if allocs != 0 {
		t.Fatalf("%v allocations per request, want 0", allocs)
	}
}
