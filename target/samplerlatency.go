package target

import (
	"context"
	"fmt"
	"strings"
)

// readLatency asks every node LATENCY HISTOGRAM of LatencyCommands, once
// at each edge of the window: a node's entry is nil when it failed, and
// the node remembers why.
func (s *Sampler) readLatency(ctx context.Context) []map[string]cumHist {
	out := make([]map[string]cumHist, len(s.nodes))
	args := []any{"LATENCY", "HISTOGRAM"}
	for _, c := range LatencyCommands {
		args = append(args, c)
	}
	for i, n := range s.nodes {
		if n.histNote != "" {
			continue
		}
		rctx, cancel := context.WithTimeout(ctx, s.interval)
		reply, err := n.client.Do(rctx, args...).Result()
		cancel()
		if err != nil {
			if isReplyError(err) {
				n.histNote = fmt.Sprintf("%s refused LATENCY HISTOGRAM (Redis 7 and Valkey give it): %v", n.addr, err)
			} else {
				n.histNote = fmt.Sprintf("LATENCY HISTOGRAM on %s failed at the window's start or end: %v", n.addr, err)
			}
			continue
		}
		h, err := parseLatencyHistogram(reply)
		if err != nil {
			n.histNote = fmt.Sprintf("LATENCY HISTOGRAM on %s: %v", n.addr, err)
			continue
		}
		out[i] = h
	}
	return out
}

// latencyWindow differences the histograms read at the window's edges and
// sums them over the nodes; nil and a note saying why when any node gave
// none.
func (s *Sampler) latencyWindow(first, last []map[string]cumHist) (map[string][]LatencyBucket, string) {
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
	for i, n := range s.nodes {
		for _, c := range LatencyCommands {
			d, ok := diffHist(first[i][c], last[i][c])
			if !ok {
				return nil, fmt.Sprintf("%s's latency histogram of %s shrank during the window (CONFIG RESETSTAT?)", n.addr, strings.ToUpper(c))
			}
			for _, b := range d {
				calls += b.Count
			}
			out[c] = addBuckets(out[c], d)
		}
	}
	if calls == 0 && allEmpty(last) {
		return nil, "LATENCY HISTOGRAM gave no calls at all: latency-tracking is off on the server (CONFIG SET latency-tracking yes)"
	}
	return out, ""
}

// allEmpty says whether no node's histogram named any command: with
// latency-tracking off the server answers an empty map.
func allEmpty(hs []map[string]cumHist) bool {
	for _, h := range hs {
		if len(h) > 0 {
			return false
		}
	}
	return true
}
