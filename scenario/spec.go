package scenario

import (
	"fmt"
	"time"
)

// Spec is a scenario: what to measure, as one or more workloads run one after
// the other on each target. It is a documented struct: a zero field means its
// default, defaults are set in one place (Resolve), and the fully resolved Spec
// is saved in report.json. Scenario files (YAML or JSON) use the json/yaml
// field names below.
type Spec struct {
	// Name of the scenario; default "custom" for files, the built-in name otherwise.
	Name string `json:"name" yaml:"name"`
	// Description is one line saying what the scenario shows.
	Description string `json:"description,omitempty" yaml:"description"`
	// Seed makes key sequences, value sizes and source latencies repeatable;
	// default 1.
	Seed int64 `json:"seed" yaml:"seed"`
	// Workloads run in order; default one workload with all defaults.
	Workloads []Workload `json:"workloads" yaml:"workloads"`
	// Faults are done to the target during each workload's measured window,
	// in the form of --fault (AT:KIND[=ARG]), which replaces them; default
	// none.
	Faults []string `json:"faults,omitempty" yaml:"faults"`
}

// Workload is one measured cache-aside workload. Each field's comment gives
// its default and the flag that overrides it for every workload of a scenario.
type Workload struct {
	// Name of the workload in reports; default the scenario name, or
	// "<scenario>/<strategy>" when a scenario runs several strategies.
	Name string `json:"name" yaml:"name"`
	// Strategy is the cache-aside strategy (--strategy); default "naive".
	Strategy string `json:"strategy" yaml:"strategy"`
	// Duration of measurement after warm-up (--duration); default 10s, or
	// unlimited when Ops is set.
	Duration Duration `json:"duration" yaml:"duration"`
	// Warmup runs load that is not recorded (--warmup); default none.
	Warmup Duration `json:"warmup" yaml:"warmup"`
	// Ops stops the workload after this many measured operations (--ops);
	// default 0, no limit. With Duration, whichever comes first.
	Ops int64 `json:"ops" yaml:"ops"`
	// Workers is the number of concurrent workers (--workers); default 16.
	Workers int `json:"workers" yaml:"workers"`
	// Rate is the open-loop arrival rate in operations per second in total
	// (--rate); default 0, a closed loop where each worker starts its next
	// operation when the last one ends.
	Rate float64 `json:"rate" yaml:"rate"`
	// Arrival is how open-loop arrivals are spaced (--arrival): "constant"
	// or "poisson"; default "constant".
	Arrival string `json:"arrival" yaml:"arrival"`
	// Keys is the size of the key space (--keys); default 10000.
	Keys uint64 `json:"keys" yaml:"keys"`
	// KeyDist is the key popularity (--key-dist): uniform, zipf:S,
	// hotspot:HOTFRAC:HOTOPS or sequential; default "zipf:0.99".
	KeyDist string `json:"key_dist" yaml:"key_dist"`
	// ValueSize is the serialised size of cached values in bytes
	// (--value-size): N or MIN-MAX; default "256".
	ValueSize string `json:"value_size" yaml:"value_size"`
	// TTL of cached values (--ttl); default 60s.
	TTL Duration `json:"ttl" yaml:"ttl"`
	// TTLMix gives keys TTLs from a mixture instead of TTL (--ttl-mix):
	// "TTL:SHARE,…", e.g. "1d:0.65,14d:0.27,12h:0.07"; each key gets one
	// TTL of the mix by its index (TTLMix.For), jittered by TTLJitter.
	// Default "", every key gets TTL.
	TTLMix string `json:"ttl_mix,omitempty" yaml:"ttl_mix"`
	// TTLJitter spreads each TTL uniformly over ±TTLJitter·TTL (--ttl-jitter),
	// a fraction in [0, 1); default 0.
	TTLJitter float64 `json:"ttl_jitter" yaml:"ttl_jitter"`
	// InvalidateRate is the fraction of operations that write the source and
	// then invalidate the cache (--invalidate-rate), in [0, 1]; default 0.
	InvalidateRate float64 `json:"invalidate_rate" yaml:"invalidate_rate"`
	// InvalidateMode is how a write reaches the cache (--invalidate-mode):
	// "delete" removes the key, "update" writes the new value, "delete-twice"
	// deletes it and deletes it again DoubleDeleteDelay later (delayed double
	// delete); default "delete".
	InvalidateMode string `json:"invalidate_mode" yaml:"invalidate_mode"`
	// DoubleDeleteDelay is how long after the first delete the second one of
	// "delete-twice" follows (--double-delete-delay), asynchronously, so the
	// write's latency does not include it; default 100ms.
	DoubleDeleteDelay Duration `json:"double_delete_delay" yaml:"double_delete_delay"`
	// InvalidateDelay is a race amplifier: a pause between a write to the
	// source and its invalidation of the cache (--invalidate-delay); default
	// 0, none.
	InvalidateDelay Duration `json:"invalidate_delay" yaml:"invalidate_delay"`
	// FillDelay is a race amplifier: a pause between reading the source on a
	// miss and writing the value to the cache (--fill-delay); default 0, none.
	FillDelay Duration `json:"fill_delay" yaml:"fill_delay"`
	// Instances is the number of application instances (--instances): each
	// has its own Redis client and its own singleflight group, and the
	// workers are spread over them; default 1, at most Workers.
	Instances int `json:"instances" yaml:"instances"`
	// XFetchBeta is the xfetch strategy's β (--xfetch-beta): above 1 favours
	// earlier recomputation, below 1 later; > 0, default 1.
	XFetchBeta float64 `json:"xfetch_beta" yaml:"xfetch_beta"`
	// SourceLatency is the modelled source's latency per call
	// (--source-latency): a duration like 5ms, uniform:MIN:MAX or
	// lognormal:MEDIAN:SIGMA; default "lognormal:5ms:0.5".
	SourceLatency string `json:"source_latency" yaml:"source_latency"`
	// SourceConcurrency caps the source calls in flight; calls beyond it queue
	// (--source-concurrency); default 0, no cap.
	SourceConcurrency int `json:"source_concurrency" yaml:"source_concurrency"`
	// Prewarm fills the cache before the workload starts (--prewarm): keys
	// 0 to min(Keys, PrewarmMaxKeys)-1 (with zipf or hotspot keys, the most
	// popular ones) are SET, with pipelining, to their records at the
	// source's current version and with the workload's TTL, before the
	// warm-up and outside the measurement; they are not source calls.
	// Default false: the cache starts empty.
	Prewarm bool `json:"prewarm" yaml:"prewarm"`
	// NearSize bounds each application instance's near cache of strategies
	// near and near-unsafe, in entries, least recently used evicted first
	// (--near-size); default 10000. Other strategies ignore it.
	NearSize int `json:"near_size,omitempty" yaml:"near_size"`
	// NearTTL is the longest a near-cache entry is served, a client-side
	// bound on age for invalidations that come late or never (--near-ttl);
	// default the workload's TTL.
	NearTTL Duration `json:"near_ttl,omitempty" yaml:"near_ttl"`
	// Tracking is how the server tells the near caches of changes
	// (--tracking): "default" tracks the keys each instance read, "bcast"
	// broadcasts every change under the workload's key prefix; default
	// "default".
	Tracking string `json:"tracking,omitempty" yaml:"tracking"`
	// NearOver is the strategy a near miss reads through (--near-over),
	// near strategies only: naive, singleflight, lease or xfetch; default
	// "naive".
	NearOver string `json:"near_over,omitempty" yaml:"near_over"`
	// Trace replays a recorded cache trace instead of drawing keys
	// (--trace FILE): each request becomes a cache-aside read, write or
	// delete, with the trace's value sizes and TTLs (docs/traces.md); Keys,
	// KeyDist, ValueSize and InvalidateRate do not apply. The run ends when
	// the trace does, or earlier at Duration or Ops when set. Default "",
	// none.
	Trace string `json:"trace,omitempty" yaml:"trace"`
	// TraceFormat is the trace's format (--trace-format): twitter,
	// oracle-general or csv; default detected from the file.
	TraceFormat string `json:"trace_format,omitempty" yaml:"trace_format"`
	// Speed replays the trace at Speed times its own pace (--speed),
	// keeping its inter-arrival times through the open loop; 0 replays it
	// in order as fast as the workers go (closed loop). Default 1 when the
	// trace has timestamps, else 0; with Rate > 0 the trace's order is
	// spread over that rate instead and Speed must be unset.
	Speed *float64 `json:"speed,omitempty" yaml:"speed"`
}

