package suggest

import "testing"

func TestNearest(t *testing.T) {
	flags := []string{"duration", "warmup", "workers", "keys", "key-dist", "ttl", "ttl-jitter", "ttl_jitter", "target", "threshold"}
	for _, tc := range []struct {
		name, want string
		ok         bool
	}{
		{"duraton", "duration", true},
		{"worker", "workers", true},
		{"Workers", "workers", true},
		{"keydist", "key-dist", true},
		{"tll", "ttl", true},
		{"targets", "target", true},
		{"dur", "duration", true},
		{"ttl_jiter", "ttl_jitter", true},
		{"frobnicate", "", false},
		{"x", "", false},
	} {
		got, ok := Nearest(tc.name, flags)
		if ok != tc.ok || ok && got != tc.want {
			t.Errorf("Nearest(%q) = %q, %v; want %q, %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
	if d := distance("kitten", "sitting"); d != 3 {
		t.Errorf("distance(kitten, sitting) = %d, want 3", d)
	}
}
