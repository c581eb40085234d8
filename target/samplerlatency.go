package target

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// readLatency asks the node LATENCY HISTOGRAM of LatencyCommands, once at
// each edge of its time in the window: nil when it failed, and the node
// remembers why.
func (n *samplerNode) readLatency(ctx context.Context, timeout time.Duration) map[string]cumHist {
	if n.histNote != "" {
		return nil
	}
	args := []any{"LATENCY", "HISTOGRAM"}
	for _, c := range LatencyCommands {
		args = append(args, c)
	}
	rctx, cancel := context.WithTimeout(ctx, timeout)
	reply, err := n.client.Do(rctx, args...).Result()
	cancel()
	if err != nil {
		if isReplyError(err) {
			n.histNote = fmt.Sprintf("%s refused LATENCY HISTOGRAM (Redis 7 and Valkey give it): %v", n.addr, err)
		} else {
			n.histNote = fmt.Sprintf("LATENCY HISTOGRAM on %s failed at the window's start or end: %v", n.addr, err)
		}
		return nil
	}
	h, err := parseLatencyHistogram(reply)
	if err != nil {
		n.histNote = fmt.Sprintf("LATENCY HISTOGRAM on %s: %v", n.addr, err)
		return nil
	}
	return h
}

// latencyPart differences the node's histograms at its start and end;
// nil, with the node's histNote saying why, where it cannot. An empty
// end (latency-tracking off) gives an empty, non-nil map.
func (n *samplerNode) latencyPart(end map[string]cumHist) map[string][]LatencyBucket {
	if n.histNote != "" {
		return nil
	}
	out := map[string][]LatencyBucket{}
	for _, c := range LatencyCommands {
		d, ok := diffHist(n.hist0[c], end[c])
		if !ok {
			n.histNote = fmt.Sprintf("%s's latency histogram of %s shrank during the window (CONFIG RESETSTAT, or a restart?)", n.addr, strings.ToUpper(c))
			return nil
		}
		if len(d) > 0 {
			out[c] = d
		}
	}
	n.histEmpty = len(end) == 0
	return out
}

// latencyWindow sums the nodes' parts; nil and a note saying why when any
// node gave none.
func (s *Sampler) latencyWindow() (map[string][]LatencyBucket, string) {
	if len(s.nodes) == 0 {
		return nil, "no server node was sampled"
	}
	var notes []string
	for _, n := range s.nodes {
		if n.histNote != "" {
			notes = append(notes, n.histNote)
		}
	}
	if len(notes) > 0 {
		return nil, strings.Join(notes, "; ")
	}
	out := map[string][]LatencyBucket{}
	var calls int64
	empty := true
	for _, n := range s.nodes {
		empty = empty && n.histEmpty
		for _, c := range LatencyCommands {
			for _, b := range n.lat[c] {
				calls += b.Count
			}
			out[c] = addBuckets(out[c], n.lat[c])
		}
	}
	if calls == 0 && empty {
		return nil, "LATENCY HISTOGRAM gave no calls at all: latency-tracking is off on the server (CONFIG SET latency-tracking yes)"
	}
	return out, ""
}
