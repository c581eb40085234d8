package trace

import "fmt"

// maxReasons is how many skip reasons a Reader keeps: the first ones.
const maxReasons = 5

// Skips counts the lines (or records) a Reader could not parse and keeps
// the first few reasons, each naming its line.
type Skips struct {
	// Count is the number of lines skipped.
	Count int64 `json:"count"`
	// First are the reasons of the first skipped lines, at most 5, e.g.
	// `line 7: value size "x" is not a number`.
	First []string `json:"first,omitempty"`
}

func (s *Skips) add(line int64, format string, args ...any) {
	s.Count++
	if len(s.First) < maxReasons {
		s.First = append(s.First, fmt.Sprintf("line %d: ", line)+fmt.Sprintf(format, args...))
	}
}
