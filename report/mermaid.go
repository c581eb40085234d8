package report

import (
	"bytes"
	"fmt"
	"math"
	"strings"
)

// mermaidMaxPoints bounds the points of an embedded chart; longer series are
// summed over consecutive intervals.
const mermaidMaxPoints = 60

// mermaidThroughput writes a Mermaid xychart-beta of throughput over time,
// which GitHub renders inside Markdown.
func mermaidThroughput(b *bytes.Buffer, title string, pts []Point) {
	rates := coarseThroughput(pts, mermaidMaxPoints)
	if len(rates) == 0 {
		return
	}
	peak := 0.0
	for _, p := range rates {
		peak = math.Max(peak, p.y)
	}
	hi, _ := linearAxis(peak)
	labels := make([]string, len(rates))
	values := make([]string, len(rates))
	for i, p := range rates {
		labels[i] = trimNum(p.x, 1)
		values[i] = Num(p.y, 0)
	}
	b.WriteString("```mermaid\nxychart-beta\n")
	fmt.Fprintf(b, "    title \"%s\"\n", mermaidText(title))
	fmt.Fprintf(b, "    x-axis \"time (s)\" [%s]\n", strings.Join(labels, ", "))
	fmt.Fprintf(b, "    y-axis \"ops/s\" 0 --> %s\n", Num(hi, 0))
	fmt.Fprintf(b, "    line [%s]\n", strings.Join(values, ", "))
	b.WriteString("```\n\n")
}

// coarseThroughput returns ops/s per group of consecutive intervals, at
// most maxPoints groups, each at its end time.
func coarseThroughput(pts []Point, maxPoints int) []point {
	if len(pts) == 0 {
		return nil
	}
	g := (len(pts) + maxPoints - 1) / maxPoints
	var out []point
	prev := 0.0
	for i := 0; i < len(pts); i += g {
		j := min(i+g, len(pts))
		var ops int64
		for _, p := range pts[i:j] {
			ops += p.Ops
		}
		end := pts[j-1].TS
		r := 0.0
		if d := end - prev; d > 0 {
			r = float64(ops) / d
		}
		out = append(out, point{end, r})
		prev = end
	}
	return out
}

// trimNum formats f with at most places decimals, without trailing zeros.
func trimNum(f float64, places int) string {
	s := Num(f, places)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// mermaidText makes s safe inside a quoted Mermaid string.
func mermaidText(s string) string {
	return strings.NewReplacer(`"`, "'", "\n", " ", "\r", " ").Replace(s)
}
