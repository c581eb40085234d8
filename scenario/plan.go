package scenario

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/bench"
	"github.com/cacheaside/bench/target"
)

// Plan is a resolved and validated scenario, ready to run on any target.
type Plan struct {
	// Spec is the fully resolved scenario, as saved in report.json.
	Spec      Spec
	workloads []compiled
}

// Prepare resolves s (defaults filled in) and validates it as a whole.
func Prepare(s Spec) (*Plan, error) {
	s.Workloads = slices.Clone(s.Workloads) // leave the caller's spec as it was
	s.Resolve()
	c, err := s.compile()
	if err != nil {
		return nil, err
	}
	for i := range c {
		if c[i].Trace != "" && c[i].Rate == 0 {
			speed := c[i].trace.speed // the resolved speed, saved in the report
			s.Workloads[i].Speed = &speed
			c[i].Speed = &speed
		}
	}
	return &Plan{Spec: s, workloads: c}, nil
}

// Workloads returns the resolved workloads in run order.
func (p *Plan) Workloads() []Workload { return p.Spec.Workloads }

// BenchConfig returns the engine configuration of workload i.
func (p *Plan) BenchConfig(i int) bench.Config {
	w := p.workloads[i]
	return bench.Config{
		Name:     w.Name,
		Workers:  w.Workers,
		Duration: w.Duration.D(),
		Warmup:   w.Warmup.D(),
		Ops:      w.Ops,
		Rate:     w.Rate,
		Arrival:  w.Arrival,
		Seed:     p.Spec.Seed,
		// A trace replay ends when the trace does (replay.go).
		UntilDone: w.Trace != "",
	}
}

// NewCacheAside binds workload i to target t through its connected client
// c, with a fresh modelled source. Every key of workload i lives under
// "<keyPrefix>w<i>:" (keyPrefix is "<prefix>:<run id>:"), so each workload
// starts from a cold cache even when an earlier one left keys behind. With
// Instances > 1, instance 0 uses c and the others get their own clients of
// t (made by target.ParseTarget) with the options t was connected with.
// Close it after the run.
func (p *Plan) NewCacheAside(i int, t target.Target, c redis.UniversalClient, keyPrefix string) *CacheAside {
	return newCacheAside(p.workloads[i], p.Spec.Seed, t, c, keyPrefix+"w"+strconv.Itoa(i)+":")
}

// NewRunID returns a fresh random run id (8 hex digits) that keeps the keys
// of concurrent runs apart.
func NewRunID() string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// KeyPrefix returns "<prefix>:<run id>:" after checking the prefix: it must
// be non-empty and free of glob characters (* ? [ ] \), so that cleanup's
// SCAN MATCH can only ever match the run's own keys.
func KeyPrefix(prefix, runID string) (string, error) {
	if prefix == "" {
		return "", fieldErr("--prefix", "must not be empty: every key of a run lives under <prefix>:<run id>:")
	}
	if strings.ContainsAny(prefix, "*?[]\\ \t\r\n") {
		return "", fieldErr("--prefix", "%q contains a glob character or space; use letters, digits and : - _ .", prefix)
	}
	return fmt.Sprintf("%s:%s:", prefix, runID), nil
}
