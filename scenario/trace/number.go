package trace

import (
	"math"
	"strconv"
	"time"
)

// parseUint parses a decimal unsigned integer without allocating.
func parseUint(b []byte) (uint64, bool) {
	if len(b) == 0 || len(b) > 19 {
		return 0, false
	}
	var n uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	return n, true
}

// parseSize parses a size in bytes that fits an int32.
func parseSize(b []byte) (int, bool) {
	n, ok := parseUint(b)
	if !ok || n > math.MaxInt32 {
		return 0, false
	}
	return int(n), true
}

// parseSeconds parses a timestamp in seconds: an integer, or a decimal
// fraction (csv), into a Duration.
func parseSeconds(b []byte) (time.Duration, bool) {
	if n, ok := parseUint(b); ok {
		if n > math.MaxInt64/uint64(time.Second) {
			return 0, false
		}
		return time.Duration(n) * time.Second, true
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil || !(f >= 0) || f*float64(time.Second) >= math.MaxInt64 {
		return 0, false
	}
	return time.Duration(math.Round(f * float64(time.Second))), true
}
