package target

import "testing"

func TestTargetLocal(t *testing.T) {
	for url, want := range map[string]bool{
		"redis://127.0.0.1:7000":                         true,
		"127.0.0.2:7000":                                 true,
		"redis://localhost:6380":                         true,
		"redis://[::1]:6380":                             true,
		"unix:///tmp/redis.sock":                         true,
		"redis-sentinel://127.0.0.1:26379,[::1]:26380/m": true,
		"redis-sentinel://127.0.0.1:26379,cache:26380/m": false,
		"redis://10.0.0.5:6379":                          false,
		"rediss://cache.example.com:6380":                false,
	} {
		tg, err := ParseTarget(url)
		if err != nil {
			t.Fatalf("%s: %v", url, err)
		}
		if got := tg.Local(); got != want {
			t.Errorf("%s: Local %v, want %v", url, got, want)
		}
	}
}
