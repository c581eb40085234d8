package scenario

import (
	"strconv"
	"testing"
)

// TestKeyNames: a worker names key k "<key prefix>k:<k>", from the table
// up to keyTableMax keys and built beyond, and only builds allocate.
func TestKeyNames(t *testing.T) {
	for _, tc := range []struct {
		name   string
		keys   uint64
		table  bool
		allocs float64
	}{
		{"one key", 1, true, 0},
		{"ten thousand", 10_000, true, 0},
		{"the largest table", keyTableMax, true, 0},
		{"beyond the table", keyTableMax + 1, false, 1},
		{"a hundred million", 100_000_000, false, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ca, _, _ := testCacheAside(t, Workload{Keys: tc.keys})
			if got := ca.keyNames != nil; got != tc.table {
				t.Fatalf("table: %v, want %v", got, tc.table)
			}
			w, _ := testWorker(t, ca, 0)
			for _, k := range []uint64{0, 1, 9, tc.keys / 2, tc.keys - 1} {
				k = min(k, tc.keys-1)
				want := "test:run:w0:k:" + strconv.FormatUint(k, 10)
				if got := w.key(k); got != want {
					t.Errorf("key(%d) = %q, want %q", k, got, want)
				}
				if got := ca.keyOf(k); got != want {
					t.Errorf("keyOf(%d) = %q, want %q", k, got, want)
				}
				if got := ca.keyName(k); got != want {
					t.Errorf("keyName(%d) = %q, want %q", k, got, want)
				}
			}
			k := tc.keys - 1
			if n := testing.AllocsPerRun(100, func() { _ = w.key(k) }); n != tc.allocs {
				t.Errorf("%v allocations per key name, want %v", n, tc.allocs)
			}
		})
	}
}
