package bench

// Outcome says what one operation was.
type Outcome uint8

const (
	// Hit is a read served from the cache.
	Hit Outcome = iota
	// Miss is a read that went to the source.
	Miss
	// Write is a write to the source followed by invalidation or update.
	Write
)

// String returns "hit", "miss", "write", or "invalid" for any other value.
func (o Outcome) String() string {
	switch o {
	case Hit:
		return "hit"
	case Miss:
		return "miss"
	case Write:
		return "write"
	default:
		return "invalid"
	}
}
