package target

import (
	"path"
	"strings"
)

// Products a server can be, the values of Server.Product.
const (
	ProductRedis     = "redis"
	ProductValkey    = "valkey"
	ProductDragonfly = "dragonfly"
	ProductKeyDB     = "keydb"
	ProductUnknown   = "unknown"
)

// identity is what a server says it is.
type identity struct {
	product string
	version string // the product's own version
	compat  string // redis_version: the Redis version it claims to be compatible with
	mode    string // standalone, cluster or sentinel; "" when it does not say
}

// identify names the product behind the INFO server fields server, and
// its own version. Each product says so in its own way: Valkey with
// server_name and valkey_version (it keeps redis_version at the Redis
// release it forked, 7.2.4), Dragonfly with dragonfly_version ("df-v1.x",
// redis_version being a compatibility level), KeyDB with its executable
// and, in INFO clients (clients, nil when not asked), its per-thread
// client counts (its redis_version is KeyDB's own version). A server that
// has only redis_version is Redis; one without even that is unknown.
func identify(server, clients map[string]string) identity {
	id := identity{compat: server["redis_version"]}
	for _, k := range []string{"redis_mode", "server_mode", "valkey_mode"} {
		if v := server[k]; v != "" {
			id.mode = v
			break
		}
	}
	switch {
	case server["server_name"] == "valkey" || server["valkey_version"] != "":
		id.product, id.version = ProductValkey, server["valkey_version"]
	case server["dragonfly_version"] != "":
		id.product = ProductDragonfly
		id.version = strings.TrimPrefix(strings.TrimPrefix(server["dragonfly_version"], "df-"), "v")
	case isKeyDB(server, clients):
		id.product, id.version = ProductKeyDB, id.compat
	case id.compat != "":
		id.product, id.version = ProductRedis, id.compat
	default:
		id.product = ProductUnknown
	}
	if id.version == "" && id.product != ProductUnknown {
		id.version = id.compat
	}
	return id
}

// isKeyDB recognises KeyDB by its executable (keydb-server), its
// configuration file (keydb.conf) or the per-thread client counts of its
// INFO clients (current_client_thread, thread_0_clients), which Redis
// does not have.
func isKeyDB(server, clients map[string]string) bool {
	if strings.HasPrefix(path.Base(server["executable"]), "keydb") || strings.Contains(server["config_file"], "keydb") {
		return true
	}
	_, thread := clients["current_client_thread"]
	_, t0 := clients["thread_0_clients"]
	return thread || t0
}
