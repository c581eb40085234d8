package target

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/internal/testredis"
)

// setKeys writes each key (value "v") in one pipeline.
func setKeys(t *testing.T, c *redis.Client, keys []string) {
	t.Helper()
	p := c.Pipeline()
	for _, k := range keys {
		p.Set(t.Context(), k, "v", 0)
	}
	if _, err := p.Exec(t.Context()); err != nil {
		t.Fatalf("writing %d keys: %v", len(keys), err)
	}
}

// allKeys returns every key of c's database, sorted, by SCAN.
func allKeys(t *testing.T, c *redis.Client) []string {
	t.Helper()
	var out []string
	it := c.Scan(t.Context(), 0, "*", 1000).Iterator()
	for it.Next(t.Context()) {
		out = append(out, it.Val())
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

func TestCleanup(t *testing.T) {
	outside := []string{
		"p:run2:x",  // differs only after the prefix boundary
		"p:run",     // the prefix without its trailing colon
		"p:ru",      // shorter
		"q:run:a",   // another namespace
		"xp:run:a",  // the prefix inside, not at the start
		"P:RUN:a",   // other case
		"p:run\\:a", // a backslash where the colon is
		"p:other:verify:user:42",
	}
	for _, tc := range []struct {
		name   string
		inside []string
	}{
		{"few keys", []string{"p:run:a", "p:run:b:c", "p:run:", "p:run:*", "p:run:[x]", "p:run:verify:user:42"}},
		{"several scan pages", manyKeys("p:run:k", 3500)},
		{"nothing to remove", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := testredis.Start(t)
			c := connectTo(t, s.URL())
			setKeys(t, c, append(slices.Clone(outside), tc.inside...))
			n, err := Cleanup(t.Context(), c, "p:run:")
			if err != nil {
				t.Fatalf("Cleanup: %v", err)
			}
			if n != int64(len(tc.inside)) {
				t.Errorf("Cleanup removed %d keys, want %d", n, len(tc.inside))
			}
			want := slices.Sorted(slices.Values(outside))
			if got := allKeys(t, c); !slices.Equal(got, want) {
				t.Errorf("keys left = %q, want exactly %q", got, want)
			}
		})
	}
}

func TestCleanupEmulator(t *testing.T) {
	c := connectTo(t, "redis://"+testredis.Emulator(t).Addr())
	setKeys(t, c, append(manyKeys("p:run:", 1200), "p:run2:x"))
	n, err := Cleanup(t.Context(), c, "p:run:")
	if err != nil || n != 1200 {
		t.Fatalf("Cleanup = %d, %v; want 1200, nil", n, err)
	}
	if got := allKeys(t, c); !slices.Equal(got, []string{"p:run2:x"}) {
		t.Errorf("keys left = %q", got)
	}
}

func TestCleanupError(t *testing.T) {
	m := testredis.Emulator(t)
	c := connectTo(t, "redis://"+m.Addr())
	m.SetError("ERR injected failure")
	if _, err := Cleanup(t.Context(), c, "p:run:"); err == nil || !strings.HasPrefix(err.Error(), "target: cleanup SCAN") {
		t.Errorf("Cleanup on a failing server: %v, want a target: cleanup SCAN error", err)
	}
}

func manyKeys(prefix string, n int) []string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = fmt.Sprintf("%s%d", prefix, i)
	}
	return keys
}
