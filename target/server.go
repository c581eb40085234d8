package target

// Server is what the preflight learnt about a deployment. Its fields are
// report.Server's, in the same order, so that the caller converts it with
// report.Server(s); this package does not depend on the report format.
type Server struct {
	// Version is redis_version from INFO, "" when the server does not say.
	Version string
	// Mode is standalone, cluster or sentinel, "" when unknown.
	Mode string
	// Nodes lists a cluster's masters, or a Sentinel deployment's master
	// and replicas, as host:port; empty for a standalone server.
	Nodes []string
	// Protocol is the RESP version in use (2 or 3), 0 when unknown.
	Protocol int
	// ReadFrom is where reads go: "master" or "replica".
	ReadFrom string
	// MaxMemory in bytes, 0 for no limit; -1 when CONFIG GET is refused.
	MaxMemory int64
	// MaxMemoryPolicy is maxmemory-policy, "" when CONFIG GET is refused.
	MaxMemoryPolicy string
	// Persistence is "off", "rdb", "aof" or "rdb+aof"; "" when unknown.
	Persistence string
	// Save is the RDB save schedule.
	Save string
	// AppendFsync is the AOF fsync policy.
	AppendFsync string
	// PingRTTMs is the median round trip of 5 PINGs, in milliseconds.
	PingRTTMs float64
	// Warnings are findings that can make results misleading or runs fail.
	Warnings []string
}
