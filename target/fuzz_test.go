package target

import (
	"errors"
	"strings"
	"testing"
)

func FuzzParseTarget(f *testing.F) {
	for _, s := range []string{"redis://localhost:6379", "a=redis://u:p@h:1/2", "rediss://h:1", "unix:///tmp/r.sock", "=redis://h", "http://h", "redis://h:1?x=y", "redis://:pw@h:99999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tg, err := ParseTarget(s)
		if err != nil {
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != "--target" {
				t.Fatalf("%q: error %v is not a FieldError on --target", s, err)
			}
			return
		}
		if tg.Name == "" {
			t.Fatalf("%q: empty name", s)
		}
		if pw, ok := tg.password(); ok && len(pw) >= 4 && strings.Contains(tg.Redacted(), pw) {
			t.Fatalf("%q: redacted URL %q shows the password", s, tg.Redacted())
		}
	})
}
