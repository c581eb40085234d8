package scenario

// parseRecord is the allocation-free decoder of a cached record in the one
// layout encodeRecordMeta writes (encoding/json's output for record):
//
//	{"id":N,"name":"S","email":"S","version":N[,"delta_us":N][,"expiry_us":N],"payload":"S"}
//
// with no whitespace and nothing after the closing brace. It validates
// what it reads as JSON: numbers are unsigned decimal integers without
// leading zeros that fit their field (delta and expiry, which encoding/json
// leaves out when zero, must be positive), and strings end at the first
// quote and hold no control character and no escape. It returns the
// numeric fields and ok; ok is false for anything else, which is not
// necessarily invalid JSON (whitespace, another key order, escapes): the
// caller then decodes with encoding/json, so both accept the same values.
func parseRecord[T ~string | ~[]byte](b T) (r record, ok bool) {
	p := recordParser[T]{b: b}
	if !p.lit(`{"id":`) {
		return record{}, false
	}
	if r.ID, ok = p.uint(); !ok {
		return record{}, false
	}
	if !p.lit(`,"name":`) || !p.str() || !p.lit(`,"email":`) || !p.str() || !p.lit(`,"version":`) {
		return record{}, false
	}
	if r.Version, ok = p.uint(); !ok {
		return record{}, false
	}
	if p.lit(`,"delta_us":`) {
		if r.Delta, ok = p.positive(); !ok {
			return record{}, false
		}
	}
	if p.lit(`,"expiry_us":`) {
		if r.Expiry, ok = p.positive(); !ok {
			return record{}, false
		}
	}
	if !p.lit(`,"payload":`) || !p.str() || !p.lit(`}`) || p.i != len(p.b) {
		return record{}, false
	}
	return r, true
}

// recordParser reads b from offset i.
type recordParser[T ~string | ~[]byte] struct {
	b T
	i int
}

// lit consumes s when b continues with it.
func (p *recordParser[T]) lit(s string) bool {
	if len(p.b)-p.i < len(s) || string(p.b[p.i:p.i+len(s)]) != s {
		return false
	}
	p.i += len(s)
	return true
}

// uint consumes a JSON number that is an unsigned integer fitting uint64.
func (p *recordParser[T]) uint() (uint64, bool) {
	start := p.i
	var n uint64
	for p.i < len(p.b) {
		c := p.b[p.i]
		if c < '0' || c > '9' {
			break
		}
		d := uint64(c - '0')
		if n > (1<<64-1-d)/10 {
			return 0, false // overflows uint64
		}
		n = n*10 + d
		p.i++
	}
	switch {
	case p.i == start:
		return 0, false // no digit
	case p.b[start] == '0' && p.i-start > 1:
		return 0, false // leading zero: not JSON
	case p.i < len(p.b) && (p.b[p.i] == '.' || p.b[p.i] == 'e' || p.b[p.i] == 'E'):
		return 0, false // a fraction or exponent: not an integer
	}
	return n, true
}

// positive consumes an integer in [1, MaxInt64].
func (p *recordParser[T]) positive() (int64, bool) {
	n, ok := p.uint()
	if !ok || n == 0 || n > 1<<63-1 {
		return 0, false
	}
	return int64(n), true
}

// str consumes a JSON string without escapes or control characters.
func (p *recordParser[T]) str() bool {
	if p.i >= len(p.b) || p.b[p.i] != '"' {
		return false
	}
	i := p.i + 1
	// Eight bytes at a time while none is a quote, a backslash or a
	// control character (payloads are most of a record), then one by one.
	for ; i+8 <= len(p.b); i += 8 {
		if special(load64(p.b, i)) {
			break
		}
	}
	for ; i < len(p.b); i++ {
		switch c := p.b[i]; {
		case c == '"':
			p.i = i + 1
			return true
		case c == '\\' || c < 0x20:
			return false
		}
	}
	return false // unterminated
}

// Bit patterns of one byte repeated in each of a word's eight bytes.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// special reports whether any byte of x is a quote, a backslash or below
// 0x20: a byte b is zero in x^(ones*c) when b == c, and (y-ones*n)&^y has
// its high bit set for a byte below n (n <= 0x80) in y.
func special(x uint64) bool {
	q, bs := x^(ones*'"'), x^(ones*'\\')
	return ((q-ones)&^q|(bs-ones)&^bs|(x-ones*0x20)&^x)&highs != 0
}

// load64 returns the eight bytes of b from i as a little-endian word.
func load64[T ~string | ~[]byte](b T, i int) uint64 {
	b = b[i : i+8]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}
