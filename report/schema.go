package report

import (
	"encoding/json"
	"slices"
	"time"
)

// SchemaVersion is the version of the report.json format this package
// writes. Fields are only ever added within a version.
const SchemaVersion = 1

// Report is report.json: one run of a scenario on one or more targets.
type Report struct {
	SchemaVersion int       `json:"schema_version"`
	Tool          Tool      `json:"tool"`
	RunID         string    `json:"run_id"`
	StartedAt     time.Time `json:"started_at"`
	FinishedAt    time.Time `json:"finished_at"`
	Interrupted   bool      `json:"interrupted"`
	// Command is "run" or "verify".
	Command string `json:"command"`
	// Scenario is the fully resolved scenario spec (absent for verify).
	Scenario json.RawMessage `json:"scenario,omitempty"`
	Targets  []Target        `json:"targets"`
	// Shard identifies this report as one shard of a sharded run (--shard
	// i/n); absent otherwise. Shard information is never part of Scenario,
	// or only under a "shard" key, so that shards' scenarios compare equal.
	Shard *Shard `json:"shard,omitempty"`
	// MergedShards lists the shard reports `bench merge` combined into
	// this report, in the order given; absent otherwise.
	MergedShards []MergedShard `json:"merged_shards,omitempty"`
}

// Shard is one part of a sharded run: shard Index of Count (1 ≤ Index ≤
// Count), with a disjoint part of the key space and 1/Count of the
// arrival rate.
type Shard struct {
	Index int `json:"index"`
	Count int `json:"count"`
}

