package scenario

import "time"

// twitterStats is where the figures of the twitter-* presets come from: the
// per-cluster statistics of Twitter's in-memory cache traces (Yang, Yue and
// Rashmi, "A large scale analysis of hundreds of in-memory cache clusters
// at Twitter", OSDI 2020), table stat/2020Mar.md of github.com/twitter/cache-trace.
const twitterStats = "twitter/cache-trace stat/2020Mar.md"

// twitterPresets reproduce three clusters of that table from its columns:
// Zipf alpha (key-dist), operation (writes: every op but get and gets, as
// source writes whose new value is SET, as memcached's set, add and cas do),
// value size (the row's mean), common TTL (ttl-mix), request rate (rate,
// open loop) and WSS over key plus value size (keys). Runs start from a
// cold cache, so their miss ratios are not the row's production miss ratio
// (a week's steady state); docs/scenarios.md says more.
func twitterPresets() []Spec {
	preset := func(name, desc string, w Workload) Spec {
		w.Duration, w.Warmup = Duration(8*time.Second), Duration(time.Second)
		w.Workers, w.InvalidateMode, w.SourceLatency = 32, "update", "lognormal:5ms:0.5"
		return Spec{Name: name, Description: desc, Workloads: []Workload{w}}
	}
	return []Spec{
		preset("twitter-52", "read-heavy, mixed TTLs: Twitter cluster 52 ("+twitterStats+": zipf 1.2117, get 0.91 gets 0.02 add 0.04 cas 0.02, value 273 B, TTL 1d:0.65 14d:0.27 12h:0.07, 24.25 kqps, WSS 12583 MB)",
			Workload{Keys: 43_000_000, KeyDist: "zipf:1.2117", ValueSize: "273", InvalidateRate: 0.06,
				TTLMix: "1d:0.65,14d:0.27,12h:0.07", Rate: 24250}),
		preset("twitter-12", "write-heavy: Twitter cluster 12 ("+twitterStats+": zipf 0.3048, set 0.80 get 0.20, value 1030 B, TTL 300s:0.98 299s:0.02, 4.36 kqps, WSS 986 MB)",
			Workload{Keys: 918_000, KeyDist: "zipf:0.3048", ValueSize: "1030", InvalidateRate: 0.8,
				TTLMix: "300s:0.98,299s:0.02", Rate: 4360}),
		preset("twitter-26", "short mixed TTLs: Twitter cluster 26 ("+twitterStats+": zipf 0.6299, get 0.71 set 0.29, value 1745 B, TTL 60s:0.67 120s:0.10 360s:0.09 600s:0.06 660s:0.03 180s:0.02, 0.25 kqps, WSS 30 MB)",
			Workload{Keys: 16_000, KeyDist: "zipf:0.6299", ValueSize: "1745", InvalidateRate: 0.29,
				TTLMix: "60s:0.67,120s:0.10,360s:0.09,600s:0.06,660s:0.03,180s:0.02", Rate: 250}),
	}
}
