package embedded

import (
	"testing"

	"github.com/cacheaside/bench/internal/resp"
)

func TestAnswered(t *testing.T) {
	for _, tc := range []struct {
		name  string
		reply any
		want  bool
	}{
		{"pong", "PONG", true},
		{"noauth", resp.Error("NOAUTH Authentication required."), true},
		{"loading", resp.Error("LOADING Redis is loading the dataset in memory"), false},
		{"other string", "OK", false},
		{"nil", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := answered(tc.reply); got != tc.want {
				t.Errorf("answered(%#v) = %v, want %v", tc.reply, got, tc.want)
			}
		})
	}
}

func TestParseVersion(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"redis 7", "Redis server v=7.0.15 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=ae4d7c971a948f0\n", "7.0.15"},
		{"no v= field", "Valkey 8.0.1\n", "Valkey 8.0.1"},
		{"empty", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := parseVersion(tc.in); got != tc.want {
				t.Errorf("parseVersion = %q, want %q", got, tc.want)
			}
		})
	}
}
