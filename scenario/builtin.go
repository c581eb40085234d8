package scenario

import "time"

// builtins are the scenarios shipped with the tool, by name. Each is short
// enough to run in well under a minute on a laptop.
var builtins = append([]Spec{
	{
		Name:        "default",
		Description: "read-heavy zipf:0.99 over 10k keys, prewarmed, 30s TTL with 10% jitter, 1% invalidation, 5ms lognormal source",
		// Prewarmed so that the window measures a full cache: without it the
		// hit ratio climbed 0.83 → 0.97 over the 8 s as the zipf tail
		// filled, and throughput with it (docs/report.md#steady-state).
		Workloads: []Workload{{
			Duration: Duration(8 * time.Second), Warmup: Duration(time.Second), Prewarm: true,
			Workers: 16, Keys: 10000, KeyDist: "zipf:0.99", ValueSize: "128-512",
			TTL: Duration(30 * time.Second), TTLJitter: 0.1, InvalidateRate: 0.01,
			SourceLatency: "lognormal:5ms:0.5",
		}},
	},
	{
		Name:        "uniform",
		Description: "uniform keys over 10k keys, 5s TTL, 2ms source: hit ratio follows the TTL closed form",
		Workloads: []Workload{{
			Duration: Duration(10 * time.Second), Warmup: Duration(2 * time.Second),
			Workers: 16, Keys: 10000, KeyDist: "uniform", ValueSize: "256",
			TTL: Duration(5 * time.Second), SourceLatency: "2ms",
		}},
	},
	{
		Name:        "hot-key",
		Description: "90% of reads on 0.1% of 100k keys with a 1s TTL and a 20ms source: expiry stampedes",
		Workloads: []Workload{{
			Duration: Duration(10 * time.Second), Warmup: Duration(time.Second),
			Workers: 32, Keys: 100000, KeyDist: "hotspot:0.001:0.9", ValueSize: "1024",
			TTL: Duration(time.Second), SourceLatency: "20ms",
		}},
	},
	{
		Name:        "write-heavy",
		Description: "30% of operations write the source and delete the cached key, zipf:1.1 over 10k keys",
		Workloads: []Workload{{
			Duration: Duration(10 * time.Second), Warmup: Duration(time.Second),
			Workers: 16, Keys: 10000, KeyDist: "zipf:1.1", ValueSize: "128-1024",
			TTL: Duration(time.Minute), InvalidateRate: 0.3, InvalidateMode: "delete",
			SourceLatency: "lognormal:5ms:0.5",
		}},
	},
	{
		Name:        "ttl-churn",
		Description: "uniform keys with a 500ms TTL and 20% jitter: most reads miss and refill",
		Workloads: []Workload{{
			Duration: Duration(10 * time.Second), Warmup: Duration(time.Second),
			Workers: 16, Keys: 5000, KeyDist: "uniform", ValueSize: "256",
			TTL: Duration(500 * time.Millisecond), TTLJitter: 0.2, SourceLatency: "uniform:1ms:3ms",
		}},
	},
	{
		Name:        "strategies",
		Description: "4 hot keys, 600ms TTL, 50ms source, 4000 ops/s open loop: stampedes of naive vs singleflight, lease and xfetch",
		Workloads:   strategyWorkloads(),
	},
	{
		Name:        "stale",
		Description: "8 keys, 5% writes racing slow fills (20ms fill delay): stale reads of naive vs lease",
		Workloads: []Workload{
			staleWorkload("naive"),
			staleWorkload("lease"),
		},
	},
	{
		Name:        "failover",
		Description: "steady read-heavy load, zipf:0.99 over 10k keys, 1% invalidation, with a failover 6s into 12s: what it costs (needs a Sentinel or Cluster target with a replica)",
		Workloads: []Workload{{
			Duration: Duration(12 * time.Second), Warmup: Duration(time.Second),
			Workers: 8, Keys: 10000, KeyDist: "zipf:0.99", ValueSize: "128-512",
			TTL: Duration(30 * time.Second), TTLJitter: 0.1, InvalidateRate: 0.01,
			SourceLatency: "lognormal:5ms:0.5",
		}},
		Faults: []string{"6s:failover"},
	},
	{
		Name:        "near-cache",
		Description: "zipf:0.99 over 10k keys, 1% invalidation, 2ms fill delay: an in-process near cache (tracking) against naive, and what its fetch race costs (near-unsafe)",
		Workloads: []Workload{
			nearWorkload("naive"),
			nearWorkload("near"),
			nearWorkload("near-unsafe"),
		},
	},
}, twitterPresets()...)

// nearWorkload is the near-cache scenario's workload for one strategy: a
// read-heavy zipf key space with a small fill delay, so the near cache's
// fetch/invalidation race shows within seconds.
func nearWorkload(strategy string) Workload {
	return Workload{
		Name: "near-cache/" + strategy, Strategy: strategy,
		Duration: Duration(4 * time.Second), Warmup: Duration(500 * time.Millisecond),
		Workers: 16, Keys: 10000, KeyDist: "zipf:0.99", ValueSize: "256",
		TTL: Duration(30 * time.Second), InvalidateRate: 0.01, SourceLatency: "lognormal:2ms:0.5",
		FillDelay: Duration(2 * time.Millisecond),
	}
}

// strategyWorkloads is one stampede workload per strategy.
func strategyWorkloads() []Workload {
	var out []Workload
	for _, st := range []string{"naive", "singleflight", "lease", "xfetch"} {
		out = append(out, Workload{
			Name: "strategies/" + st, Strategy: st,
			Duration: Duration(3 * time.Second), Warmup: Duration(600 * time.Millisecond),
			Workers: 48, Rate: 4000, Keys: 4, KeyDist: "uniform", ValueSize: "256",
			TTL: Duration(600 * time.Millisecond), SourceLatency: "50ms",
		})
	}
	return out
}

// staleWorkload races invalidations against slow fills.
func staleWorkload(strategy string) Workload {
	return Workload{
		Name: "stale/" + strategy, Strategy: strategy,
		Duration: Duration(3 * time.Second), Warmup: Duration(500 * time.Millisecond),
		Workers: 16, Keys: 8, KeyDist: "uniform", ValueSize: "256",
		TTL: Duration(10 * time.Second), InvalidateRate: 0.05, SourceLatency: "10ms",
		FillDelay: Duration(20 * time.Millisecond),
	}
}

// Builtins returns copies of the built-in scenarios in listing order.
func Builtins() []Spec {
	out := make([]Spec, len(builtins))
	for i, b := range builtins {
		out[i] = b.clone()
	}
	return out
}

// Builtin returns a copy of the named built-in scenario.
func Builtin(name string) (Spec, bool) {
	for _, b := range builtins {
		if b.Name == name {
			return b.clone(), true
		}
	}
	return Spec{}, false
}

func (s Spec) clone() Spec {
	s.Workloads = append([]Workload(nil), s.Workloads...)
	return s
}
