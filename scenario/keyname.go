package scenario

import "strconv"

// Key names. Key index k of a workload is the Redis key "<key prefix>k:<k>".
//
// A worker needs the name as a string for go-redis, and building one from
// bytes allocates. For key spaces up to keyTableMax keys the workload
// builds every name once, up front, into a read-only table the workers
// share (at most a few MB, whatever the key space), so the hot path
// allocates nothing; larger key spaces build each name in the worker's
// buffer and copy it into a string, one small allocation per operation,
// so that memory never grows with the key space.

// keyTableMax is the largest key space whose names are built up front.
const keyTableMax = 1 << 16

// newKeyTable returns the names of keys 0..n-1 under prefix ("<key
// prefix>k:"), or nil when n exceeds keyTableMax.
func newKeyTable(prefix string, n uint64) []string {
	if n > keyTableMax {
		return nil
	}
	// One backing string holds every name: a few allocations in all.
	size := 0
	for k := uint64(0); k < n; k++ {
		size += len(prefix) + digits(k)
	}
	buf := make([]byte, 0, size)
	ends := make([]int, n)
	for k := range n {
		buf = append(buf, prefix...)
		buf = strconv.AppendUint(buf, k, 10)
		ends[k] = len(buf)
	}
	all := string(buf)
	names := make([]string, n)
	start := 0
	for k, end := range ends {
		names[k] = all[start:end]
		start = end
	}
	return names
}

// key returns the Redis key of key index k.
func (w *worker) key(k uint64) string {
	if w.traceKey != "" {
		return w.traceKey
	}
	if k < uint64(len(w.ca.keyNames)) {
		return w.ca.keyNames[k]
	}
	w.buf = strconv.AppendUint(w.buf[:w.base], k, 10)
	return string(w.buf)
}
