package target

import (
	"strconv"
	"strings"
)

// nodeInfo is one node's counters from one INFO reply.
type nodeInfo struct {
	cpuSec                            float64 // used_cpu_sys + used_cpu_user
	usedMemory, clients               int64
	evicted, expired, hits, misses    int64
	commands, netIn, netOut           int64
	calls                             map[string]int64 // commandstats: calls by lower-case command name
	hasCPU, hasStats, hasCommandStats bool
	runID                             string // the run of the server: another after a restart
}

// parseNodeInfo reads the fields the server view needs from an INFO reply
// (any sections; absent fields stay zero and their has* flag false).
func parseNodeInfo(info string) nodeInfo {
	kv := parseInfo(info)
	n := nodeInfo{calls: map[string]int64{}}
	num := func(k string) int64 {
		v, _ := strconv.ParseInt(kv[k], 10, 64)
		return v
	}
	sys, okS := strconv.ParseFloat(kv["used_cpu_sys"], 64)
	user, okU := strconv.ParseFloat(kv["used_cpu_user"], 64)
	n.hasCPU = okS == nil && okU == nil
	n.cpuSec = sys + user
	n.usedMemory, n.clients = num("used_memory"), num("connected_clients")
	n.evicted, n.expired = num("evicted_keys"), num("expired_keys")
	n.hits, n.misses = num("keyspace_hits"), num("keyspace_misses")
	_, n.hasStats = kv["total_commands_processed"]
	n.commands = num("total_commands_processed")
	n.runID = kv["run_id"]
	n.netIn, n.netOut = num("total_net_input_bytes"), num("total_net_output_bytes")
	for k, v := range kv {
		name, ok := strings.CutPrefix(k, "cmdstat_")
		if !ok {
			continue
		}
		n.hasCommandStats = true
		for _, f := range strings.Split(v, ",") {
			if c, ok := strings.CutPrefix(f, "calls="); ok {
				x, _ := strconv.ParseInt(c, 10, 64)
				n.calls[strings.ToLower(name)] = x
			}
		}
	}
	return n
}
