package embedded

import (
	"bytes"
	"io"
	"strings"
	"sync"
)

// tailWriter keeps the last lines written to it (for error messages) and
// copies everything to next, if any, ignoring next's errors: a child whose
// output pipe is no longer drained would block on its next log line.
type tailWriter struct {
	next io.Writer
	max  int

	mu      sync.Mutex
	lines   []string
	partial []byte
}

// newTailWriter returns a tailWriter keeping max lines and copying to next
// (nil = nowhere).
func newTailWriter(max int, next io.Writer) *tailWriter {
	return &tailWriter{next: next, max: max}
}

// Write records p and copies it to next; it never fails.
func (w *tailWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.next != nil {
		_, _ = w.next.Write(p)
	}
	rest := p
	for {
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			break
		}
		line := append(w.partial, rest[:i]...)
		w.partial = w.partial[:0]
		w.add(strings.TrimRight(string(line), "\r"))
		rest = rest[i+1:]
	}
	w.partial = append(w.partial, rest...)
	return len(p), nil
}

// add appends a complete line, dropping the oldest beyond max.
func (w *tailWriter) add(line string) {
	w.lines = append(w.lines, line)
	if over := len(w.lines) - w.max; over > 0 {
		w.lines = append(w.lines[:0], w.lines[over:]...)
	}
}

// String returns the last max lines, counting an unterminated last line,
// joined by newlines.
func (w *tailWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	lines := w.lines
	if len(w.partial) > 0 {
		if len(lines) >= w.max {
			lines = lines[len(lines)-w.max+1:]
		}
		lines = append(lines[:len(lines):len(lines)], string(w.partial))
	}
	return strings.Join(lines, "\n")
}

// contains reports whether the kept output contains s, ignoring case.
func (w *tailWriter) contains(s string) bool {
	return strings.Contains(strings.ToLower(w.String()), strings.ToLower(s))
}

// quote returns the kept output formatted to end an error message, or "".
func (w *tailWriter) quote() string {
	s := w.String()
	if s == "" {
		return ""
	}
	return "; last output:\n" + s
}
