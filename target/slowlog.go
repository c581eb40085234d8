package target

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// slowlogRead is how many entries the sampler asks for at the window's
// end: slowlog-max-len's default, all a default server keeps.
const slowlogRead = 128

// SlowestKept is how many of the window's slowest entries the view keeps.
const SlowestKept = 5

// samplerCommands are the sampler's own commands, left out of the slow
// log's count: the workload never sends them.
var samplerCommands = []string{"info", "latency", "slowlog"}

// SlowlogEntry is one entry of a server's slow log.
type SlowlogEntry struct {
	Node string
	ID   int64
	At   time.Time
	// Duration is the command's execution time as the server logged it.
	Duration time.Duration
	// Command is the command and its first arguments, each cut to 64 bytes.
	Command string
}

// Slowlog is what the servers' slow logs gained over a window.
type Slowlog struct {
	// Entries counts the entries logged during the window, by the log's
	// ids, which the server numbers one by one: entries pushed out of the
	// log (slowlog-max-len) or beyond the 128 read count too. The
	// sampler's own are left out where read. AtLeast says Entries is a
	// lower bound: a node's log was empty at the start, so its first id
	// says nothing (ids outlive SLOWLOG RESET), and full at the end.
	Entries int64
	AtLeast bool
	// Slowest are the slowest entries, slowest first, at most SlowestKept.
	Slowest []SlowlogEntry
}

// readSlowlogStart notes the node's newest slow log id at its start
// (-1 when its log is empty).
func (n *samplerNode) readSlowlogStart(ctx context.Context, timeout time.Duration) {
	n.slowStart, n.slowOK = -1, false
	rctx, cancel := context.WithTimeout(ctx, timeout)
	log, err := n.client.SlowLogGet(rctx, 1).Result()
	cancel()
	if err != nil {
		return
	}
	n.slowOK = true
	if len(log) > 0 {
		n.slowStart = log[0].ID
	}
}

// readSlowlogEnd reads the entries logged since the node's start; nil
// unless SLOWLOG answered at both edges.
func (n *samplerNode) readSlowlogEnd(ctx context.Context, timeout time.Duration) *Slowlog {
	if !n.slowOK {
		return nil
	}
	rctx, cancel := context.WithTimeout(ctx, timeout)
	log, err := n.client.SlowLogGet(rctx, slowlogRead).Result()
	cancel()
	if err != nil {
		return nil
	}
	entries, count, atLeast := windowEntries(n.addr, n.slowStart, log)
	return &Slowlog{Entries: count, AtLeast: atLeast, Slowest: entries}
}

// slowlogWindow sums the nodes' slow log entries; nil unless every node
// answered at both its edges.
func (s *Sampler) slowlogWindow() *Slowlog {
	if len(s.nodes) == 0 {
		return nil
	}
	out := &Slowlog{}
	for _, n := range s.nodes {
		if n.slow == nil {
			return nil
		}
		out.Entries += n.slow.Entries
		out.AtLeast = out.AtLeast || n.slow.AtLeast
		out.Slowest = append(out.Slowest, n.slow.Slowest...)
	}
	slices.SortStableFunc(out.Slowest, func(a, b SlowlogEntry) int { return int(b.Duration - a.Duration) })
	out.Slowest = slices.Clip(out.Slowest[:min(len(out.Slowest), SlowestKept)])
	return out
}

// windowEntries are the entries of log (newest first) after id start
// (-1: the log was empty then), the sampler's own left out; how many
// there were, by the ids; and whether that count is only a lower bound.
func windowEntries(node string, start int64, log []redis.SlowLog) (entries []SlowlogEntry, count int64, atLeast bool) {
	var own, seen int64
	for _, e := range log {
		if e.ID <= start {
			break
		}
		seen++
		if len(e.Args) > 0 && slices.Contains(samplerCommands, strings.ToLower(e.Args[0])) {
			own++
			continue
		}
		entries = append(entries, SlowlogEntry{Node: node, ID: e.ID, At: e.Time, Duration: e.Duration, Command: commandLine(e.Args)})
	}
	switch {
	case seen == 0:
		return nil, 0, false
	case start >= 0:
		return entries, log[0].ID - start - own, false
	}
	return entries, seen - own, len(log) >= slowlogRead
}

// commandLine is args as one line: the first 6, each cut to 64 bytes.
func commandLine(args []string) string {
	parts := make([]string, 0, min(len(args), 6)+1)
	for i, a := range args {
		if i == 6 {
			parts = append(parts, fmt.Sprintf("… (%d more)", len(args)-i))
			break
		}
		if len(a) > 64 {
			a = a[:64] + "…"
		}
		parts = append(parts, a)
	}
	return strings.Join(parts, " ")
}
