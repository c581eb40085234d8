package report

import (
	"bytes"
	"fmt"
)

// nearSection writes the near cache of strategies near and near-unsafe.
func nearSection(b *bytes.Buffer, w *Workload) {
	n := w.Near
	if n == nil {
		return
	}
	b.WriteString("| near cache | value |\n|---|---:|\n")
	fmt.Fprintf(b, "| near hits / misses (Redis hits among them) | %d / %d (%d) |\n", n.Hits, n.Misses, n.RedisHits)
	fmt.Fprintf(b, "| near hit ratio | %s |\n", Pct(n.HitRatio, 2))
	if h, ok := w.Latency["near_hit"]; ok {
		fmt.Fprintf(b, "| near hit (ms): p50 / p99 | %s / %s |\n", Num(h.P50Ms, 4), Num(h.P99Ms, 4))
	}
	fmt.Fprintf(b, "| stale near hits | %d (%s, 95%% CI %s – %s) |\n", n.StaleHits, Pct(n.StaleHitRatio, 4), Pct(n.StaleHitRatioCILow, 4), Pct(n.StaleHitRatioCIHi, 4))
	if n.StaleHitsExpected > 0 {
		fmt.Fprintf(b, "| stale near hits of values current when kept / expected from the %s ms invalidation window | %d / %s (%s of near hits) |\n",
			Num(n.StaleWindowMs, 3), n.StaleWindowHits, Num(n.StaleHitsExpected, 2), Pct(n.StaleHitRatioExpected, 4))
	}
	if n.StaleHitsExpectedInWindows > 0 {
		fmt.Fprintf(b, "| stale near hits expected from the %d reads inside the invalidation windows | %s |\n",
			n.StaleWindowReads, Num(n.StaleHitsExpectedInWindows, 2))
	}
	fmt.Fprintf(b, "| invalidations received / owed / lost | %d / %d / %d |\n", n.InvalidationsReceived, n.InvalidationsExpected, n.InvalidationsLost)
	if l, ok := w.Latency["invalidation_lag"]; ok {
		fmt.Fprintf(b, "| invalidation lag after the write's reply (ms): p50 / p99 / max | %s / %s / %s |\n", Num(l.P50Ms, 3), Num(l.P99Ms, 3), Num(l.MaxMs, 3))
	}
	fmt.Fprintf(b, "| entries peak / evictions | %d / %d |\n", n.EntriesPeak, n.Evictions)
	if n.Flushes > 0 {
		fmt.Fprintf(b, "| flushes (tracking lost) | %d |\n", n.Flushes)
	}
	b.WriteString("\n")
}
