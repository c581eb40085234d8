package trace

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// WriteText writes s for a reader: one figure a line, the op mix and TTLs
// in order of their shares.
func (s Stats) WriteText(w io.Writer) error {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	p("format           %s (compression %s)", s.Format, s.Compression)
	head := ""
	if s.Truncated {
		head = " (the first ones only: --head)"
	}
	p("requests         %d%s", s.Requests, head)
	if s.Skipped.Count > 0 {
		p("skipped lines    %d, first: %s", s.Skipped.Count, strings.Join(s.Skipped.First, "; "))
	}
	p("op mix           %s", s.opMix())
	p("classes          reads %d, writes %d, deletes %d", s.Reads, s.Writes, s.Deletes)
	p("unique keys      %d", s.UniqueKeys)
	p("working set      %s (keys and last value sizes of the unique keys)", bytesIEC(s.WorkingSetBytes))
	p("one-hit wonders  %.4f of unique keys", s.OneHitWonderRatio)
	p("compulsory miss  %.4f of requests", s.CompulsoryMissRatio)
	p("mean frequency   %.2f requests per key", s.MeanFrequency)
	p("popularity       %s", s.Zipf)
	p("key size         %s", s.KeySize)
	p("value size       %s", s.ValueSize)
	if len(s.TTLs) > 0 {
		var t []string
		for _, sh := range s.TTLs {
			t = append(t, fmt.Sprintf("%ds %.1f%%", sh.Value, 100*sh.Fraction))
		}
		p("ttl (writes)     %s", strings.Join(t, ", "))
	}
	if r := s.Rate; r != nil {
		p("time covered     %.0f s", r.CoveredS)
		p("request rate     mean %.1f/s, peak %d/s in one second", r.MeanOpsS, r.PeakOpsS)
		var pts []string
		for _, pt := range r.Series {
			pts = append(pts, fmt.Sprintf("%.0f", pt.OpsS))
		}
		if len(r.Series) > 1 {
			p("rate over time   %s (ops/s, %d buckets of %.0f s)", strings.Join(pts, " "), len(r.Series), r.Series[1].TS-r.Series[0].TS)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// opMix returns e.g. "get 80.00%, set 15.00%, delete 5.00%", most common first.
func (s Stats) opMix() string {
	names := make([]string, 0, len(s.Ops))
	for n := range s.Ops {
		names = append(names, n)
	}
	slices.SortFunc(names, func(a, b string) int {
		if s.Ops[a] != s.Ops[b] {
			return int(s.Ops[b] - s.Ops[a])
		}
		return strings.Compare(a, b)
	})
	var parts []string
	for _, n := range names {
		parts = append(parts, fmt.Sprintf("%s %.2f%%", n, 100*s.OpMix[n]))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// String returns e.g. "mean 300.0, p50 256, p90 512, p99 1024, max 4096 (min 1, 1000 requests)".
func (d Dist) String() string {
	if d.Count == 0 {
		return "not in the trace"
	}
	return fmt.Sprintf("mean %.1f, min %d, p50 %d, p90 %d, p99 %d, max %d bytes (%d requests)", d.Mean, d.Min, d.P50, d.P90, d.P99, d.Max, d.Count)
}

func bytesIEC(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB (%d bytes)", float64(n)/float64(div), "KMGTPE"[exp], n)
}
