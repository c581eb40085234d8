package scenario

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestKeyPrefix(t *testing.T) {
	for _, tc := range []struct {
		prefix, want string
	}{
		{"cacheaside", "cacheaside:0a1b2c3d:"},
		{"team-a.bench_1", "team-a.bench_1:0a1b2c3d:"},
		{"a:b", "a:b:0a1b2c3d:"},
	} {
		t.Run(tc.prefix, func(t *testing.T) {
			got, err := KeyPrefix(tc.prefix, "0a1b2c3d")
			if err != nil || got != tc.want {
				t.Errorf("KeyPrefix(%q) = %q, %v; want %q", tc.prefix, got, err, tc.want)
			}
		})
	}
	for _, bad := range []string{"", "a*", "a?b", "a[b]", "a]", "a b", "a\\b", "a\tb", "a\nb"} {
		t.Run(fmt.Sprintf("refuses %q", bad), func(t *testing.T) {
			got, err := KeyPrefix(bad, "0a1b2c3d")
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != "--prefix" {
				t.Fatalf("KeyPrefix(%q) = %q, %v; want a *FieldError on --prefix", bad, got, err)
			}
			if got != "" {
				t.Errorf("KeyPrefix(%q) returned %q with its error", bad, got)
			}
		})
	}
}

func TestNewRunID(t *testing.T) {
	hex8 := func(s string) bool {
		return len(s) == 8 && strings.Trim(s, "0123456789abcdef") == ""
	}
	seen := map[string]bool{}
	for range 100 {
		id := NewRunID()
		if !hex8(id) {
			t.Fatalf("NewRunID = %q, want 8 hex digits", id)
		}
		seen[id] = true
	}
	if len(seen) < 99 {
		t.Errorf("100 run ids gave only %d distinct values", len(seen))
	}
}
