package scenario

import (
	"math"
	"testing"
)

func TestRecordSizesAndMeta(t *testing.T) {
	for _, tc := range []struct {
		name          string
		k, v          uint64
		size          int
		delta, expiry int64
	}{
		{"plain", 42, 3, 256, 0, 0},
		{"xfetch", 42, 3, 256, 5123, 1764000000123456},
		{"xfetch, big numbers", 1 << 39, 1 << 40, 1000, math.MaxInt64, math.MaxInt64},
		{"xfetch, delta 1µs", 0, 0, 200, 1, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := encodeRecordMeta(tc.k, tc.v, tc.size, tc.delta, tc.expiry)
			if err != nil {
				t.Fatal(err)
			}
			if len(b) != tc.size {
				t.Errorf("encoded %d bytes, want %d: %s", len(b), tc.size, b[:min(len(b), 120)])
			}
			r, err := decodeRecordMeta(b, tc.k)
			if err != nil || r.Version != tc.v || r.Delta != tc.delta || r.Expiry != tc.expiry {
				t.Errorf("decoded %+v, %v", r, err)
			}
			if _, err := decodeRecord(b, tc.k+1); err == nil {
				t.Error("record of another key accepted")
			}
		})
	}
}

func TestXFetchEarly(t *testing.T) {
	const now = 1_000_000_000
	for _, tc := range []struct {
		name               string
		now, delta, expiry int64
		beta, u            float64
		want               bool
	}{
		{"no expiry stored", now, 1000, 0, 1, 0.001, false},
		{"far from expiry", now, 1000, now + 1_000_000, 1, 0.5, false},
		{"expired", now, 1000, now - 1, 1, 1, true},
		// −ln(0.5)·1000 = 693 µs: recompute when expiry is ≤ 693 µs away.
		{"within delta·β·(−ln u)", now, 1000, now + 600, 1, 0.5, true},
		{"just beyond", now, 1000, now + 800, 1, 0.5, false},
		{"larger β recomputes earlier", now, 1000, now + 800, 2, 0.5, true},
		{"u = 1 only at expiry", now, 1000, now + 1, 1, 1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := xfetchEarly(tc.now, tc.delta, tc.expiry, tc.beta, tc.u); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}
