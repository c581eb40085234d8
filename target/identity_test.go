package target

import (
	"strings"
	"testing"

	"github.com/alicebob/miniredis/v2/server"

	"github.com/cacheaside/bench/internal/testredis"
)

// TestIdentityFromRecordedInfo runs the preflight against servers that
// answer INFO with the replies recorded from Valkey, Dragonfly and KeyDB.
func TestIdentityFromRecordedInfo(t *testing.T) {
	for _, tc := range []struct {
		fixture                            string
		product, version, compat, wantMode string
	}{
		{"valkey-8.0.1.info", ProductValkey, "8.0.1", "7.2.4", ModeStandalone},
		{"dragonfly-1.15.1.info", ProductDragonfly, "1.15.1", "7.2.0", ModeStandalone},
		{"keydb-6.3.4.info", ProductKeyDB, "6.3.4", "", ModeStandalone},
	} {
		t.Run(tc.fixture, func(t *testing.T) {
			c := connectTo(t, "redis://"+fakeInfo(t, infoSections(t, tc.fixture)))
			got, err := inspect(t.Context(), c)
			if err != nil {
				t.Fatal(err)
			}
			if got.Product != tc.product || got.Version != tc.version || got.CompatVersion != tc.compat || got.Mode != tc.wantMode {
				t.Errorf("product %q version %q compat %q mode %q, want %q %q %q %q",
					got.Product, got.Version, got.CompatVersion, got.Mode, tc.product, tc.version, tc.compat, tc.wantMode)
			}
			for _, w := range got.Warnings {
				if strings.Contains(w, "product") {
					t.Errorf("unexpected identity warning %q", w)
				}
			}
		})
	}
}

// TestIdentityKeyDBByThreads: a KeyDB started without its usual
// executable name is still told from Redis by INFO clients.
func TestIdentityKeyDBByThreads(t *testing.T) {
	sec := infoSections(t, "keydb-6.3.4.info")
	sec["server"] = strings.NewReplacer("keydb-server", "server", "/etc/keydb/keydb.conf", "").Replace(sec["server"])
	c := connectTo(t, "redis://"+fakeInfo(t, sec))
	got, err := inspect(t.Context(), c)
	if err != nil {
		t.Fatal(err)
	}
	if got.Product != ProductKeyDB {
		t.Errorf("product %q, want keydb from its thread_N_clients", got.Product)
	}
	delete(sec, "clients") // and without them, it is Redis
	c = connectTo(t, "redis://"+fakeInfo(t, sec))
	if got, err = inspect(t.Context(), c); err != nil || got.Product != ProductRedis {
		t.Errorf("without INFO clients: product %q (%v), want redis", got.Product, err)
	}
}

// TestIdentityInfoRefused: a server that refuses INFO (as managed services
// may) is unknown, with a warning, in a mode all the same; never an error.
func TestIdentityInfoRefused(t *testing.T) {
	m := testredis.Emulator(t)
	m.Server().SetPreHook(func(p *server.Peer, cmd string, args ...string) bool {
		if cmd == "INFO" {
			p.WriteError("NOPERM this user has no permissions to run the 'info' command")
			return true
		}
		return false
	})
	c := connectTo(t, "redis://"+m.Addr())
	got, err := inspect(t.Context(), c)
	if err != nil {
		t.Fatalf("inspect: %v, want no error", err)
	}
	if got.Product != ProductUnknown || got.Version != "" || got.Mode != ModeStandalone {
		t.Errorf("product %q version %q mode %q, want unknown, \"\", standalone", got.Product, got.Version, got.Mode)
	}
	if len(got.Warnings) == 0 || !strings.Contains(got.Warnings[0], "INFO server refused") || !strings.Contains(got.Warnings[0], "NOPERM") {
		t.Errorf("warnings %q, want the first saying INFO server was refused and why", got.Warnings)
	}
}

func TestIdentify(t *testing.T) {
	for _, tc := range []struct {
		name            string
		server          map[string]string
		product, ver, m string
	}{
		{"redis", map[string]string{"redis_version": "7.0.15", "redis_mode": "cluster"}, ProductRedis, "7.0.15", "cluster"},
		{"valkey 7.2 keeps redis_mode", map[string]string{"redis_version": "7.2.4", "server_name": "valkey", "valkey_version": "7.2.7", "redis_mode": "standalone"}, ProductValkey, "7.2.7", "standalone"},
		{"valkey by name alone", map[string]string{"redis_version": "7.2.4", "server_name": "valkey", "server_mode": "cluster"}, ProductValkey, "7.2.4", "cluster"},
		{"dragonfly", map[string]string{"redis_version": "6.2.11", "dragonfly_version": "df-v1.21.2"}, ProductDragonfly, "1.21.2", ""},
		{"keydb by executable", map[string]string{"redis_version": "6.3.4", "executable": "/opt/bin/keydb-server"}, ProductKeyDB, "6.3.4", ""},
		{"nothing known", map[string]string{"os": "Linux"}, ProductUnknown, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id := identify(tc.server, nil)
			if id.product != tc.product || id.version != tc.ver || id.mode != tc.m {
				t.Errorf("identify = %+v, want product %q version %q mode %q", id, tc.product, tc.ver, tc.m)
			}
		})
	}
}
