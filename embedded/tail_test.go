package embedded

import (
	"bytes"
	"errors"
	"testing"
)

// failingWriter always fails.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("broken") }

func TestTailWriter(t *testing.T) {
	for _, tc := range []struct {
		name   string
		max    int
		writes []string
		want   string
	}{
		{"empty", 3, nil, ""},
		{"keeps last lines", 2, []string{"a\nb\nc\n"}, "b\nc"},
		{"joins split writes", 3, []string{"hel", "lo\nwor", "ld\n"}, "hello\nworld"},
		{"keeps unterminated line", 2, []string{"a\nb\nc"}, "b\nc"},
		{"strips CR", 3, []string{"a\r\nb\r\n"}, "a\nb"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var copyTo bytes.Buffer
			w := newTailWriter(tc.max, &copyTo)
			all := ""
			for _, s := range tc.writes {
				n, err := w.Write([]byte(s))
				if n != len(s) || err != nil {
					t.Fatalf("Write = %d, %v", n, err)
				}
				all += s
			}
			if got := w.String(); got != tc.want {
				t.Errorf("String() = %q, want %q", got, tc.want)
			}
			if copyTo.String() != all {
				t.Errorf("copied %q, want %q", copyTo.String(), all)
			}
		})
	}
}

func TestTailWriterIgnoresNextErrors(t *testing.T) {
	w := newTailWriter(2, failingWriter{})
	if n, err := w.Write([]byte("line\n")); n != 5 || err != nil {
		t.Fatalf("Write = %d, %v, want 5, nil", n, err)
	}
	if got := w.String(); got != "line" {
		t.Errorf("String() = %q", got)
	}
	if !w.contains("LINE") || w.contains("other") {
		t.Error("contains is wrong")
	}
	if got := w.quote(); got != "; last output:\nline" {
		t.Errorf("quote() = %q", got)
	}
	if got := newTailWriter(1, nil).quote(); got != "" {
		t.Errorf("quote() of nothing = %q", got)
	}
}
