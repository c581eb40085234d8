package report

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// benchstatUnits are the value-unit pairs of a benchmark line, in order.
// Latencies are in nanoseconds (benchstat shows them as seconds); counted
// events are totals of the repeat.
var benchstatUnits = []struct {
	unit  string
	value func(s *RepeatSummary) (float64, bool)
}{
	{"ops/s", func(s *RepeatSummary) (float64, bool) { return s.ThroughputOpsS, s.DurationS > 0 }},
	{"hit-ratio", func(s *RepeatSummary) (float64, bool) { return s.HitRatio, s.Reads > 0 }},
	{"read-p50-ns", benchstatNs(func(s *RepeatSummary) float64 { return s.ReadP50Ms })},
	{"read-p99-ns", benchstatNs(func(s *RepeatSummary) float64 { return s.ReadP99Ms })},
	{"hit-p50-ns", benchstatNs(func(s *RepeatSummary) float64 { return s.HitP50Ms })},
	{"hit-p99-ns", benchstatNs(func(s *RepeatSummary) float64 { return s.HitP99Ms })},
	{"miss-p50-ns", benchstatNs(func(s *RepeatSummary) float64 { return s.MissP50Ms })},
	{"miss-p99-ns", benchstatNs(func(s *RepeatSummary) float64 { return s.MissP99Ms })},
	{"source-calls", func(s *RepeatSummary) (float64, bool) { return float64(s.SourceCalls), true }},
	{"stale-reads", func(s *RepeatSummary) (float64, bool) { return float64(s.StaleReads), true }},
	{"errors", func(s *RepeatSummary) (float64, bool) { return float64(s.Errors), true }},
}

// benchstatNs turns a latency in ms (0: no samples) into whole nanoseconds.
func benchstatNs(ms func(s *RepeatSummary) float64) func(s *RepeatSummary) (float64, bool) {
	return func(s *RepeatSummary) (float64, bool) {
		v := ms(s)
		return math.Round(v * 1e6), v > 0
	}
}

// Benchstat writes r in the Go benchmark format that benchstat reads
// (golang.org/x/perf/benchfmt), one line per repeat of every workload of
// every target:
//
//	BenchmarkCacheAside/target=a/workload=mixed_naive/strategy=naive  20000  6650.3 ops/s  0.9 hit-ratio  212000 read-p50-ns ...
//
// The iteration count is the repeat's operations. Slashes and spaces in
// names become underscores, so that benchstat's name keys stay whole; a
// metric the repeat did not measure is left out of its line.
func Benchstat(w io.Writer, r *Report) error {
	var b bytes.Buffer
	for _, t := range r.Targets {
		for wi := range t.Workloads {
			wl := &t.Workloads[wi]
			name := "BenchmarkCacheAside/target=" + benchName(t.Name) + "/workload=" + benchName(wl.Name) + "/strategy=" + benchName(wl.Strategy)
			if procsSuffix.MatchString(name) {
				name += "_" // a final -N would be read as GOMAXPROCS
			}
			for _, s := range Samples(wl) {
				fmt.Fprintf(&b, "%s\t%d", name, max(s.Ops, 1))
				for _, u := range benchstatUnits {
					if v, ok := u.value(&s); ok {
						fmt.Fprintf(&b, "\t%s %s", strconv.FormatFloat(v, 'f', -1, 64), u.unit)
					}
				}
				b.WriteString("\n")
			}
		}
	}
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// BenchstatPair writes two reports in the Go benchmark format, each after a
// configuration line "side: base" or "side: current", so that
// `benchstat -col side FILE` sets them side by side.
func BenchstatPair(w io.Writer, base, cur *Report) error {
	for _, s := range []struct {
		side string
		r    *Report
	}{{"base", base}, {"current", cur}} {
		if _, err := fmt.Fprintf(w, "side: %s\n", s.side); err != nil {
			return fmt.Errorf("report: %w", err)
		}
		if err := Benchstat(w, s.r); err != nil {
			return err
		}
	}
	return nil
}

// procsSuffix matches a name ending like a GOMAXPROCS suffix.
var procsSuffix = regexp.MustCompile(`-[0-9]+$`)

// benchName makes s one part of a benchmark name: no slash, no space;
// "" becomes "none".
func benchName(s string) string {
	if s == "" {
		return "none"
	}
	return strings.Map(func(r rune) rune {
		if r == '/' || unicode.IsSpace(r) {
			return '_'
		}
		return r
	}, s)
}
