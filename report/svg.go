package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"strconv"
)

// A small SVG line-chart writer, standard library only. Every coordinate is
// printed with one decimal, so the same data gives the same bytes.

// lineChart is one panel: axes, grid, one polyline per series and a legend.
type lineChart struct {
	title          string
	xLabel, yLabel string
	xLog, yLog     bool
	xMin, xMax     float64
	yMin, yMax     float64
	xTicks, yTicks []tick
	series         []series
	markers        []marker
}

// marker is a vertical line at x with a label, such as a fault.
type marker struct {
	x     float64
	label string
}

// series is one named line; color "" takes the palette's next, dash
// draws it dashed, width is its stroke (0: 2 pixels), markers puts a dot
// on every point.
type series struct {
	name    string
	pts     []point
	color   string
	dash    bool
	width   float64
	markers bool
}

// color returns the colour of series i.
func (s series) colorOf(i int) string {
	if s.color != "" {
		return s.color
	}
	return palette[i%len(palette)]
}

// style returns the stroke attributes of series i.
func (s series) style(i int) string {
	st := "stroke=\"" + s.colorOf(i) + "\""
	if s.dash {
		st += " stroke-dasharray=\"6 4\""
	}
	return st
}

// strokeWidth is the series' line width in pixels.
func (s series) strokeWidth() string {
	if s.width > 0 {
		return f1(s.width)
	}
	return "2"
}

// overlapTolerance is how close (relative) two series' values must be, at
// nearly every shared x, for the later one to be drawn over the earlier
// as a dashed line: at 860 pixels, lines closer than this share pixels.
const overlapTolerance = 0.05

// markOverlaps lets series that lie on an earlier one show: the earlier is
// drawn wide and the later dashed and thin on top of it, its legend naming
// the line it covers ("hit (≈ redis_get)").
func (c *lineChart) markOverlaps() {
	for j := range c.series {
		for i := 0; i < j; i++ {
			if c.series[i].dash || !overlaps(c.series[i].pts, c.series[j].pts) {
				continue
			}
			c.series[i].width = 5
			c.series[j].dash, c.series[j].width = true, 2
			c.series[j].name += " (≈ " + c.series[i].name + ")"
			break
		}
	}
}

// overlaps says whether b lies on a: at 90% or more of the x they share
// (index by index, the last point left out: a line's maximum), the values
// differ by at most overlapTolerance; 3 shared points at least.
func overlaps(a, b []point) bool {
	n := min(len(a), len(b)) - 1
	if n < 3 {
		return false
	}
	close, shared := 0, 0
	for k := range n {
		if a[k].x != b[k].x {
			continue
		}
		shared++
		if d, m := math.Abs(a[k].y-b[k].y), math.Max(math.Abs(a[k].y), math.Abs(b[k].y)); d <= overlapTolerance*m {
			close++
		}
	}
	return shared >= 3 && float64(close) >= 0.9*float64(shared)
}

type point struct{ x, y float64 }

// tick is one labelled grid line.
type tick struct {
	v     float64
	label string
}

// palette holds the series colours (Tableau 10), used in order.
var palette = []string{"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
	"#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"}

// Panel geometry in pixels.
const (
	svgWidth     = 860
	panelHeight  = 400
	marginLeft   = 72
	marginRight  = 190 // the legend
	marginTop    = 34
	marginBottom = 48
)

