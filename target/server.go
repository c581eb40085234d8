package target

// Server is what the preflight learnt about a deployment. Its fields are
// report.Server's, in the same order, so that the caller converts it with
// report.Server(s); this package does not depend on the report format.
type Server struct {
	// Product is one of the Product constants: ProductUnknown when INFO
	// server is refused or names no product known here.
	Product string
	// Version is the product's own version, "" when the server does not say.
	Version string
	// CompatVersion is redis_version where it differs from Version (the
	// Redis release a product claims compatibility with), else "".
	CompatVersion string
	// Mode is standalone, cluster or sentinel: what the server says, else
	// what the connection found (a cluster client, Sentinel).
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