// MergedShard is one input of a merged report.
type MergedShard struct {
	// Shard is the input's shard; zero when the input had none.
	Shard
	RunID      string    `json:"run_id"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
}

// Tool identifies the program that wrote the report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Go      string `json:"go"`
}

// Target is one deployment's results.
type Target struct {
	Name string `json:"name"`
	// URL is redacted: a password never appears.
	URL string `json:"url"`
	// Embedded is "" for the user's target, else "redis-server" or
	// "miniredis" (an emulator: numbers say nothing about Redis).
	Embedded     string        `json:"embedded"`
	Server       Server        `json:"server"`
	Verification *Verification `json:"verification,omitempty"`
	Workloads    []Workload    `json:"workloads"`
	// Capacity is the result of `bench capacity`, absent otherwise.
	Capacity *Capacity `json:"capacity,omitempty"`
	// KeysRemoved counts the run's keys removed at the end.
	KeysRemoved int64 `json:"keys_removed"`
	// Error says why the target's run stopped early, "" when it did not.
	Error string `json:"error,omitempty"`
}

// Server is what the preflight learnt about a target's server.
type Server struct {
	// Product is redis, valkey, dragonfly, keydb or unknown (INFO server
	// refused or silent); absent in reports written before it was added.
	Product string `json:"product,omitempty"`
	// Version is the product's own version (valkey_version for Valkey,
	// dragonfly_version without its "df-v" for Dragonfly, redis_version
	// for Redis and KeyDB), "" when the server does not say.
	Version string `json:"version"`
	// CompatVersion is redis_version where the product reports one apart
	// from its own version (the Redis release it is compatible with);
	// absent otherwise.
	CompatVersion string `json:"compat_version,omitempty"`
	// Mode is standalone, cluster or sentinel: what the server says
	// (redis_mode, server_mode), else what the connection found.
	Mode string `json:"mode"`
	// Nodes lists the cluster's masters (and replicas) or the sentinel
	// deployment's servers as host:port; empty for a standalone server.
	Nodes []string `json:"nodes,omitempty"`
	// Protocol is the RESP version in use (2 or 3), 0 when unknown.
	Protocol int `json:"protocol,omitempty"`
	// ReadFrom is where reads go: "master" (default) or "replica".
	ReadFrom string `json:"read_from,omitempty"`
	// MaxMemory in bytes, 0 for no limit; -1 when CONFIG GET is refused.
	MaxMemory int64 `json:"maxmemory"`
	// MaxMemoryPolicy is maxmemory-policy, "" when CONFIG GET is refused.
	MaxMemoryPolicy string `json:"maxmemory_policy"`
	// Persistence summarises RDB and AOF: "off", "rdb", "aof" or "rdb+aof";
	// "" when unknown.
	Persistence string `json:"persistence"`
	// Save is the RDB save schedule.
	Save string `json:"save,omitempty"`
	// AppendFsync is the AOF fsync policy.
	AppendFsync string `json:"appendfsync,omitempty"`
	// PingRTTMs is the median round trip of 5 PINGs, in milliseconds.
	PingRTTMs float64 `json:"ping_rtt_ms"`
	// Warnings are findings that can make results misleading or runs fail.
	Warnings []string `json:"warnings,omitempty"`
}

// Verification is the baseline check, with the seed script's field names
// plus speedup, ttl_ok and passed.
type Verification struct {
	CacheMissOK    bool    `json:"cache_miss_ok"`
	CacheHitOK     bool    `json:"cache_hit_ok"`
	CacheHitFaster bool    `json:"cache_hit_faster"`
	InvalidationOK bool    `json:"invalidation_ok"`
	MissLatencyMs  float64 `json:"miss_latency_ms"`
	HitLatencyMs   float64 `json:"hit_latency_ms"`
	Speedup        float64 `json:"speedup"`
	TTLOK          bool    `json:"ttl_ok"`
	Passed         bool    `json:"passed"`
	// Stopped says why the verification did not run to its end:
	// "interrupted", "timeout" or "error" (the target's error says which);
	// empty when it did. Passed is then false, but no check failed: the
	// checks not reached are in NotRun.
	Stopped string `json:"stopped,omitempty"`
	// NotRun names the checks not reached, by their field names
	// ("ttl_ok", "invalidation_ok").
	NotRun []string `json:"not_run,omitempty"`
}

// Verification checks, by their field names, in the order they run.
const (
	CheckCacheMiss    = "cache_miss_ok"
	CheckCacheHit     = "cache_hit_ok"
	CheckHitFaster    = "cache_hit_faster"
	CheckTTL          = "ttl_ok"
	CheckInvalidation = "invalidation_ok"
)

// VerificationChecks are the checks in the order they run.
var VerificationChecks = []string{CheckCacheMiss, CheckCacheHit, CheckHitFaster, CheckTTL, CheckInvalidation}

// Ran says whether the check named check was reached.
func (v *Verification) Ran(check string) bool { return !slices.Contains(v.NotRun, check) }

// Outcome is the verification's one word: "PASS", "FAIL" (a check ran
// and failed), or, when it stopped before its end with no failed check,
// why: "interrupted", "timeout" or "error".
func (v *Verification) Outcome() string {
	switch {
	case v.Passed:
		return "PASS"
	case v.Stopped != "" && len(v.FailedChecks()) == 0:
		return v.Stopped
	}
	return "FAIL"
}

// FailedChecks lists the checks that ran and failed, by field name.
func (v *Verification) FailedChecks() []string {
	var out []string
	for _, c := range []struct {
		name string
		ok   bool
	}{{CheckCacheMiss, v.CacheMissOK}, {CheckCacheHit, v.CacheHitOK}, {CheckHitFaster, v.CacheHitFaster},
		{CheckTTL, v.TTLOK}, {CheckInvalidation, v.InvalidationOK}} {
		if !c.ok && v.Ran(c.name) {
			out = append(out, c.name)
		}
	}
	return out
}

// Workload is one workload's results on one target.
type Workload struct {
	Name     string `json:"name"`
	Strategy string `json:"strategy"`
	// DurationS is the measured time (warm-up excluded), in seconds.
	DurationS      float64 `json:"duration_s"`
	Workers        int     `json:"workers"`
	Ops            int64   `json:"ops"`
	Reads          int64   `json:"reads"`
	Hits           int64   `json:"hits"`
	Misses         int64   `json:"misses"`
	Writes         int64   `json:"writes"`
	ThroughputOpsS float64 `json:"throughput_ops_s"`
	// TargetRateOpsS is the open-loop arrival rate, 0 for a closed loop.
	TargetRateOpsS float64 `json:"target_rate_ops_s"`
	// AchievedRateOpsS is the rate at which operations started, in the
	// open loop; 0 for a closed loop.
	AchievedRateOpsS float64 `json:"achieved_rate_ops_s,omitempty"`
	HitRatio         float64 `json:"hit_ratio"`
	// HitRatioExpected is the closed-form hit ratio where one applies
	// (uniform keys, fixed TTL, open-loop arrivals); absent otherwise.
	HitRatioExpected *float64 `json:"hit_ratio_expected,omitempty"`
	// Invalid lists why the run does not measure what it was asked to
	// (missed its rate, client-bound, …); empty when valid.
	Invalid []string `json:"invalid,omitempty"`
	// Warnings are findings about this workload's results.
	Warnings []string `json:"warnings,omitempty"`
	// ReasonKinds are the kinds of the reasons in Invalid and the findings
	// in Warnings that decisions rest on, each once (AddInvalid); absent
	// when none, and in reports written before the field was added.
	ReasonKinds []ReasonKind `json:"reason_kinds,omitempty"`
	// StaleReads counts reads that returned a version older than the
	// source's at the start of the read; StaleReadRatio = StaleReads / reads.
	StaleReads     int64      `json:"stale_reads"`
	StaleReadRatio float64    `json:"stale_read_ratio"`
	Staleness      *Staleness `json:"staleness,omitempty"`
	// Near is the near cache of strategies near and near-unsafe; absent
	// for the others.
	Near *Near `json:"near,omitempty"`
	// Counters are the strategy's own counters (coalesced_waits,
	// lease_waits, early_refreshes, …).
	Counters map[string]int64 `json:"counters,omitempty"`
	// Client is the load generator's measurement of itself.
	Client *Client `json:"client,omitempty"`
	// Errors counts failed operations by kind.
	Errors     map[string]int64   `json:"errors"`
	Source     Source             `json:"source"`
	Latency    map[string]Latency `json:"latency"`
	Speedup    Speedup            `json:"speedup"`
	Timeseries []Point            `json:"timeseries"`
	// ServerTimeseries is the server's own view a second at a time over
	// the measured window (INFO, summed over the nodes sampled); absent
	// where it was not sampled.
	ServerTimeseries []ServerPoint `json:"server_timeseries,omitempty"`
	// ServerWindow is what the server counted over the whole measured
	// window; absent where it was not sampled.
	ServerWindow *ServerWindow `json:"server_window,omitempty"`
	// ServerLatency is the server's own time per command ("get", "set",
	// "del") over the measured window, from LATENCY HISTOGRAM; commands
	// the server did not run are left out. Absent where the server does not
	// give it, and ServerLatencyNote says why.
	ServerLatency     map[string]ServerLatency `json:"server_latency,omitempty"`
	ServerLatencyNote string                   `json:"server_latency_note,omitempty"`
	// Attribution says what limited the workload (Attribute); absent
	// where the figures cannot tell.
	Attribution *Attribution `json:"attribution,omitempty"`
	// Evictions is what the server's memory limit cost the workload;
	// absent when it evicted nothing and no read missed because of it.
	Evictions *Evictions `json:"evictions,omitempty"`
	// Slowlog is what the servers' slow logs gained during the measured
	// window; absent where SLOWLOG is refused or not sampled.
	Slowlog *Slowlog `json:"slowlog,omitempty"`
	// Faults are the faults done (--fault) and the changes of master seen
	// during the measured window, each with what it cost; absent when none.
	Faults      []Fault `json:"faults,omitempty"`
	Interrupted bool    `json:"interrupted,omitempty"`
	// Trace is the account of a trace replay (--trace); absent otherwise.
	Trace *Trace `json:"trace,omitempty"`
	// Steady says whether throughput and hit ratio held level over the
	// measured window (CheckSteady; docs/report.md#steady-state); absent
	// when too few seconds were measured to tell, and in reports written
	// before the check was added.
	Steady *bool `json:"steady,omitempty"`
	// SteadyState holds the figures that decided Steady.
	SteadyState *SteadyState `json:"steady_state,omitempty"`
	// Repeats holds each repeat's summary figures, in run order, when the
	// workload ran more than once (--repeat N); the other fields are over
	// all repeats together. Absent for a single run, which counts as one
	// sample.
	Repeats []RepeatSummary `json:"repeats,omitempty"`
}

// RepeatSummary is one repeat's summary figures: the samples that `bench
// compare` tests. Latencies are in milliseconds; Errors is the total over
// all kinds. NewRepeatSummary makes one from a workload.
type RepeatSummary struct {
	DurationS      float64 `json:"duration_s"`
	Ops            int64   `json:"ops"`
	Reads          int64   `json:"reads"`
	ThroughputOpsS float64 `json:"throughput_ops_s"`
	HitRatio       float64 `json:"hit_ratio"`
	ReadP50Ms      float64 `json:"read_p50_ms"`
	ReadP99Ms      float64 `json:"read_p99_ms"`
	HitP50Ms       float64 `json:"hit_p50_ms"`
	HitP99Ms       float64 `json:"hit_p99_ms"`
	MissP50Ms      float64 `json:"miss_p50_ms"`
	MissP99Ms      float64 `json:"miss_p99_ms"`
	// WriteP99Ms is absent in reports written before it was kept.
	WriteP99Ms  float64 `json:"write_p99_ms,omitempty"`
	SourceCalls int64   `json:"source_calls"`
	StaleReads  int64   `json:"stale_reads"`
	Errors      int64   `json:"errors"`
}

// Source holds the modelled source's ground-truth counters.
type Source struct {
	// Calls are loads that reached the source.
	Calls int64 `json:"calls"`
	// Writes are writes that reached the source.
	Writes int64 `json:"writes"`
	// PeakInFlight is the most source calls in progress at once.
	PeakInFlight int64 `json:"peak_in_flight"`
	// Herd is the source calls per fill episode of one key (first miss to
	// first successful SET); absent when not measured.
	Herd *Values `json:"herd,omitempty"`
	// CallsPerExpiryExpected is the naive closed form 1 + λδ where it
	// applies; absent otherwise.
	CallsPerExpiryExpected *float64 `json:"calls_per_expiry_expected,omitempty"`
}

// Values summarises a histogram of plain values (not latencies).
type Values struct {
	Count int64   `json:"count"`
	Mean  float64 `json:"mean"`
	P50   float64 `json:"p50"`
	P99   float64 `json:"p99"`
	Max   float64 `json:"max"`
	HDR   string  `json:"hdr"`
}

// Staleness details the stale reads.
type Staleness struct {
	// RatioCILow and RatioCIHigh bound StaleReadRatio (95% Wilson interval).
	RatioCILow  float64 `json:"ratio_ci_low"`
	RatioCIHigh float64 `json:"ratio_ci_high"`
	// VersionLag is how many versions behind a stale read was.
	VersionLag *Values `json:"version_lag,omitempty"`
	// Age is how long the value returned had been superseded.
	Age *Latency `json:"age,omitempty"`
	// AuditKeys and AuditStale: after the run, with writes stopped, the
	// cached keys checked against the source and those still stale.
	AuditKeys  int64 `json:"audit_keys"`
	AuditStale int64 `json:"audit_stale"`
}

// Client is the load generator's measurement of itself.
type Client struct {
	// CPUUtil is the process CPU time over wall time × GOMAXPROCS, 0–1.
	CPUUtil    float64 `json:"cpu_util"`
	GOMAXPROCS int     `json:"gomaxprocs"`
	// GCPauses counts stop-the-world pauses; GCPauseP99Ms and GCPauseMaxMs
	// summarise their durations.
	GCPauses     int64   `json:"gc_pauses"`
	GCPauseP99Ms float64 `json:"gc_pause_p99_ms"`
	GCPauseMaxMs float64 `json:"gc_pause_max_ms"`
	// CPUWaitMs is how long the client's threads were ready to run but
	// waited for a CPU another task held (Linux run-queue wait), over the
	// measurement; absent where the system does not say. Preemptions
	// counts the CPUs the kernel took from them (involuntary switches).
	CPUWaitMs   *float64 `json:"cpu_wait_ms,omitempty"`
	Preemptions int64    `json:"preemptions"`
	// PoolWaits and PoolTimeouts are go-redis connection pool waits.
	PoolWaits    int64 `json:"pool_waits"`
	PoolTimeouts int64 `json:"pool_timeouts"`
	// Bound is true when the client, not the server, limited the run.
	Bound bool `json:"bound"`
	// Timing is the generator's timing floor, calibrated just before an
	// open-loop workload; absent for the closed loop.
	Timing *Timing `json:"timing,omitempty"`
}

// Timing is the generator's timing floor on this machine (bench.Calibrate):
// a workload's latencies cannot be trusted below it.
type Timing struct {
	// Mode is how the open loop waits for a due time: "spin" or "sleep".
	Mode string `json:"mode"`
	// LagP50Ms and LagP99Ms: the pacing loop's schedule lag with no I/O.
	LagP50Ms float64 `json:"lag_p50_ms"`
	LagP99Ms float64 `json:"lag_p99_ms"`
	// RTTP50Ms and RTTP99Ms: single requests, one at a time, on one
	// connection.
	RTTP50Ms float64 `json:"rtt_p50_ms"`
	RTTP99Ms float64 `json:"rtt_p99_ms"`
	// CPUUtil is the client's CPU (of GOMAXPROCS cores) while pacing with
	// no I/O; CPUPerOpUs is that CPU per paced operation, in µs.
	CPUUtil    float64 `json:"cpu_util"`
	CPUPerOpUs float64 `json:"cpu_per_op_us"`
}

// Capacity is the highest arrival rate whose latency met the SLO, as
// bench capacity found it (docs/ci-gate.md, "Capacity").
type Capacity struct {
	// SLO as given, e.g. "p99<5ms"; Metric is the latency it applies to
	// and LimitMs its bound.
	SLO     string  `json:"slo"`
	Metric  string  `json:"metric"`
	LimitMs float64 `json:"limit_ms"`
	// MaxRateOpsS is the answer: the highest rate that met the SLO below
	// the lowest that did not; 0 when no rate met it.
	MaxRateOpsS float64 `json:"max_rate_ops_s"`
	// UpperOpsS is the lowest rate that missed the SLO or that the
	// generator could not keep; 0 when none.
	UpperOpsS float64 `json:"upper_ops_s"`
	// LimitedBy says what bounds the answer: "slo" (the rate above missed),
	// "generator" (the rate above was generator-limited: the answer is a
	// lower bound), "max rate", or "" when nothing was bracketed.
	LimitedBy string `json:"limited_by"`
	// Confirmed: the answer met again in a second run and the rate above
	// missed (or was generator-limited) again; Unconfirmed says why not.
	Confirmed   bool   `json:"confirmed"`
	Unconfirmed string `json:"unconfirmed,omitempty"`
	// Precision is the bracket's half-width over its middle, (upper −
	// answer)/(upper + answer); PrecisionTarget the one asked for.
	Precision       float64 `json:"precision"`
	PrecisionTarget float64 `json:"precision_target"`
	// FloorOpsS is the lowest rate a step may run at: below it a step of
	// StepDurationS has fewer than MinSamples samples of Metric.
	FloorOpsS     float64 `json:"floor_ops_s"`
	MinSamples    int64   `json:"min_samples"`
	StepDurationS float64 `json:"step_duration_s"`
	// Stop is why the search ended: converged, max steps, max rate, floor
	// or error.
	Stop string `json:"stop"`
	// Answer is the verdict in one sentence, as the console printed it;
	// Diagnosis, when no rate met the SLO, names the cause.
	Answer    string `json:"answer"`
	Diagnosis string `json:"diagnosis,omitempty"`
	// SingleRequest is the SLO's latency measured with one request at a
	// time (one worker, closed loop), taken when no rate met the SLO.
	SingleRequest *CapacityStep  `json:"single_request,omitempty"`
	Steps         []CapacityStep `json:"steps"`
}

// CapacityStep is one run of the capacity search.
type CapacityStep struct {
	RateOpsS     float64 `json:"rate_ops_s"`
	AchievedOpsS float64 `json:"achieved_ops_s"`
	// ValueMs is the SLO's percentile of Metric; P50Ms and P99Ms the
	// metric's median and p99 (the latency–throughput curve); Samples
	// its count.
	ValueMs float64 `json:"value_ms"`
	P50Ms   float64 `json:"p50_ms"`
	P99Ms   float64 `json:"p99_ms"`
	Samples int64   `json:"samples"`
	// LagP99Ms is the p99 of the generator's lag (intended start to send),
	// part of every latency measured from the intended start.
	LagP99Ms float64 `json:"lag_p99_ms"`
	OK       bool    `json:"ok"`
	// Verdict is met, missed, generator-limited, too few samples or
	// interrupted; Reason says why a step is inconclusive.
	Verdict string `json:"verdict"`
	Reason  string `json:"reason,omitempty"`
	// Role is search, repeat (noise rule) or confirm.
	Role    string   `json:"role"`
	Invalid []string `json:"invalid,omitempty"`
}

// Latency summarises one histogram, in milliseconds; HDR holds the whole
// histogram in HdrHistogram's compressed base64 form.
type Latency struct {
	Count  int64   `json:"count"`
	MeanMs float64 `json:"mean_ms"`
	P50Ms  float64 `json:"p50_ms"`
	P90Ms  float64 `json:"p90_ms"`
	P99Ms  float64 `json:"p99_ms"`
	P999Ms float64 `json:"p999_ms"`
	MaxMs  float64 `json:"max_ms"`
	HDR    string  `json:"hdr"`
}

// Speedup is miss latency over hit latency at the mean, p50 and p99; 0 when
// either side has no samples.
type Speedup struct {
	Mean float64 `json:"mean"`
	P50  float64 `json:"p50"`
	P99  float64 `json:"p99"`
}

// Point is one second (one interval) of the time series.
type Point struct {
	// TS is the interval's end, in seconds since measurement started.
	TS       float64 `json:"t_s"`
	Ops      int64   `json:"ops"`
	HitRatio float64 `json:"hit_ratio"`
	P50Ms    float64 `json:"p50_ms"`
	P99Ms    float64 `json:"p99_ms"`
	Errors   int64   `json:"errors"`
}

// ServerPoint is one interval of the server's own view (INFO), summed
// over the nodes sampled (each master of a cluster). Counters are their
// increase per second over the interval.
type ServerPoint struct {
	// TS is the interval's end, in seconds since measurement started.
	TS float64 `json:"t_s"`
	// CPUPct is used_cpu_sys + used_cpu_user as a percentage of one core,
	// the busiest node's.
	CPUPct float64 `json:"cpu_pct"`
	// UsedMemory is used_memory in bytes at the interval's end.
	UsedMemory     int64   `json:"used_memory"`
	EvictedKeys    float64 `json:"evicted_keys"`
	ExpiredKeys    float64 `json:"expired_keys"`
	KeyspaceHits   float64 `json:"keyspace_hits"`
	KeyspaceMisses float64 `json:"keyspace_misses"`
	// Ops is total_commands_processed's increase per second.
	Ops float64 `json:"ops"`
	// ConnectedClients is connected_clients at the interval's end.
	ConnectedClients int64 `json:"connected_clients"`
	// NetInBytes and NetOutBytes are bytes per second in and out.
	NetInBytes  float64 `json:"net_in_bytes"`
	NetOutBytes float64 `json:"net_out_bytes"`
}

// ServerWindow is what the server counted over a workload's measured
// window, summed over the nodes sampled.
type ServerWindow struct {
	Nodes    int   `json:"nodes"`
	Commands int64 `json:"commands"`
	// GetCalls, SetCalls and DelCalls are INFO commandstats' calls (those
	// inside scripts included), ScriptCalls EVAL's and EVALSHA's; zero
	// when CommandStats is false (commandstats not given).
	GetCalls       int64 `json:"get_calls"`
	SetCalls       int64 `json:"set_calls"`
	DelCalls       int64 `json:"del_calls"`
	ScriptCalls    int64 `json:"script_calls"`
	CommandStats   bool  `json:"commandstats"`
	KeyspaceHits   int64 `json:"keyspace_hits"`
	KeyspaceMisses int64 `json:"keyspace_misses"`
	EvictedKeys    int64 `json:"evicted_keys"`
	ExpiredKeys    int64 `json:"expired_keys"`
	// CPU says whether the server gave its CPU time (INFO cpu) on every
	// node: without it server_timeseries' cpu_pct is 0, not idle. Absent
	// (false) in reports written before it was kept.
	CPU bool `json:"cpu,omitempty"`
}

// ServerLatency is the server's own time for one command over a measured
// window: the difference of its LATENCY HISTOGRAM at the window's edges,
// summed over the nodes. The server's buckets double in width, so a
// percentile is the upper bound of the bucket it falls in: it errs high,
// by up to twice the true value, never low (NewServerLatency).
type ServerLatency struct {
	Count  int64   `json:"count"`
	P50Ms  float64 `json:"p50_ms"`
	P99Ms  float64 `json:"p99_ms"`
	P999Ms float64 `json:"p999_ms"`
	// Buckets are the calls per bucket, bounds ascending, empty buckets
	// left out: what the percentiles are read from, kept so that repeats
	// combine losslessly.
	Buckets []ServerLatencyBucket `json:"buckets"`
}

// ServerLatencyBucket is Count calls that took at most LeUs microseconds
// and more than the bucket below's bound.
type ServerLatencyBucket struct {
	LeUs  int64 `json:"le_us"`
	Count int64 `json:"count"`
}
