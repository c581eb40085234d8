package report

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// targetSection writes one target: server, verification, capacity, workloads.
func targetSection(b *bytes.Buffer, t *Target, tl *targetLayout) {
	fmt.Fprintf(b, "## Target %s\n\n", Code(t.Name))
	s := t.Server
	embedded := ""
	if t.Embedded != "" {
		embedded = " (embedded " + t.Embedded + ")"
	}
	fmt.Fprintf(b, "- URL: %s%s\n", Code(t.URL), embedded)
	fmt.Fprintf(b, "- server: %s, mode %s, ping %s ms", orDash(s.identityLong()), orDash(s.Mode), Num(s.PingRTTMs, 3))
	if s.Protocol != 0 {
		fmt.Fprintf(b, ", RESP%d", s.Protocol)
	}
	if s.ReadFrom != "" {
		fmt.Fprintf(b, ", reads from %s", s.ReadFrom)
	}
	b.WriteString("\n")
	if len(s.Nodes) > 0 {
		fmt.Fprintf(b, "- nodes (%d): %s\n", len(s.Nodes), strings.Join(quoteAll(s.Nodes), ", "))
	}
	fmt.Fprintf(b, "- maxmemory: %s, policy %s\n", maxMemory(s.MaxMemory), orDash(s.MaxMemoryPolicy))
	fmt.Fprintf(b, "- persistence: %s", persistence(s))
	if s.Save != "" {
		fmt.Fprintf(b, "; RDB save schedule %s", Code(s.Save))
	}
	b.WriteString("\n")
	fmt.Fprintf(b, "- keys removed at the end: %d\n", t.KeysRemoved)
	if t.Error != "" {
		fmt.Fprintf(b, "- **error:** %s\n", OneLine(t.Error))
	}
	b.WriteString("\n")
	if v := t.Verification; v != nil {
		verificationTable(b, v)
	}
	if c := t.Capacity; c != nil {
		capacitySection(b, c, tl.capacity)
	}
	for i := range t.Workloads {
		workloadSection(b, t, &t.Workloads[i], &tl.workloads[i])
	}
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = Code(s)
	}
	return out
}

// verificationTable writes the baseline checks of the seed script.
func verificationTable(b *bytes.Buffer, v *Verification) {
	b.WriteString("### Verification\n\n| check | result |\n|---|---|\n")
	result := func(check string, ok bool) string {
		if !v.Ran(check) {
			return "not run (" + orDash(v.Stopped) + ")"
		}
		return passFail(ok)
	}
	fmt.Fprintf(b, "| first read is a miss through the 50 ms source (%s ms) | %s |\n", Num(v.MissLatencyMs, 3), result(CheckCacheMiss, v.CacheMissOK))
	fmt.Fprintf(b, "| second read is a hit, equal after the JSON round trip (%s ms) | %s |\n", Num(v.HitLatencyMs, 3), result(CheckCacheHit, v.CacheHitOK))
	fmt.Fprintf(b, "| hit faster than miss (speedup %sx) | %s |\n", Num(v.Speedup, 1), result(CheckHitFaster, v.CacheHitFaster))
	fmt.Fprintf(b, "| key carries a TTL in (0, 60] s | %s |\n", result(CheckTTL, v.TTLOK))
	fmt.Fprintf(b, "| read after invalidation is a miss | %s |\n", result(CheckInvalidation, v.InvalidationOK))
	fmt.Fprintf(b, "| **verification** | **%s** |\n\n", v.Outcome())
}

// capacitySection writes the capacity search's answer, how it was
// reached, the latency–throughput curve (file chart, "" for none) and
// every step.
func capacitySection(b *bytes.Buffer, c *Capacity, chart string) {
	b.WriteString("### Capacity\n\n")
	if c.Answer == "" { // a report of an older version
		fmt.Fprintf(b, "Highest arrival rate meeting %s (on %s latency): **%s ops/s**.\n\n", Code(c.SLO), orDash(c.Metric), Num(c.MaxRateOpsS, 0))
	} else {
		fmt.Fprintf(b, "**%s**: %s.\n\n", Code(c.SLO), OneLine(c.Answer))
	}
	if c.Diagnosis != "" {
		fmt.Fprintf(b, "Why: %s.\n\n", OneLine(c.Diagnosis))
	}
	if c.MinSamples > 0 {
		fmt.Fprintf(b, "- steps of %s s, each needing %d samples of %s (floor %s ops/s); precision ±%s asked",
			Num(c.StepDurationS, 3), c.MinSamples, Code(orDash(c.Metric)), Num(c.FloorOpsS, 0), Num(100*c.PrecisionTarget, 1)+"%")
		if c.Precision > 0 {
			fmt.Fprintf(b, ", ±%s reached", Num(100*c.Precision, 1)+"%")
		}
		fmt.Fprintf(b, "; search stopped: %s; limited by: %s; confirmed: %s\n", orDash(c.Stop), orDash(c.LimitedBy), yesNo(c.Confirmed))
	}
	if s := c.SingleRequest; s != nil {
		fmt.Fprintf(b, "- one request at a time (one worker, closed loop): %s p50 %s ms, SLO figure %s ms\n", Code(orDash(c.Metric)), Num(s.P50Ms, 3), Num(s.ValueMs, 3))
	}
	b.WriteString("\n")
	if chart != "" {
		fmt.Fprintf(b, "![latency–throughput curve of the capacity steps](%s)\n\n", chart)
	}
	if len(c.Steps) == 0 {
		return
	}
	m := Cell(orDash(c.Metric))
	fmt.Fprintf(b, "| step | rate (ops/s) | achieved (ops/s) | %s p50 (ms) | %s p99 (ms) | SLO figure (ms) | lag p99 (ms) | samples | verdict | role | why |\n|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|\n", m, m)
	for i, s := range c.Steps {
		verdict := s.Verdict
		if verdict == "" { // older reports
			verdict = map[bool]string{true: "met", false: "missed"}[s.OK]
		}
		why := s.Reason
		if why == "" {
			why = strings.Join(s.Invalid, "; ")
		}
		fmt.Fprintf(b, "| %d | %s | %s | %s | %s | %s | %s | %d | %s | %s | %s |\n", i+1, Num(s.RateOpsS, 0), Num(s.AchievedOpsS, 0),
			Num(s.P50Ms, 3), Num(s.P99Ms, 3), Num(s.ValueMs, 3), Num(s.LagP99Ms, 3), s.Samples, verdict, orDash(s.Role), Cell(why))
	}
	b.WriteString("\n")
}

// yesNo writes a bool as yes or no.
func yesNo(ok bool) string {
	if ok {
		return "yes"
	}
	return "no"
}

// itoa formats an int64.
func itoa(n int64) string { return strconv.FormatInt(n, 10) }
