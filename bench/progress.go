package bench

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// progress writes the live progress line. It is used by one goroutine at a
// time: the collector goroutine during the run, then Run for the final line.
type progress struct {
	w     io.Writer
	cfg   Config
	start time.Time // measurement start
	width int       // of the line on screen, to blank what a shorter one leaves
}

// progressStats is what one progress line shows.
type progressStats struct {
	label    string        // Config.Label, else Config.Name
	warmup   time.Duration // > 0 while warming up: time until measurement starts
	elapsed  time.Duration // since the start of measurement
	duration time.Duration // Config.Duration (0 = none)
	target   int64         // Config.Ops (0 = none)
	ops      int64         // measured operations so far (complete intervals)
	errors   int64         // failed operations so far (complete intervals)
	// last is the latest complete interval, span its length; span 0 while
	// none is complete. At the end: the whole run.
	last intervalCounts
	span time.Duration
	p99  time.Duration // read p99 over last
	rate float64       // Config.Rate: the open loop's target, 0 = closed loop
	done string        // "" while running, "done" or "interrupted" at the end
}

// progressWidth is the most columns the line takes: one line of a
// terminal of 80, with one column spare for the cursor.
const progressWidth = 79

// line formats s within progressWidth columns, the label shortened to fit,
// e.g. "plain/default  3.0s/8.0s  41422 ops/s  hit 95.5%  p99 7.75ms  err 0  5.0s left".
// The figures are the last complete second's (the whole run's at the
// end), shown only once one is complete; errors are counted so far.
func (s progressStats) line() string {
	var b strings.Builder
	switch {
	case s.warmup > 0:
		fmt.Fprintf(&b, "warm-up, measuring in %s", seconds(s.warmup))
		if s.duration > 0 {
			fmt.Fprintf(&b, " for %s", seconds(s.duration))
		}
		return fit(s.label, b.String())
	case s.done != "":
		b.WriteString(seconds(s.elapsed) + " " + s.done + ":")
	default:
		b.WriteString(seconds(s.elapsed))
		if s.duration > 0 {
			b.WriteString("/" + seconds(s.duration))
		}
	}
	if s.target > 0 && s.done == "" {
		fmt.Fprintf(&b, "  %d/%d ops", s.ops, s.target)
	}
	rate := 0.0
	if s.span > 0 {
		rate = float64(s.last.ops) / s.span.Seconds()
		fmt.Fprintf(&b, "  %.0f ops/s", rate)
		if s.rate > 0 {
			fmt.Fprintf(&b, " of %.0f", s.rate)
		}
		if s.last.reads > 0 {
			fmt.Fprintf(&b, "  hit %.1f%%  p99 %s", 100*float64(s.last.hits)/float64(s.last.reads), millis(s.p99))
		}
		fmt.Fprintf(&b, "  err %d", s.errors)
	} else if s.done == "" {
		b.WriteString("  measuring")
	}
	if s.done != "" {
		return fit(s.label, b.String())
	}
	left, known := time.Duration(-1), false
	if s.duration > 0 {
		left, known = max(s.duration-s.elapsed, 0), true
	}
	if s.target > 0 && rate > 0 {
		byOps := time.Duration(float64(max(s.target-s.ops, 0)) / rate * float64(time.Second))
		if !known || byOps < left {
			left, known = byOps, true
		}
	}
	if known {
		b.WriteString("  " + seconds(left) + " left")
	}
	return fit(s.label, b.String())
}

// minLabel is the fewest columns the label keeps when the line is long.
const minLabel = 16

// fit joins label and rest within progressWidth columns: the label is
// shortened first (its end kept: the workload), to no fewer than minLabel
// columns, then the rest's last fields are left out.
func fit(label, rest string) string {
	width := utf8.RuneCountInString
	if label != "" {
		room := max(progressWidth-width(rest)-2, min(width(label), minLabel))
		if r := []rune(label); len(r) > room {
			label = "…" + string(r[len(r)-(room-1):])
		}
	}
	avail := progressWidth
	if label != "" {
		avail -= width(label) + 2
	}
	fields := strings.Split(rest, "  ")
	for len(fields) > 1 && width(strings.Join(fields, "  ")) > avail {
		fields = fields[:len(fields)-1]
	}
	rest = strings.Join(fields, "  ")
	if r := []rune(rest); len(r) > avail {
		rest = string(r[:avail])
	}
	if label == "" {
		return rest
	}
	return label + "  " + rest
}

// millis formats d in milliseconds with 3 significant digits or more.
func millis(d time.Duration) string {
	ms := float64(d) / float64(time.Millisecond)
	switch {
	case ms >= 100:
		return fmt.Sprintf("%.0fms", ms)
	case ms >= 10:
		return fmt.Sprintf("%.1fms", ms)
	}
	return fmt.Sprintf("%.2fms", ms)
}

// seconds formats d as seconds with one decimal, e.g. "3.0s".
func seconds(d time.Duration) string {
	return fmt.Sprintf("%.1fs", d.Seconds())
}

// update shows the state of the run from what c has collected.
func (p *progress) update(c *collector) {
	now := p.cfg.Now()
	s := progressStats{
		label:    p.label(),
		elapsed:  max(now.Sub(p.start), 0),
		duration: p.cfg.Duration,
		target:   p.cfg.Ops,
		ops:      c.total.ops,
		errors:   c.total.errors,
		rate:     p.cfg.Rate,
	}
	if n := len(c.points); n > 0 {
		last := c.points[n-1]
		s.last = intervalCounts{ops: last.Ops, reads: last.Reads, hits: last.Hits, errors: last.Errors}
		s.span, s.p99 = c.interval, last.P99
	}
	if now.Before(p.start) {
		s.warmup = p.start.Sub(now)
	}
	p.show(s.line())
}

// label names the run on the line: Config.Label, else Config.Name.
func (p *progress) label() string {
	if p.cfg.Label != "" {
		return p.cfg.Label
	}
	return p.cfg.Name
}

// final shows the line for res, its figures over the whole run, and ends
// it with a newline.
func (p *progress) final(res *Result) {
	s := progressStats{
		label:   p.label(),
		elapsed: res.Elapsed,
		ops:     res.Ops,
		errors:  res.ErrorCount(),
		last: intervalCounts{
			ops:   res.Ops,
			reads: res.Reads(),
			hits:  res.Hits,
		},
		span: res.Elapsed,
		p99:  time.Duration(res.Read.ValueAtQuantile(99)),
		rate: res.TargetRate,
		done: "done",
	}
	if res.Interrupted {
		s.done = "interrupted"
	}
	p.show(s.line())
	_, _ = io.WriteString(p.w, "\n")
}

// show overwrites the line on screen with line.
func (p *progress) show(line string) {
	pad := ""
	n := utf8.RuneCountInString(line)
	if n < p.width {
		pad = strings.Repeat(" ", p.width-n)
	}
	p.width = n
	_, _ = io.WriteString(p.w, "\r"+line+pad)
}
