package target

import (
	"strings"
	"testing"

	"github.com/cacheaside/bench/internal/testredis"
)

func TestPreflight(t *testing.T) {
	for _, tc := range []struct {
		name            string
		args            []string
		wantMaxMemory   int64
		wantPolicy      string
		wantPersistence string
		wantWarnings    []string // one substring per expected warning, in order
	}{
		{name: "standalone", wantPolicy: "noeviction", wantPersistence: "off"},
		{name: "eviction", args: []string{"--maxmemory", "10mb", "--maxmemory-policy", "allkeys-lru"},
			wantMaxMemory: 10 << 20, wantPolicy: "allkeys-lru", wantPersistence: "off",
			wantWarnings: []string{"allkeys-lru: cache keys can be evicted"}},
		{name: "volatile eviction", args: []string{"--maxmemory", "10mb", "--maxmemory-policy", "volatile-ttl"},
			wantMaxMemory: 10 << 20, wantPolicy: "volatile-ttl", wantPersistence: "off",
			wantWarnings: []string{"volatile-ttl: cache keys carry TTLs and can be evicted"}},
		{name: "oom", args: []string{"--maxmemory", "10mb", "--maxmemory-policy", "noeviction"},
			wantMaxMemory: 10 << 20, wantPolicy: "noeviction", wantPersistence: "off",
			wantWarnings: []string{"fail with OOM"}},
		{name: "aof always", args: []string{"--appendonly", "yes", "--appendfsync", "always"},
			wantPolicy: "noeviction", wantPersistence: "aof",
			wantWarnings: []string{"every cache write waits for an fsync"}},
		{name: "aof everysec", args: []string{"--appendonly", "yes", "--appendfsync", "everysec"},
			wantPolicy: "noeviction", wantPersistence: "aof"},
		{name: "rdb and aof", args: []string{"--save", "3600 1", "--appendonly", "yes"},
			wantPolicy: "noeviction", wantPersistence: "rdb+aof"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := testredis.Start(t, tc.args...)
			c := connectTo(t, s.URL())
			got, err := inspect(t.Context(), c)
			if err != nil {
				t.Fatalf("Preflight: %v", err)
			}
			if got.Version == "" || (s.Version != "" && got.Version != s.Version) {
				t.Errorf("Version = %q, want %q", got.Version, s.Version)
			}
			if got.Product != ProductRedis || got.CompatVersion != "" {
				t.Errorf("Product = %q, CompatVersion = %q; want redis and none", got.Product, got.CompatVersion)
			}
			if got.Mode != "standalone" {
				t.Errorf("Mode = %q, want standalone", got.Mode)
			}
			if got.MaxMemory != tc.wantMaxMemory || got.MaxMemoryPolicy != tc.wantPolicy {
				t.Errorf("maxmemory = %d %q, want %d %q", got.MaxMemory, got.MaxMemoryPolicy, tc.wantMaxMemory, tc.wantPolicy)
			}
			if got.Persistence != tc.wantPersistence {
				t.Errorf("Persistence = %q, want %q (save %q, appendfsync %q)", got.Persistence, tc.wantPersistence, got.Save, got.AppendFsync)
			}
			if !(got.PingRTTMs > 0) || got.PingRTTMs > 1000 {
				t.Errorf("PingRTTMs = %v, want a positive loopback round trip", got.PingRTTMs)
			}
			if len(got.Warnings) != len(tc.wantWarnings) {
				t.Fatalf("Warnings = %q, want %d matching %q", got.Warnings, len(tc.wantWarnings), tc.wantWarnings)
			}
			for i, w := range tc.wantWarnings {
				if !strings.Contains(got.Warnings[i], w) {
					t.Errorf("Warnings[%d] = %q, want it to contain %q", i, got.Warnings[i], w)
				}
			}
		})
	}
}

func TestPreflightEmulator(t *testing.T) {
	m := testredis.Emulator(t)
	c := connectTo(t, "redis://"+m.Addr())
	got, err := inspect(t.Context(), c)
	if err != nil {
		t.Fatalf("inspect on miniredis: %v", err)
	}
	if got.Product != ProductUnknown || got.Version != "" || got.Mode != ModeStandalone {
		t.Errorf("product %q, version %q, mode %q: miniredis answers no INFO server, want unknown, \"\", standalone (from the client)", got.Product, got.Version, got.Mode)
	}
	if got.MaxMemory != -1 || got.MaxMemoryPolicy != "" || got.Persistence != "" {
		t.Errorf("maxmemory %d, policy %q, persistence %q: want -1, \"\", \"\" (unknown)",
			got.MaxMemory, got.MaxMemoryPolicy, got.Persistence)
	}
	if !(got.PingRTTMs > 0) {
		t.Errorf("PingRTTMs = %v, want > 0", got.PingRTTMs)
	}
	if len(got.Warnings) != 2 || !strings.Contains(got.Warnings[0], "product and version unknown") || !strings.Contains(got.Warnings[1], "CONFIG GET refused") {
		t.Errorf("Warnings = %q, want two saying the product is unknown and CONFIG GET refused", got.Warnings)
	}
}

func TestPreflightPingFails(t *testing.T) {
	m := testredis.Emulator(t)
	c := connectTo(t, "redis://"+m.Addr())
	m.SetError("LOADING Redis is loading the dataset in memory")
	_, err := inspect(t.Context(), c)
	if err == nil || !strings.HasPrefix(err.Error(), "target: preflight PING") {
		t.Errorf("inspect with failing PING: %v, want a target: preflight PING error", err)
	}
}

func TestParseInfo(t *testing.T) {
	kv := parseInfo("# Server\r\nredis_version:7.2.4\r\nredis_mode:standalone\r\n\r\nexecutable:/usr/bin/redis-server\r\nno colon\r\n")
	for k, want := range map[string]string{
		"redis_version": "7.2.4", "redis_mode": "standalone", "executable": "/usr/bin/redis-server",
	} {
		if kv[k] != want {
			t.Errorf("%s = %q, want %q", k, kv[k], want)
		}
	}
	if len(kv) != 3 {
		t.Errorf("parseInfo gave %d pairs, want 3: %q", len(kv), kv)
	}
}

func TestClusterDifferences(t *testing.T) {
	a := nodeFacts{addr: "a:1", version: "7.0.15", maxMemory: 0, policy: "noeviction", persistence: "off"}
	b := a
	b.addr, b.version, b.policy = "b:2", "7.2.4", "allkeys-lru"
	for _, tc := range []struct {
		name  string
		nodes []nodeFacts
		want  []string
	}{
		{"one", []nodeFacts{a}, nil},
		{"same", []nodeFacts{a, {addr: "c:3", version: "7.0.15", policy: "noeviction", persistence: "off"}}, nil},
		{"differ", []nodeFacts{a, b}, []string{"version (a:1 7.0.15, b:2 7.2.4)", "maxmemory-policy (a:1 noeviction, b:2 allkeys-lru)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := clusterDifferences(tc.nodes)
			if len(got) != len(tc.want) {
				t.Fatalf("got %q, want %d warnings", got, len(tc.want))
			}
			for i, w := range tc.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("warning %q lacks %q", got[i], w)
				}
			}
		})
	}
}
