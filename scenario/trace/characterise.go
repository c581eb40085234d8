package trace

// Characterise reads r to its end, or its first head requests when head >
// 0, and returns the trace's Stats. It returns r's read error, if any,
// with the Stats of what was read before it.
func Characterise(r *Reader, head int64) (Stats, error) {
	c := NewCollector()
	var req Request
	truncated := false
	for r.Next(&req) {
		c.Add(&req)
		if head > 0 && c.requests >= head {
			truncated = true
			break
		}
	}
	s := c.Stats()
	s.Format, s.Compression = r.Format(), r.Compression()
	s.Skipped = r.Skipped()
	s.Truncated = truncated
	return s, r.Err()
}
