package target

import (
	"fmt"
	"slices"
	"strings"
)

// LatencyCommands are the commands whose server-side latency the sampler
// reads with LATENCY HISTOGRAM, in lower case.
var LatencyCommands = []string{"get", "set", "del"}

// LatencyBucket is one bucket of a server-side latency histogram: Count
// calls that took at most LeUs microseconds and more than the bucket
// below's bound. Redis's buckets double in width (1024 ns × 2^k, labelled
// in whole µs: 1, 2, 4, …, 32, 65, 131, …).
type LatencyBucket struct {
	LeUs  int64
	Count int64
}

// cumHist is one command's LATENCY HISTOGRAM entry: its calls and the
// cumulative count at each bucket bound the server gave (only the bounds
// where the count grew), bounds ascending.
type cumHist struct {
	calls   int64
	buckets []LatencyBucket // Count cumulative
}

// parseLatencyHistogram reads a LATENCY HISTOGRAM reply as go-redis gives
// it: a map of command → {calls, histogram_usec: bound → cumulative
// count} under RESP3, the same maps as flat arrays of pairs under RESP2.
func parseLatencyHistogram(reply any) (map[string]cumHist, error) {
	top, err := pairs(reply)
	if err != nil {
		return nil, err
	}
	out := make(map[string]cumHist, len(top))
	for _, p := range top {
		name, ok := p.k.(string)
		if !ok {
			return nil, fmt.Errorf("target: LATENCY HISTOGRAM: command name %v is not a string", p.k)
		}
		fields, err := pairs(p.v)
		if err != nil {
			return nil, fmt.Errorf("target: LATENCY HISTOGRAM %s: %w", name, err)
		}
		var h cumHist
		for _, f := range fields {
			switch f.k {
			case "calls":
				h.calls, _ = f.v.(int64)
			case "histogram_usec":
				bs, err := pairs(f.v)
				if err != nil {
					return nil, fmt.Errorf("target: LATENCY HISTOGRAM %s histogram_usec: %w", name, err)
				}
				for _, b := range bs {
					le, ok1 := b.k.(int64)
					n, ok2 := b.v.(int64)
					if !ok1 || !ok2 {
						return nil, fmt.Errorf("target: LATENCY HISTOGRAM %s: bucket %v → %v is not two integers", name, b.k, b.v)
					}
					h.buckets = append(h.buckets, LatencyBucket{LeUs: le, Count: n})
				}
			}
		}
		slices.SortFunc(h.buckets, func(a, b LatencyBucket) int { return int(a.LeUs - b.LeUs) })
		out[strings.ToLower(name)] = h
	}
	return out, nil
}

type pair struct{ k, v any }

// pairs reads a RESP3 map, or a RESP2 array of alternating keys and
// values, as pairs.
func pairs(v any) ([]pair, error) {
	switch m := v.(type) {
	case map[any]any:
		out := make([]pair, 0, len(m))
		for k, x := range m {
			out = append(out, pair{k, x})
		}
		return out, nil
	case map[string]any:
		out := make([]pair, 0, len(m))
		for k, x := range m {
			out = append(out, pair{k, x})
		}
		return out, nil
	case []any:
		if len(m)%2 != 0 {
			return nil, fmt.Errorf("target: an array of %d elements is not a map", len(m))
		}
		out := make([]pair, 0, len(m)/2)
		for i := 0; i < len(m); i += 2 {
			out = append(out, pair{m[i], m[i+1]})
		}
		return out, nil
	}
	return nil, fmt.Errorf("target: %T is not a map", v)
}

// cumAt is the cumulative count of calls at most le µs: the count at the
// highest bound given at or below le (the server leaves out the bounds
// where the count did not grow).
func (h cumHist) cumAt(le int64) int64 {
	var n int64
	for _, b := range h.buckets {
		if b.LeUs > le {
			break
		}
		n = b.Count
	}
	return n
}

// diffHist is the calls from a to b (a's histogram is the earlier) as
// counts per bucket, bounds ascending, empty buckets left out; false when
// b has fewer calls than a (the server's statistics were reset between).
func diffHist(a, b cumHist) ([]LatencyBucket, bool) {
	if b.calls < a.calls {
		return nil, false
	}
	var bounds []int64
	for _, x := range append(slices.Clone(a.buckets), b.buckets...) {
		bounds = append(bounds, x.LeUs)
	}
	slices.Sort(bounds)
	bounds = slices.Compact(bounds)
	var out []LatencyBucket
	var prev int64
	for _, le := range bounds {
		d := b.cumAt(le) - a.cumAt(le)
		if d < prev {
			return nil, false
		}
		if d > prev {
			out = append(out, LatencyBucket{LeUs: le, Count: d - prev})
		}
		prev = d
	}
	return out, true
}

// addBuckets adds y's counts to x's, both by ascending bound.
func addBuckets(x, y []LatencyBucket) []LatencyBucket {
	m := map[int64]int64{}
	for _, b := range append(slices.Clone(x), y...) {
		m[b.LeUs] += b.Count
	}
	out := make([]LatencyBucket, 0, len(m))
	for le, n := range m {
		out = append(out, LatencyBucket{LeUs: le, Count: n})
	}
	slices.SortFunc(out, func(a, b LatencyBucket) int { return int(a.LeUs - b.LeUs) })
	return out
}
