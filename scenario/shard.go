package scenario

// SetShard makes the plan shard index (1-based) of count: every workload
// drives a disjoint part of the key space, ceil-divided (keys/count, the
// first keys%count shards one more), at 1/count of its arrival rate (and of its operation count). Shards
// run under their own run ids, so their keys are apart in Redis too; the
// saved Spec is left as the whole run's, so that the shards' reports merge.
// Uniform and sequential key popularity is exact; for zipf and hotspot each
// shard draws the same shape over its own keys, an approximation of the
// whole's. It does nothing for count <= 1.
func (p *Plan) SetShard(index, count int) {
	if count <= 1 || index < 1 || index > count {
		return
	}
	for i := range p.workloads {
		w := &p.workloads[i]
		n := uint64(count)
		keys := w.Keys / n
		if uint64(index) <= w.Keys%n {
			keys++
		}
		w.Keys = max(keys, 1)
		w.Rate /= float64(count)
		if w.Ops > 0 {
			w.Ops = max(w.Ops/int64(count), 1)
		}
	}
}

// KeySpace returns how many keys workload i draws from: its Keys, or after
// SetShard its shard's part of them.
func (p *Plan) KeySpace(i int) uint64 { return p.workloads[i].Keys }
