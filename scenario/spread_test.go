package scenario

import (
	"slices"
	"testing"
	"time"
)

func TestSpreadGroupSpacesATimestampsRequests(t *testing.T) {
	ms := time.Millisecond
	in := []time.Duration{0, 0, 0, 0, 1000 * ms, 1000 * ms, 1300 * ms, 5000 * ms, 5000 * ms}
	i := 0
	read := func() (traceOp, time.Duration, bool) {
		if i >= len(in) {
			return traceOp{}, 0, false
		}
		i++
		return traceOp{id: uint64(i)}, in[i-1], true
	}
	var g spreadGroup
	var got []time.Duration
	var ids []uint64
	for {
		op, at, ok := g.next(read)
		if !ok {
			break
		}
		got = append(got, at)
		ids = append(ids, op.id)
	}
	// Four requests at 0 over the second to 1s; two at 1s over the 300ms
	// to 1.3s; one at 1.3s alone; two at 5s, the last group, over a second
	// at most (capped gap from 1.3s to 5s).
	want := []time.Duration{0, 250 * ms, 500 * ms, 750 * ms, 1000 * ms, 1150 * ms, 1300 * ms, 5000 * ms, 5500 * ms}
	if !slices.Equal(got, want) {
		t.Fatalf("due %v, want %v", got, want)
	}
	if !slices.Equal(ids, []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9}) {
		t.Fatalf("order %v, want the trace's", ids)
	}
}