// svgDocument writes a complete SVG document of the panels, stacked.
func svgDocument(title string, panels ...*lineChart) []byte {
	var b bytes.Buffer
	h := panelHeight * len(panels)
	fmt.Fprintf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	fmt.Fprintf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n", svgWidth, h, svgWidth, h)
	fmt.Fprintf(&b, "<title>%s</title>\n", esc(title))
	fmt.Fprintf(&b, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n", svgWidth, h)
	for i, p := range panels {
		p.draw(&b, 0, float64(i*panelHeight), svgWidth, panelHeight)
	}
	b.WriteString("</svg>\n")
	return b.Bytes()
}

// draw writes the panel into the box at (x0, y0) of size w×h.
func (c *lineChart) draw(b *bytes.Buffer, x0, y0, w, h float64) {
	px0, px1 := x0+marginLeft, x0+w-marginRight
	py0, py1 := y0+marginTop, y0+h-marginBottom // top, bottom
	sx := func(v float64) float64 { return px0 + (px1-px0)*frac(v, c.xMin, c.xMax, c.xLog) }
	sy := func(v float64) float64 { return py1 - (py1-py0)*frac(v, c.yMin, c.yMax, c.yLog) }

	b.WriteString("<g class=\"panel\">\n")
	fmt.Fprintf(b, "<text x=\"%s\" y=\"%s\" font-size=\"14\" font-weight=\"bold\">%s</text>\n", f1(px0), f1(y0+20), esc(c.title))
	b.WriteString("<g class=\"grid\" stroke=\"#e0e0e0\" stroke-width=\"1\">\n")
	for _, t := range c.xTicks {
		fmt.Fprintf(b, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\"/>\n", f1(sx(t.v)), f1(py0), f1(sx(t.v)), f1(py1))
	}
	for _, t := range c.yTicks {
		fmt.Fprintf(b, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\"/>\n", f1(px0), f1(sy(t.v)), f1(px1), f1(sy(t.v)))
	}
	b.WriteString("</g>\n")
	fmt.Fprintf(b, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"none\" stroke=\"#333333\"/>\n", f1(px0), f1(py0), f1(px1-px0), f1(py1-py0))
	b.WriteString("<g class=\"ticks\" fill=\"#333333\">\n")
	for _, t := range c.xTicks {
		fmt.Fprintf(b, "<text x=\"%s\" y=\"%s\" text-anchor=\"middle\">%s</text>\n", f1(sx(t.v)), f1(py1+16), esc(t.label))
	}
	for _, t := range c.yTicks {
		fmt.Fprintf(b, "<text x=\"%s\" y=\"%s\" text-anchor=\"end\">%s</text>\n", f1(px0-6), f1(sy(t.v)+4), esc(t.label))
	}
	b.WriteString("</g>\n")
	fmt.Fprintf(b, "<text x=\"%s\" y=\"%s\" text-anchor=\"middle\">%s</text>\n", f1((px0+px1)/2), f1(py1+38), esc(c.xLabel))
	ly := (py0 + py1) / 2
	fmt.Fprintf(b, "<text x=\"%s\" y=\"%s\" text-anchor=\"middle\" transform=\"rotate(-90 %s %s)\">%s</text>\n", f1(x0+18), f1(ly), f1(x0+18), f1(ly), esc(c.yLabel))

	for i, s := range c.series {
		fmt.Fprintf(b, "<polyline class=\"series\" fill=\"none\" %s stroke-width=\"%s\" stroke-linejoin=\"round\" points=\"", s.style(i), s.strokeWidth())
		for j, p := range s.pts {
			if j > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(f1(sx(p.x)) + "," + f1(sy(p.y)))
		}
		fmt.Fprintf(b, "\"><title>%s</title></polyline>\n", esc(s.name))
		if s.markers {
			fmt.Fprintf(b, "<g class=\"markers\" fill=\"%s\">", s.colorOf(i))
			for _, p := range s.pts {
				fmt.Fprintf(b, "<circle cx=\"%s\" cy=\"%s\" r=\"3\"/>", f1(sx(p.x)), f1(sy(p.y)))
			}
			b.WriteString("</g>\n")
		}
	}
	for _, m := range c.markers {
		x := f1(sx(m.x))
		fmt.Fprintf(b, "<g class=\"marker\"><line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#d62728\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>", x, f1(py0), x, f1(py1))
		fmt.Fprintf(b, "<text x=\"%s\" y=\"%s\" fill=\"#d62728\" font-size=\"11\">%s</text><title>%s</title></g>\n", f1(sx(m.x)+3), f1(py0+12), esc(m.label), esc(m.label))
	}
	b.WriteString("<g class=\"legend\">\n")
	for i, s := range c.series {
		y := py0 + 8 + float64(i)*18
		fmt.Fprintf(b, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" %s stroke-width=\"3\"/>\n", f1(px1+12), f1(y), f1(px1+34), f1(y), s.style(i))
		fmt.Fprintf(b, "<text x=\"%s\" y=\"%s\">%s</text>\n", f1(px1+40), f1(y+4), esc(s.name))
	}
	b.WriteString("</g>\n</g>\n")
}

// frac is where v lies between lo and hi, 0–1 (clamped), on a linear or
// logarithmic scale.
func frac(v, lo, hi float64, log bool) float64 {
	if log {
		if v <= 0 {
			return 0
		}
		v, lo, hi = math.Log10(v), math.Log10(lo), math.Log10(hi)
	}
	if hi <= lo || math.IsNaN(v) {
		return 0
	}
	return math.Max(0, math.Min(1, (v-lo)/(hi-lo)))
}

// f1 formats a coordinate with one decimal.
func f1(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		v = 0
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// esc escapes s for XML text and attributes.
func esc(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s)) // writes into memory: cannot fail
	return b.String()
}

// linearAxis returns a range from 0 to a round number at or above max with
// about five labelled ticks.
func linearAxis(max float64) (hi float64, ticks []tick) {
	if !(max > 0) || math.IsInf(max, 0) {
		max = 1
	}
	step := niceStep(max / 5)
	n := math.Ceil(max/step - 1e-9)
	hi = n * step
	places := 0
	if step < 1 {
		places = int(math.Ceil(-math.Log10(step) - 1e-9))
	}
	for i := 0.0; i <= n; i++ {
		v := i * step
		ticks = append(ticks, tick{v, Num(v, places)})
	}
	return hi, ticks
}

// dataAxis returns an axis from lo to hi, the data's own range (for time,
// whose first point is at the end of the first second, not at 0), with a
// tick at lo and at the multiples of a round step between.
func dataAxis(lo, hi float64) (min, max float64, ticks []tick) {
	if !(hi > lo) {
		return lo, lo + 1, []tick{{lo, Num(lo, 0)}, {lo + 1, Num(lo+1, 0)}}
	}
	step := niceStep((hi - lo) / 5)
	places := 0
	if step < 1 {
		places = int(math.Ceil(-math.Log10(step) - 1e-9))
	}
	ticks = append(ticks, tick{lo, Num(lo, places)})
	for v := math.Ceil(lo/step-1e-9) * step; v <= hi*(1+1e-9); v += step {
		if v-lo >= step/2 {
			ticks = append(ticks, tick{v, Num(v, places)})
		}
	}
	return lo, hi, ticks
}

// niceStep rounds s up to 1, 2 or 5 times a power of ten.
func niceStep(s float64) float64 {
	if !(s > 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(s)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= s*(1-1e-9) {
			return m * p
		}
	}
	return 10 * p
}

// logAxis returns the decades enclosing [lo, hi] (lo > 0), with a tick at
// each decade.
func logAxis(lo, hi float64) (min, max float64, ticks []tick) {
	a := math.Floor(math.Log10(lo) + 1e-9)
	z := math.Ceil(math.Log10(hi) - 1e-9)
	if z <= a {
		z = a + 1
	}
	for e := a; e <= z; e++ {
		v := math.Pow(10, e)
		places := 0
		if e < 0 {
			places = int(-e)
		}
		ticks = append(ticks, tick{v, Num(v, places)})
	}
	return math.Pow(10, a), math.Pow(10, z), ticks
}
