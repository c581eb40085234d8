package scenario

import (
	"slices"
	"strconv"
	"strings"

	"github.com/cacheaside/bench/scenario/trace"
)

// OverrideFlags are the workload flags Override accepts, in the order the
// usage text lists them. Each overrides its field on every workload.
var OverrideFlags = []string{
	"strategy", "duration", "warmup", "ops", "workers", "keys", "key-dist",
	"value-size", "ttl", "ttl-jitter", "invalidate-rate", "invalidate-mode",
	"source-latency", "source-concurrency", "seed", "rate", "arrival",
	"instances", "xfetch-beta", "double-delete-delay", "fill-delay", "invalidate-delay",
	"prewarm", "near-size", "near-ttl", "tracking", "near-over", "trace", "trace-format", "speed", "ttl-mix",
}

// FlagHelp is the help line of each workload flag Override accepts.
var FlagHelp = map[string]string{
	"strategy":            "cache-aside strategy, or a comma list to compare (" + strings.Join(Strategies(), ", ") + ")",
	"duration":            "measured time per workload, after warm-up (e.g. 30s)",
	"warmup":              "unrecorded load before measuring (e.g. 2s)",
	"ops":                 "stop after this many measured operations (0 = no limit)",
	"workers":             "concurrent workers",
	"keys":                "key-space size (1 to 2^40)",
	"key-dist":            "key popularity: uniform, zipf:S, hotspot:HOTFRAC:HOTOPS or sequential",
	"value-size":          "serialised value size in bytes: N or MIN-MAX",
	"ttl":                 "TTL of cached values (e.g. 60s)",
	"ttl-jitter":          "TTL spread as a fraction in [0, 1)",
	"invalidate-rate":     "fraction of operations that write the source and invalidate, in [0, 1]",
	"invalidate-mode":     "delete, update or delete-twice (a second delete --double-delete-delay later)",
	"source-latency":      "source latency: a duration (5ms), uniform:MIN:MAX or lognormal:MEDIAN:SIGMA",
	"source-concurrency":  "cap on source calls in flight; more queue (0 = no cap)",
	"seed":                "random seed for key sequences, sizes and latencies",
	"rate":                "open-loop arrival rate in ops/s in total (0 = closed loop)",
	"arrival":             "open-loop arrivals: constant spacing or poisson",
	"instances":           "application instances, each with its own client and singleflight group; workers are spread over them",
	"xfetch-beta":         "xfetch's beta (> 0): larger recomputes earlier",
	"double-delete-delay": "pause before the second delete of --invalidate-mode delete-twice (e.g. 100ms)",
	"fill-delay":          "race amplifier: pause between the source read of a miss and its SET (e.g. 20ms)",
	"invalidate-delay":    "race amplifier: pause between a source write and its invalidation (e.g. 20ms)",
	"near-size":           "near strategies: entries each instance's in-process cache holds (LRU)",
	"near-ttl":            "near strategies: longest a near-cache entry is served (default the --ttl)",
	"tracking":            "near strategies: default (the server tracks the keys each instance read) or bcast (every change under the run's prefix)",
	"near-over":           "near strategies: the strategy a near miss reads through: naive, singleflight, lease or xfetch",
	"ttl-mix":             "TTLs from a mixture, each key one of them: TTL:SHARE,… e.g. 1d:0.65,14d:0.27,12h:0.07 (replaces --ttl)",
	"trace":               "replay this cache trace `FILE` instead of drawing keys (twitter, oracle-general or csv; plain, gzip or zstd; docs/traces.md)",
	"trace-format":        "the --trace file's format: twitter, oracle-general or csv (default: detected)",
	"speed":               "replay the trace at this multiple of its own pace (open loop); 0 = in order, as fast as the workers go (default 1, or 0 for a trace without timestamps)",
	"prewarm":             "true: fill the key space (at most " + strconv.Itoa(PrewarmMaxKeys) + " keys) with pipelined SETs before the warm-up, so the cache starts warm",
}

