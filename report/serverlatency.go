package report

import (
	"bytes"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
)

// ServerLatencyCommands are the commands of Workload.ServerLatency, in the
// order they are shown, with the client's histogram of each.
var ServerLatencyCommands = []struct{ Name, Client string }{
	{"get", "redis_get"}, {"set", "redis_set"}, {"del", "redis_del"},
}

// NewServerLatency summarises buckets (calls per bucket, any order): the
// count, and each percentile as the upper bound of the bucket holding the
// call of its rank (the smallest bound with at least ⌈q·count⌉ calls at or
// below it), in milliseconds.
func NewServerLatency(buckets []ServerLatencyBucket) ServerLatency {
	bs := slices.Clone(buckets)
	slices.SortFunc(bs, func(a, b ServerLatencyBucket) int { return int(a.LeUs - b.LeUs) })
	l := ServerLatency{Buckets: bs}
	for _, b := range bs {
		l.Count += b.Count
	}
	at := func(q float64) float64 {
		rank := int64(math.Ceil(q * float64(l.Count)))
		var n int64
		for _, b := range bs {
			n += b.Count
			if n >= rank {
				return float64(b.LeUs) / 1000
			}
		}
		return 0
	}
	if l.Count > 0 {
		l.P50Ms, l.P99Ms, l.P999Ms = at(0.5), at(0.99), at(0.999)
	}
	return l
}

// combineServerLatency adds up the repeats' server latencies command by
// command; nil, with the first absent one's note, unless every repeat has
// them.
func combineServerLatency(parts []*Workload) (map[string]ServerLatency, string) {
	sum := map[string][]ServerLatencyBucket{}
	for _, p := range parts {
		if p.ServerLatency == nil {
			return nil, p.ServerLatencyNote
		}
		for k, l := range p.ServerLatency {
			sum[k] = append(sum[k], l.Buckets...)
		}
	}
	out := make(map[string]ServerLatency, len(sum))
	for k, bs := range sum {
		m := map[int64]int64{}
		for _, b := range bs {
			m[b.LeUs] += b.Count
		}
		merged := make([]ServerLatencyBucket, 0, len(m))
		for _, le := range slices.Sorted(maps.Keys(m)) {
			merged = append(merged, ServerLatencyBucket{LeUs: le, Count: m[le]})
		}
		out[k] = NewServerLatency(merged)
	}
	return out, ""
}

// serverLatencySection writes the server's own time per command beside
// the client's, or the note saying why it is absent.
func serverLatencySection(b *bytes.Buffer, w *Workload) {
	if w.ServerLatency == nil {
		if w.ServerLatencyNote != "" {
			fmt.Fprintf(b, "Server-side latency: not available (%s).\n\n", OneLine(w.ServerLatencyNote))
		}
		return
	}
	b.WriteString("| command: server's own time vs the client's (ms) | count | p50 | p99 | p99.9 |\n|---|---:|---:|---:|---:|\n")
	for _, c := range ServerLatencyCommands {
		s, ok := w.ServerLatency[c.Name]
		cl, okC := w.Latency[c.Client]
		if !ok && !okC {
			continue
		}
		name := strings.ToUpper(c.Name)
		fmt.Fprintf(b, "| %s on the server (≤ bucket bound) | %d | %s | %s | %s |\n", name, s.Count, Num(s.P50Ms, 3), Num(s.P99Ms, 3), Num(s.P999Ms, 3))
		if okC {
			fmt.Fprintf(b, "| %s at the client (%s) | %d | %s | %s | %s |\n", name, c.Client, cl.Count, Num(cl.P50Ms, 3), Num(cl.P99Ms, 3), Num(cl.P999Ms, 3))
		}
	}
	b.WriteString("\nThe server's figures are the upper bounds of its latency buckets, which double in width: they err high, by up to twice the true time. The client's time less the server's is the network and the client.\n\n")
}
