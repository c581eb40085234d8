package trace

import "time"

// Request is one request of a trace. Key is valid until the Reader's next
// call to Next: copy it to keep it.
type Request struct {
	// Time is the request's time on the trace's own clock (Twitter and
	// oracleGeneral: seconds, converted to a Duration); valid when HasTime.
	Time time.Duration
	// Key is the key as the trace writes it; nil for oracleGeneral, whose
	// objects have numeric ids only.
	Key []byte
	// ID identifies the object: oracleGeneral's object id, or a 64-bit
	// hash of Key (xxhash) for the text formats. Two keys share an ID with
	// probability about n²/2⁶⁵ for n distinct keys.
	ID uint64
	// KeySize is the key's size in bytes as the trace gives it (Twitter),
	// else len(Key); 0 for oracleGeneral.
	KeySize int
	// ValueSize is the value's size in bytes; valid when HasValueSize.
	ValueSize int
	// TTL is the time to live the request sets, in seconds; 0 for none.
	// Valid when HasTTL.
	TTL int64
	// Op is the operation (Get for oracleGeneral, which has none).
	Op Op

	// HasTime, HasValueSize and HasTTL say which of Time, ValueSize and
	// TTL the trace gave (a csv trace may leave any of them out).
	HasTime, HasValueSize, HasTTL bool
}