// Override sets the field behind a command-line flag (named without dashes,
// e.g. "key-dist") on every workload of s, or on s itself for "seed". The
// value is checked for its type and for values a flag may not take (such as
// --keys 0, which in a file would mean the default); the whole Spec is
// validated later by Validate. "strategy" takes a comma list: each strategy
// then runs as its own workload. "trace" also clears Duration and Warmup,
// so a replay runs to the trace's end and measures every request, and
// Prewarm (the default scenario's), since the trace's own requests fill
// the cache: apply it before "duration", "warmup" and "prewarm". Errors are
// *FieldError naming the flag.
func (s *Spec) Override(flag, value string) error {
	fe := func(format string, args ...any) error { return fieldErr("--"+flag, format, args...) }
	if len(s.Workloads) == 0 {
		s.Workloads = []Workload{{}}
	}
	each := func(set func(w *Workload)) error {
		for i := range s.Workloads {
			set(&s.Workloads[i])
		}
		return nil
	}
	dur := func(set func(w *Workload, d Duration), positive bool) error {
		d, err := parseDuration(value)
		if err != nil {
			return fe("%v", err)
		}
		if d < 0 || (positive && d == 0) {
			if positive {
				return fe("must be a positive duration, got %s", value)
			}
			return fe("must not be negative, got %s", value)
		}
		return each(func(w *Workload) { set(w, Duration(d)) })
	}
	frac := func(set func(w *Workload, f float64), upper string, closed bool) error {
		f, err := strconv.ParseFloat(value, 64)
		if err != nil || !(f >= 0 && (f < 1 || closed && f == 1)) {
			return fe("want a fraction in [0, %s, got %q", upper, value)
		}
		return each(func(w *Workload) { set(w, f) })
	}
	integer := func(min int64, what string) (int64, error) {
		n, err := strconv.ParseInt(value, 10, 64)
		if err != nil || n < min {
			return 0, fe("want %s, got %q", what, value)
		}
		return n, nil
	}
	switch flag {
	case "strategy":
		return s.overrideStrategy(value, fe)
	case "duration":
		return dur(func(w *Workload, d Duration) { w.Duration = d }, true)
	case "warmup":
		return dur(func(w *Workload, d Duration) { w.Warmup = d }, false)
	case "ttl":
		return dur(func(w *Workload, d Duration) { w.TTL = d }, true)
	case "ops":
		n, err := integer(0, "an operation count >= 0 (0 = no limit)")
		if err != nil {
			return err
		}
		return each(func(w *Workload) { w.Ops = n })
	case "workers":
		n, err := integer(1, "a number of workers >= 1")
		if err != nil {
			return err
		}
		return each(func(w *Workload) { w.Workers = int(n) })
	case "source-concurrency":
		n, err := integer(0, "a cap >= 0 on source calls in flight (0 = no cap)")
		if err != nil {
			return err
		}
		return each(func(w *Workload) { w.SourceConcurrency = int(n) })
	case "keys":
		n, err := strconv.ParseUint(value, 10, 64)
		if err != nil || n < 1 {
			return fe("want a key-space size >= 1, got %q", value)
		}
		return each(func(w *Workload) { w.Keys = n })
	case "seed":
		n, err := strconv.ParseInt(value, 10, 64)
		if err != nil || n == 0 {
			return fe("want a non-zero integer, got %q", value)
		}
		s.Seed = n
		return nil
	case "rate":
		f, err := strconv.ParseFloat(value, 64)
		if err != nil || !(f >= 0 && f <= 1e9) {
			return fe("want an arrival rate in ops/s, 0 (closed loop) to 1e9, got %q", value)
		}
		return each(func(w *Workload) { w.Rate = f })
	case "arrival":
		if value != "constant" && value != "poisson" {
			return fe("%q is not an arrival process: want constant or poisson", value)
		}
		return each(func(w *Workload) { w.Arrival = value })
	case "key-dist":
		if _, err := ParseKeyDist(value); err != nil {
			return fe("%s", errMsg(err))
		}
		return each(func(w *Workload) { w.KeyDist = value })
	case "value-size":
		if _, err := ParseValueSize(value); err != nil {
			return fe("%s", errMsg(err))
		}
		return each(func(w *Workload) { w.ValueSize = value })
	case "source-latency":
		if _, err := ParseLatencyDist(value); err != nil {
			return fe("%s", errMsg(err))
		}
		return each(func(w *Workload) { w.SourceLatency = value })
	case "invalidate-mode":
		if !validInvalidateMode(value) {
			return fe("%q is not a mode: want %s", value, strings.Join(invalidateModes, ", "))
		}
		return each(func(w *Workload) { w.InvalidateMode = value })
	case "double-delete-delay":
		return dur(func(w *Workload, d Duration) { w.DoubleDeleteDelay = d }, true)
	case "fill-delay":
		return dur(func(w *Workload, d Duration) { w.FillDelay = d }, false)
	case "invalidate-delay":
		return dur(func(w *Workload, d Duration) { w.InvalidateDelay = d }, false)
	case "instances":
		n, err := integer(1, "a number of instances >= 1")
		if err != nil {
			return err
		}
		return each(func(w *Workload) { w.Instances = int(n) })
	case "xfetch-beta":
		f, err := strconv.ParseFloat(value, 64)
		if err != nil || !(f > 0 && f <= 100) {
			return fe("want a number in (0, 100], got %q", value)
		}
		return each(func(w *Workload) { w.XFetchBeta = f })
	case "prewarm":
		b, err := strconv.ParseBool(value)
		if err != nil {
			return fe("want true or false, got %q", value)
		}
		return each(func(w *Workload) { w.Prewarm = b })
	case "near-size":
		n, err := integer(1, "a number of entries >= 1")
		if err != nil {
			return err
		}
		return each(func(w *Workload) { w.NearSize = int(n) })
	case "near-ttl":
		return dur(func(w *Workload, d Duration) { w.NearTTL = d }, true)
	case "near-over":
		if !slices.Contains(nearOverStrategies, value) {
			return fe("%q is not a strategy a near cache reads through: want %s", value, strings.Join(nearOverStrategies, ", "))
		}
		return each(func(w *Workload) { w.NearOver = value })
	case "tracking":
		if !slices.Contains(trackingModes, value) {
			return fe("%q is not a tracking mode: want %s", value, strings.Join(trackingModes, " or "))
		}
		return each(func(w *Workload) { w.Tracking = value })
	case "ttl-mix":
		if _, err := ParseTTLMix(value); err != nil {
			return fe("%s", errMsg(err))
		}
		return each(func(w *Workload) { w.TTLMix = value })
	case "trace":
		if value == "" {
			return fe("want a trace file")
		}
		return each(func(w *Workload) { w.Trace, w.Duration, w.Warmup, w.Prewarm = value, 0, 0, false })
	case "trace-format":
		if err := trace.CheckFormat(value); err != nil {
			return fe("%s", strings.TrimPrefix(err.Error(), "trace: "))
		}
		return each(func(w *Workload) { w.TraceFormat = value })
	case "speed":
		f, err := strconv.ParseFloat(value, 64)
		if err != nil || !(f >= 0 && f <= maxSpeed) {
			return fe("want a multiple of the trace's pace from 0 (in order, closed loop) to %g, got %q", float64(maxSpeed), value)
		}
		return each(func(w *Workload) { w.Speed = &f })
	case "ttl-jitter":
		return frac(func(w *Workload, f float64) { w.TTLJitter = f }, "1)", false)
	case "invalidate-rate":
		return frac(func(w *Workload, f float64) { w.InvalidateRate = f }, "1]", true)
	}
	return fe("is not a workload flag")
}