// Defaults of Workload fields, set in one place by Resolve.
const (
	DefaultStrategy       = "naive"
	DefaultDuration       = 10 * time.Second
	DefaultWorkers        = 16
	DefaultKeys           = 10000
	DefaultKeyDist        = "zipf:0.99"
	DefaultValueSize      = "256"
	DefaultTTL            = 60 * time.Second
	DefaultInvalidateMode = "delete"
	// DefaultDoubleDeleteDelay is the pause before the second delete of
	// invalidate mode "delete-twice".
	DefaultDoubleDeleteDelay = 100 * time.Millisecond
	DefaultInstances         = 1
	DefaultXFetchBeta        = 1.0
	DefaultSourceLatency     = "lognormal:5ms:0.5"
	DefaultSeed              = 1
	DefaultArrival           = "constant"
	// DefaultNearSize is the entries each instance's near cache holds.
	DefaultNearSize = 10000
	// DefaultTracking is the near cache's tracking mode.
	DefaultTracking = "default"
)

// Resolve fills every zero field with its default, in place, and names the
// workloads. It does not validate; call Validate afterwards.
func (s *Spec) Resolve() {
	if s.Name == "" {
		s.Name = "custom"
	}
	if s.Seed == 0 {
		s.Seed = DefaultSeed
	}
	if len(s.Workloads) == 0 {
		s.Workloads = []Workload{{}}
	}
	for i := range s.Workloads {
		w := &s.Workloads[i]
		if w.Strategy == "" {
			w.Strategy = DefaultStrategy
		}
		if w.Name == "" {
			w.Name = s.defaultName(i)
		}
		if w.Duration == 0 && w.Ops == 0 && w.Trace == "" {
			w.Duration = Duration(DefaultDuration)
		}
		if w.Workers == 0 {
			w.Workers = DefaultWorkers
		}
		if w.Arrival == "" {
			w.Arrival = DefaultArrival
		}
		if w.Keys == 0 {
			w.Keys = DefaultKeys
		}
		if w.KeyDist == "" {
			w.KeyDist = DefaultKeyDist
		}
		if w.ValueSize == "" {
			w.ValueSize = DefaultValueSize
		}
		if w.TTL == 0 {
			w.TTL = Duration(DefaultTTL)
		}
		if w.InvalidateMode == "" {
			w.InvalidateMode = DefaultInvalidateMode
		}
		if w.DoubleDeleteDelay == 0 {
			w.DoubleDeleteDelay = Duration(DefaultDoubleDeleteDelay)
		}
		if w.Instances == 0 {
			w.Instances = DefaultInstances
		}
		if w.XFetchBeta == 0 {
			w.XFetchBeta = DefaultXFetchBeta
		}
		if w.SourceLatency == "" {
			w.SourceLatency = DefaultSourceLatency
		}
		if isNear(w.Strategy) {
			w.resolveNear()
		}
	}
}

// defaultName names unnamed workload i: the scenario's name when it is the
// only workload, "<scenario>/<strategy>" when no other unnamed workload has
// its strategy, else "<scenario>/<strategy>/<i+1>".
func (s *Spec) defaultName(i int) string {
	if len(s.Workloads) == 1 {
		return s.Name
	}
	st := s.Workloads[i].Strategy
	same := 0
	for _, w := range s.Workloads {
		if w.Name == "" && (w.Strategy == st || w.Strategy == "" && st == DefaultStrategy) {
			same++
		}
	}
	if same > 1 {
		return fmt.Sprintf("%s/%s/%d", s.Name, st, i+1)
	}
	return s.Name + "/" + st
}

// resolveNear fills the near-cache fields of a near strategy's workload;
// other strategies leave them zero, so their saved specs do not change.
func (w *Workload) resolveNear() {
	if w.NearSize == 0 {
		w.NearSize = DefaultNearSize
	}
	if w.NearTTL == 0 {
		w.NearTTL = w.TTL
	}
	if w.Tracking == "" {
		w.Tracking = DefaultTracking
	}
	if w.NearOver == "" {
		w.NearOver = DefaultStrategy
	}
}
