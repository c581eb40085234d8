package bench

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
)

// SLO is a latency objective such as "p99<5ms": a percentile of one of a
// Result's latency histograms must stay below a limit.
type SLO struct {
	// Metric is the histogram: "read" (the default: the latency a caller of
	// the cache sees, from the intended start in the open loop), "hit",
	// "miss", "write" or "service" (reads from their actual start).
	Metric string
	// Quantile is the percentile, 0–100 exclusive of 0 (as hdrhistogram's
	// ValueAtQuantile takes it): 50, 90, 99, 99.9; 100 is the maximum.
	Quantile float64
	// Limit is the bound the percentile must stay below.
	Limit time.Duration
	// OrEqual is true for "<=": the percentile may also equal Limit.
	OrEqual bool
}

// sloMetrics are the metrics an SLO may name, in the order error messages
// list them.
var sloMetrics = []string{"read", "hit", "miss", "write", "service"}

// sloSyntax is what ParseSLO accepts, for its error messages.
const sloSyntax = "want [METRIC.]PERCENTILE<DURATION, e.g. p99<5ms or hit.p999<=2ms; " +
	"METRIC is read (default), hit, miss, write or service; " +
	"PERCENTILE is p50, p90, p99, p999 (99.9), p9999 (99.99), p97.5 (any pN with N in (0, 100]) or max; " +
	"DURATION is a positive Go duration such as 500us, 5ms or 1.5s"

// ParseSLO parses an objective such as "p99<5ms", "read.p99<5ms",
// "hit.p99<2ms", "service.p999<=1ms" or "max<50ms". The percentile is pN
// with N in (0, 100]: p50, p90, p99 as written; p999 is 99.9 and p9999
// 99.99 (three or more digits starting with 99 and no point); otherwise a
// point may be written (p99.5, p97.5). Metric and percentile are
// case-insensitive; spaces are ignored. Errors name what is accepted.
func ParseSLO(s string) (SLO, error) {
	text := strings.Join(strings.Fields(s), "")
	fail := func(why string) (SLO, error) {
		return SLO{}, fmt.Errorf("bench: slo %q: %s; %s", s, why, sloSyntax)
	}
	var slo SLO
	lhs, rhs, ok := strings.Cut(text, "<")
	if !ok {
		return fail("no '<'")
	}
	if rest, eq := strings.CutPrefix(rhs, "="); eq {
		rhs, slo.OrEqual = rest, true
	}
	slo.Metric = "read"
	if m, p, dotted := strings.Cut(lhs, "."); dotted && !startsWithDigit(p) {
		slo.Metric, lhs = strings.ToLower(m), p
	}
	if !isSLOMetric(slo.Metric) {
		return fail(fmt.Sprintf("unknown metric %q", slo.Metric))
	}
	q, err := parsePercentile(strings.ToLower(lhs))
	if err != nil {
		return fail(err.Error())
	}
	slo.Quantile = q
	d, err := time.ParseDuration(rhs)
	if err != nil || d <= 0 {
		return fail(fmt.Sprintf("limit %q is not a positive duration", rhs))
	}
	slo.Limit = d
	return slo, nil
}

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

func isSLOMetric(m string) bool {
	for _, x := range sloMetrics {
		if m == x {
			return true
		}
	}
	return false
}

// parsePercentile parses "max" or "pN" into 0–100.
func parsePercentile(p string) (float64, error) {
	if p == "max" {
		return 100, nil
	}
	digits, ok := strings.CutPrefix(p, "p")
	if !ok || digits == "" {
		return 0, fmt.Errorf("percentile %q is not pN or max", p)
	}
	if !strings.Contains(digits, ".") && len(digits) > 2 && strings.HasPrefix(digits, "99") {
		digits = digits[:2] + "." + digits[2:] // p999 = 99.9, p9999 = 99.99
	}
	for _, c := range digits {
		if (c < '0' || c > '9') && c != '.' {
			return 0, fmt.Errorf("percentile %q is not pN or max", p)
		}
	}
	q, err := strconv.ParseFloat(digits, 64)
	if err != nil || !(q > 0 && q <= 100) {
		return 0, fmt.Errorf("percentile %q is not in (0, 100]", p)
	}
	return q, nil
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
func (s SLO) PercentileName() string {
	if s.Quantile >= 100 {
		return "max"
	}
	n := strconv.FormatFloat(s.Quantile, 'f', -1, 64)
	if strings.HasPrefix(n, "99.") {
		n = strings.Replace(n, ".", "", 1)
	}
	return "p" + n
}

// Histogram returns r's histogram the objective applies to, nil for an
// unknown metric.
func (s SLO) Histogram(r *Result) *hdrhistogram.Histogram {
	switch s.Metric {
	case "read", "":
		return r.Read
	case "hit":
		return r.Hit
	case "miss":
		return r.Miss
	case "write":
		return r.WriteLat
	case "service":
		return r.Service
	}
	return nil
}

// Value returns the objective's percentile of r, and false when the
// histogram has no samples.
func (s SLO) Value(r *Result) (time.Duration, bool) {
	h := s.Histogram(r)
	if h == nil || h.TotalCount() == 0 {
		return 0, false
	}
	if s.Quantile >= 100 {
		return time.Duration(h.Max()), true
	}
	return time.Duration(h.ValueAtQuantile(s.Quantile)), true
}

// Met reports whether a percentile value v meets the objective.
func (s SLO) Met(v time.Duration) bool {
	if s.OrEqual {
		return v <= s.Limit
	}
	return v < s.Limit
}