// overrideStrategy sets one strategy on every workload, or, for a comma
// list, replaces each workload by one copy per strategy, named
// "<name>/<strategy>", all on the same key sequence (same seed).
func (s *Spec) overrideStrategy(value string, fe func(string, ...any) error) error {
	var list []string
	for _, p := range strings.Split(value, ",") {
		if p = strings.TrimSpace(p); p != "" {
			list = append(list, p)
		}
	}
	if len(list) == 0 {
		return fe("want a strategy or a comma list of them (%s), got %q", strings.Join(Strategies(), ", "), value)
	}
	seen := map[string]bool{}
	for _, st := range list {
		if _, ok := strategies[st]; !ok {
			return fe("%q is not a strategy: want one of %s", st, strings.Join(Strategies(), ", "))
		}
		if seen[st] {
			return fe("%q is listed twice", st)
		}
		seen[st] = true
	}
	var out []Workload
	for i, w := range s.Workloads {
		base := w.Name
		switch {
		case base == "" && len(s.Workloads) > 1:
			base = s.Name + "/" + strconv.Itoa(i+1)
		case base == "":
			base = s.Name
		}
		for _, st := range list {
			c := w
			c.Strategy = st
			if len(list) > 1 {
				c.Name = base + "/" + st
			}
			out = append(out, c)
		}
	}
	s.Workloads = out
	return nil
}
