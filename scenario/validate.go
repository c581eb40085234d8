package scenario

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/cacheaside/bench/target"
)

// FieldError is invalid configuration: it names the scenario field or flag
// and says what it accepts. Callers map it to exit code 2.
type FieldError struct {
	// Field is the flag ("--keys") or the scenario field ("workloads[0].keys").
	Field string
	// Msg says what is wrong and what is accepted.
	Msg string
}

func (e *FieldError) Error() string { return "scenario: " + e.Field + ": " + e.Msg }

func fieldErr(field, format string, args ...any) *FieldError {
	return &FieldError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

// errMsg is err's message without the package prefix, for FieldError.
func errMsg(err error) string { return strings.TrimPrefix(err.Error(), "scenario: ") }

// nearOverStrategies are the strategies a near miss may read through
// (Workload.NearOver).
var nearOverStrategies = []string{"naive", "singleflight", "lease", "xfetch"}

// strategies are the cache-aside strategies this build knows, with a line each.
var strategies = map[string]string{
	"naive":        "GET; on a miss load from the source and SET with TTL (the seed's pattern)",
	"singleflight": "naive, but concurrent misses of a key in one instance share one load (golang.org/x/sync/singleflight)",
	"lease":        "a miss takes a lease in Redis (SET NX PX, owner token); others wait and re-read; a fill lands only while its lease holds",
	"xfetch":       "naive, plus probabilistic early recomputation before expiry (XFetch, Vattani et al., VLDB 2015)",
	"near":         "an in-process LRU cache in front of naive, invalidated by the server (CLIENT TRACKING); a value invalidated during its fetch is not kept",
	"near-unsafe":  "near without the fetch/invalidation race handling: a value invalidated during its fetch is kept (stale until --near-ttl)",
}

// isNear reports whether strategy s keeps a near cache.
func isNear(s string) bool { return s == "near" || s == "near-unsafe" }

// trackingModes are the accepted Tracking values.
var trackingModes = []string{"default", "bcast"}

// maxNearSize bounds NearSize: a near cache lives in the load generator's memory.
const maxNearSize = 100_000_000

// maxRaceDelay bounds the race amplifiers and the double-delete delay.
const maxRaceDelay = time.Minute

// invalidateModes are the accepted InvalidateMode values.
var invalidateModes = []string{"delete", "update", "delete-twice"}

// validInvalidateMode reports whether m is an accepted InvalidateMode.
func validInvalidateMode(m string) bool { return slices.Contains(invalidateModes, m) }

// Strategies lists the known strategy names, sorted.
func Strategies() []string {
	names := make([]string, 0, len(strategies))
	for n := range strategies {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// compiled is a validated workload with its string fields parsed.
type compiled struct {
	Workload
	keyDist   KeyDistSpec
	valueSize ValueSize
	latency   LatencyDist
	trace     traceSpec
	ttlMix    TTLMix
}

// Validate checks a resolved Spec as a whole and returns every problem found,
// joined; each is a *FieldError naming the field.
func (s *Spec) Validate() error {
	_, err := s.compile()
	return err
}

func (s *Spec) compile() ([]compiled, error) {
	var errs []error
	if len(s.Workloads) == 0 {
		errs = append(errs, fieldErr("workloads", "needs at least one workload"))
	}
	names := map[string]bool{}
	out := make([]compiled, 0, len(s.Workloads))
	for i, w := range s.Workloads {
		c, werrs := compileWorkload(fmt.Sprintf("workloads[%d].", i), w)
		errs = append(errs, werrs...)
		if names[w.Name] {
			errs = append(errs, fieldErr(fmt.Sprintf("workloads[%d].name", i), "%q is used twice; workload names must be unique", w.Name))
		}
		names[w.Name] = true
		out = append(out, c)
	}
	for i, f := range s.Faults {
		if _, err := target.ParseFault(f); err != nil {
			errs = append(errs, fieldErr(fmt.Sprintf("faults[%d]", i), "%q: want AT:KIND[=ARG] as --fault takes it (%v)", f, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

func compileWorkload(p string, w Workload) (compiled, []error) {
	var errs []error
	add := func(field, format string, args ...any) {
		errs = append(errs, fieldErr(p+field, format, args...))
	}
	c := compiled{Workload: w}
	if _, ok := strategies[w.Strategy]; !ok {
		add("strategy", "%q is not a strategy: want one of %s", w.Strategy, strings.Join(Strategies(), ", "))
	}
	if w.Duration < 0 {
		add("duration", "must not be negative, got %s", w.Duration)
	}
	if w.Warmup < 0 {
		add("warmup", "must not be negative, got %s", w.Warmup)
	}
	if w.Ops < 0 {
		add("ops", "must be 0 (no limit) or more, got %d", w.Ops)
	}
	if w.Duration == 0 && w.Ops == 0 && w.Trace == "" {
		add("duration", "needs a duration > 0 or an operation count (ops)")
	}
	if w.Workers < 1 || w.Workers > 100000 {
		add("workers", "must be between 1 and 100000, got %d", w.Workers)
	}
	if !(w.Rate >= 0 && w.Rate <= 1e9) {
		add("rate", "must be an arrival rate in ops/s, 0 (closed loop) to 1e9, got %v", w.Rate)
	}
	if w.Arrival != "constant" && w.Arrival != "poisson" {
		add("arrival", "%q is not an arrival process: want constant or poisson", w.Arrival)
	}
	if w.Keys < 1 || w.Keys > keyDistMaxKeys {
		add("keys", "must be between 1 and %d, got %d", uint64(keyDistMaxKeys), w.Keys)
	}
	var err error
	if c.keyDist, err = ParseKeyDist(w.KeyDist); err != nil {
		add("key_dist", "%s", errMsg(err))
	}
	if c.valueSize, err = ParseValueSize(w.ValueSize); err != nil {
		add("value_size", "%s", errMsg(err))
	}
	if w.TTL <= 0 {
		add("ttl", "must be a positive duration, got %s", w.TTL)
	} else if w.TTL.D()%1e6 != 0 {
		add("ttl", "must be a whole number of milliseconds, got %s", w.TTL)
	}
	if w.TTLMix != "" {
		if c.ttlMix, err = ParseTTLMix(w.TTLMix); err != nil {
			add("ttl_mix", "%s", errMsg(err))
		}
	}
	if !(w.TTLJitter >= 0 && w.TTLJitter < 1) {
		add("ttl_jitter", "must be a fraction in [0, 1), got %v", w.TTLJitter)
	}
	if !(w.InvalidateRate >= 0 && w.InvalidateRate <= 1) {
		add("invalidate_rate", "must be a fraction in [0, 1], got %v", w.InvalidateRate)
	}
	if !validInvalidateMode(w.InvalidateMode) {
		add("invalidate_mode", "%q is not a mode: want %s", w.InvalidateMode, strings.Join(invalidateModes, ", "))
	}
	for _, d := range []struct {
		field string
		v     Duration
	}{{"double_delete_delay", w.DoubleDeleteDelay}, {"invalidate_delay", w.InvalidateDelay}, {"fill_delay", w.FillDelay}} {
		if d.v < 0 || d.v.D() > maxRaceDelay {
			add(d.field, "must be a duration from 0 to %s, got %s", maxRaceDelay, d.v)
		}
	}
	if w.Instances < 1 || w.Instances > max(w.Workers, 1) {
		add("instances", "must be between 1 and the number of workers (%d), got %d", w.Workers, w.Instances)
	}
	if !(w.XFetchBeta > 0 && w.XFetchBeta <= 100) {
		add("xfetch_beta", "must be a number in (0, 100], got %v", w.XFetchBeta)
	}
	if c.latency, err = ParseLatencyDist(w.SourceLatency); err != nil {
		add("source_latency", "%s", errMsg(err))
	}
	if w.SourceConcurrency < 0 {
		add("source_concurrency", "must be 0 (no cap) or more, got %d", w.SourceConcurrency)
	}
	if w.NearOver != "" && !isNear(w.Strategy) {
		add("near_over", "applies to the near strategies only (strategy is %q)", w.Strategy)
	}
	if isNear(w.Strategy) {
		if w.NearSize < 1 || w.NearSize > maxNearSize {
			add("near_size", "must be between 1 and %d entries, got %d", maxNearSize, w.NearSize)
		}
		if w.NearTTL <= 0 {
			add("near_ttl", "must be a positive duration, got %s", w.NearTTL)
		}
		if !slices.Contains(trackingModes, w.Tracking) {
			add("tracking", "%q is not a tracking mode: want %s", w.Tracking, strings.Join(trackingModes, " or "))
		}
		if !slices.Contains(nearOverStrategies, w.NearOver) {
			add("near_over", "%q is not a strategy a near cache reads through: want %s", w.NearOver, strings.Join(nearOverStrategies, ", "))
		}
		if w.Trace != "" {
			add("strategy", "%s does not replay a trace: its near cache knows the key space's indices, not a trace's keys; use naive, singleflight, lease or xfetch", w.Strategy)
		}
	}
	c.trace = compileTrace(w, add)
	return c, errs
}
