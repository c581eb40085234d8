package target

// ServerPoint is one interval of the server's own view, summed over the
// nodes sampled (each master of a cluster). Its fields are
// report.ServerPoint's, in the same order, so that the caller converts it
// with report.ServerPoint(p).
type ServerPoint struct {
	// TS is the interval's end, in seconds since the measured window began.
	TS float64
	// CPUPct is used_cpu_sys + used_cpu_user over the interval as a
	// percentage of one core: the busiest node's, as a single-threaded
	// server saturates one core per node.
	CPUPct float64
	// UsedMemory is used_memory in bytes at the interval's end.
	UsedMemory int64
	// EvictedKeys, ExpiredKeys, KeyspaceHits and KeyspaceMisses are the
	// counters' increase over the interval, per second.
	EvictedKeys    float64
	ExpiredKeys    float64
	KeyspaceHits   float64
	KeyspaceMisses float64
	// Ops is total_commands_processed's increase per second: every command
	// the server ran, the sampler's one INFO a second included.
	Ops float64
	// ConnectedClients is connected_clients at the interval's end.
	ConnectedClients int64
	// NetInBytes and NetOutBytes are total_net_input_bytes' and
	// total_net_output_bytes' increase per second.
	NetInBytes  float64
	NetOutBytes float64
}

// ServerWindow is what the server counted over the whole measured window,
// summed over the nodes sampled. Its fields are report.ServerWindow's, in
// the same order.
type ServerWindow struct {
	// Nodes is how many servers were sampled.
	Nodes int
	// Commands is total_commands_processed's increase.
	Commands int64
	// GetCalls, SetCalls and DelCalls are INFO commandstats' calls of GET,
	// SET and DEL (those inside scripts included); ScriptCalls those of
	// EVAL and EVALSHA. All zero when CommandStats is false.
	GetCalls    int64
	SetCalls    int64
	DelCalls    int64
	ScriptCalls int64
	// CommandStats says whether INFO commandstats answered on every node.
	CommandStats bool
	// KeyspaceHits, KeyspaceMisses, EvictedKeys and ExpiredKeys are the
	// counters' increase.
	KeyspaceHits   int64
	KeyspaceMisses int64
	EvictedKeys    int64
	ExpiredKeys    int64
	// CPU says whether INFO gave used_cpu_sys and used_cpu_user on every
	// node at both ends: without them the points' CPUPct is 0, not idle.
	CPU bool
}

// ServerView is the server's own view of one measured window: a point a
// second, the window's totals, and notes on what could not be read.
type ServerView struct {
	Points []ServerPoint
	// Window is nil when the window was never started or its first or
	// last reading failed.
	Window *ServerWindow
	Notes  []string
	// Latency is the server's own time per command (LatencyCommands) over
	// the window, from LATENCY HISTOGRAM at its edges, summed over the
	// nodes: calls per bucket, bounds ascending; nil where the server does
	// not give it, and LatencyNote says why.
	Latency     map[string][]LatencyBucket
	LatencyNote string
	// Slowlog is what the slow logs gained over the window; nil where a
	// node refused SLOWLOG.
	Slowlog *Slowlog
}
