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
	fmt.Fprintf(b, "- server: %s, mode %s, ping %s ms", orDash(s.Version), orDash(s.Mode), Num(s.PingRTTMs, 3))
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
		capacitySection(b, c)
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

// capacitySection writes the capacity search's answer and every step.
func capacitySection(b *bytes.Buffer, c *Capacity) {
	b.WriteString("### Capacity\n\n")
	fmt.Fprintf(b, "Highest arrival rate meeting %s (on %s latency): **%s ops/s**.\n\n", Code(c.SLO), orDash(c.Metric), Num(c.MaxRateOpsS, 0))
	if len(c.Steps) == 0 {
		return
	}
	fmt.Fprintf(b, "| step | rate (ops/s) | achieved (ops/s) | %s (ms) | SLO met | invalid |\n|---:|---:|---:|---:|---|---|\n", Cell(orDash(c.Metric)))
	for i, s := range c.Steps {
		ok := "no"
		if s.OK {
			ok = "yes"
		}
		fmt.Fprintf(b, "| %d | %s | %s | %s | %s | %s |\n", i+1, Num(s.RateOpsS, 0), Num(s.AchievedOpsS, 0), Num(s.ValueMs, 3), ok, Cell(strings.Join(s.Invalid, "; ")))
	}
	b.WriteString("\n")
}

// itoa formats an int64.
func itoa(n int64) string { return strconv.FormatInt(n, 10) }
