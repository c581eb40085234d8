package scenario

import (
	"fmt"
	"math/bits"
	"strconv"
	"strings"
)

// valueSizeLimit is the largest value size accepted, 16 MiB.
const valueSizeLimit = 16 << 20

// valueSizeAccepted says what ParseValueSize accepts; every error ends with it.
const valueSizeAccepted = "want N or MIN-MAX bytes with 1 <= MIN <= MAX <= 16MiB (suffixes B, KB/KiB, MB/MiB in multiples of 1024 allowed)"

// ValueSize is a parsed --value-size: N or MIN-MAX bytes (serialised size of a cached value).
// It marshals as text in its canonical form (e.g. "100-4096").
type ValueSize struct {
	// Min is the smallest size in bytes, >= 1.
	Min int
	// Max is the largest size in bytes, >= Min and <= 16 MiB.
	Max int
}

// ParseValueSize accepts "N" or "MIN-MAX" with 1 <= MIN <= MAX <= 16 MiB (optional suffixes
// B, KB/KiB, MB/MiB meaning 1024 multiples are welcome). Errors say what is accepted.
func ParseValueSize(s string) (ValueSize, error) {
	lo, hi, isRange := strings.Cut(strings.TrimSpace(s), "-")
	bad := func(reason string) (ValueSize, error) {
		return ValueSize{}, fmt.Errorf("scenario: value-size %q: %s; %s", s, reason, valueSizeAccepted)
	}
	minSize, err := parseByteSize(lo)
	if err != nil {
		return bad(err.Error())
	}
	maxSize := minSize
	if isRange {
		if maxSize, err = parseByteSize(hi); err != nil {
			return bad(err.Error())
		}
	}
	v := ValueSize{Min: minSize, Max: maxSize}
	if reason := v.invalid(); reason != "" {
		return bad(reason)
	}
	return v, nil
}

// parseByteSize parses a decimal integer with an optional unit suffix
// (B, KB, KiB, MB, MiB; case-insensitive; K and M are 1024 and 1024²).
// It returns at most valueSizeLimit+1, so callers see oversize values as such.
func parseByteSize(s string) (int, error) {
	s = strings.TrimSpace(s)
	digits := strings.TrimRight(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
	unit := strings.TrimSpace(s[len(digits):])
	digits = strings.TrimSpace(digits)
	var mult uint64
	switch strings.ToLower(unit) {
	case "", "b":
		mult = 1
	case "kb", "kib":
		mult = 1 << 10
	case "mb", "mib":
		mult = 1 << 20
	default:
		return 0, fmt.Errorf("unknown unit %q", unit)
	}
	if digits == "" || strings.TrimLeft(digits, "0123456789") != "" {
		return 0, fmt.Errorf("%q is not a whole number of bytes", s)
	}
	n, err := strconv.ParseUint(digits, 10, 64)
	if err != nil || n > valueSizeLimit/mult {
		return valueSizeLimit + 1, nil // out of range; digits are valid
	}
	return int(n * mult), nil
}

// Validate reports whether v satisfies 1 <= Min <= Max <= 16 MiB.
func (v ValueSize) Validate() error {
	if reason := v.invalid(); reason != "" {
		return fmt.Errorf("scenario: value-size %q: %s; %s", v.String(), reason, valueSizeAccepted)
	}
	return nil
}

// invalid returns why v is not valid, or "".
func (v ValueSize) invalid() string {
	switch {
	case v.Min < 1:
		return "sizes must be at least 1 byte"
	case v.Max > valueSizeLimit:
		return "sizes must be at most 16MiB"
	case v.Min > v.Max:
		return "MIN exceeds MAX"
	}
	return ""
}

// String returns the canonical form in bytes, "N" or "MIN-MAX", which
// round-trips through ParseValueSize.
func (v ValueSize) String() string {
	if v.Min == v.Max {
		return strconv.Itoa(v.Min)
	}
	return strconv.Itoa(v.Min) + "-" + strconv.Itoa(v.Max)
}

// MarshalText returns the canonical form (see String).
func (v ValueSize) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

// UnmarshalText parses text with ParseValueSize.
func (v *ValueSize) UnmarshalText(text []byte) error {
	p, err := ParseValueSize(string(text))
	if err != nil {
		return err
	}
	*v = p
	return nil
}

// For returns the size for key index k under seed: deterministic (same key, same size),
// uniform in [Min, Max]; no allocation.
// An invalid v is clamped: Min to at least 1, Max to at least Min.
func (v ValueSize) For(k uint64, seed int64) int {
	lo := max(v.Min, 1)
	hi := max(v.Max, lo)
	if lo == hi {
		return lo
	}
	h := keyDistMix(k ^ keyDistMix(uint64(seed)^0x5be0cd19137e2179))
	// Multiply-high maps h to [0, span) with a bias below span/2^64.
	top, _ := bits.Mul64(h, uint64(hi-lo)+1)
	return lo + int(top)
}
