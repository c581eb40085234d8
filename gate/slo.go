package gate

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cacheaside/bench/report"
)

// SLO is a latency objective such as "p99<5ms": a percentile of one of a
// run's latencies must stay below a limit. `bench capacity` searches the
// highest arrival rate that meets it.
type SLO struct {
	// Metric is the latency: "read" (the default: the latency a caller of
	// the cache sees, from the intended start in the open loop), "hit",
	// "miss", "write" or "service" (reads from their actual start).
	Metric string
	// Quantile is the percentile, in (0, 100] (as hdrhistogram's
	// ValueAtQuantile takes it): 50, 90, 99, 99.9; 100 is the maximum.
	Quantile float64
	// Limit is the bound the percentile must stay below.
	Limit time.Duration
	// OrEqual is true for "<=": the percentile may also equal Limit.
	OrEqual bool
}

// sloMetrics are the latencies an SLO may name, in the order error
// messages list them.
var sloMetrics = []string{"read", "hit", "miss", "write", "service"}

// sloSyntax is what ParseSLO accepts, for its error messages.
const sloSyntax = "want [METRIC.]PERCENTILE<DURATION, e.g. p99<5ms or hit.p999<=2ms; " +
	"METRIC is read (default), hit, miss, write or service; " +
	"PERCENTILE is p50, p90, p99, p999 (99.9), p9999 (99.99), p97.5 (any pN with N in (0, 100]) or max; " +
	"DURATION is a positive Go duration such as 500us, 5ms or 1.5s"

// ParseSLO parses an objective in the grammar of thresholds (splitExpr,
// with report's metric names and percentiles), restricted to a percentile
// of a caller's latency below a positive duration: "p99<5ms", "read.p99<5ms", "hit.p99<2ms",
// "service.p999<=1ms", "max<50ms". Errors name what is accepted.
func ParseSLO(s string) (SLO, error) {
	fail := func(why string) (SLO, error) {
		return SLO{}, fmt.Errorf("gate: slo %q: %s; %s", s, why, sloSyntax)
	}
	name, op, limit, ok := splitExpr(s)
	if !ok || (op != "<" && op != "<=") {
		return fail("no '<'")
	}
	metric, stat := report.SplitMetric(strings.ToLower(name))
	if !slices.Contains(sloMetrics, metric) {
		return fail(fmt.Sprintf("unknown metric %q", metric))
	}
	q, err := report.ParsePercentile(stat)
	if err != nil {
		return fail(err.Error())
	}
	d, err := time.ParseDuration(limit)
	if err != nil || d <= 0 {
		return fail(fmt.Sprintf("limit %q is not a positive duration", limit))
	}
	return SLO{Metric: metric, Quantile: q, Limit: d, OrEqual: op == "<="}, nil
}

// String returns the objective in canonical form, e.g. "read.p99<5ms",
// "hit.p999<=2ms", "service.max<50ms"; ParseSLO parses it back.
func (s SLO) String() string {
	op := "<"
	if s.OrEqual {
		op = "<="
	}
	return s.Metric + "." + s.PercentileName() + op + s.Limit.String()
}

// PercentileName returns the percentile as written: "p50", "p99", "p999"
// (99.9), "p9999" (99.99), "p97.5", "max" (100).
func (s SLO) PercentileName() string { return report.PercentileName(s.Quantile) }

// Value returns the objective's percentile of w, exactly as the run's
// histogram has it, and false when w has no samples of the latency.
func (s SLO) Value(w *report.Workload) (time.Duration, bool) {
	m, err := report.LookupMetric(s.Metric + "." + s.PercentileName())
	if err != nil {
		return 0, false
	}
	return m.Duration(w)
}

// Met reports whether a percentile value v meets the objective.
func (s SLO) Met(v time.Duration) bool {
	if s.OrEqual {
		return v <= s.Limit
	}
	return v < s.Limit
}
