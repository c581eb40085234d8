package bench

import (
	"fmt"
	"io"
	"strings"
	"time"
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
	name     string
	warmup   time.Duration // > 0 while warming up: time until measurement starts
	elapsed  time.Duration // since the start of measurement
	duration time.Duration // Config.Duration (0 = none)
	target   int64         // Config.Ops (0 = none)
	covered  time.Duration // time the counts cover (complete intervals)
	counts   intervalCounts
	p99      time.Duration // read p99 of the latest interval
	rate     float64       // Config.Rate: the open loop's target, 0 = closed loop
	done     string        // "" while running, "done" or "interrupted" at the end
}

// line formats s, e.g.
// "reads  3.0s/10.0s  12000 ops/s  hit 87.3%  p99 read 1.20ms  errors 0  7.0s left".
func (s progressStats) line() string {
	var b strings.Builder
	if s.name != "" {
		b.WriteString(s.name)
		b.WriteString("  ")
	}
	if s.warmup > 0 {
		fmt.Fprintf(&b, "warm-up, measuring in %s", seconds(s.warmup))
		return b.String()
	}
	b.WriteString(seconds(s.elapsed))
	if s.duration > 0 && s.done == "" {
		b.WriteString("/" + seconds(s.duration))
	}
	if s.target > 0 {
		fmt.Fprintf(&b, "  %d/%d ops", s.counts.ops, s.target)
	}
	rate := 0.0
	if s.covered > 0 {
		rate = float64(s.counts.ops) / s.covered.Seconds()
		fmt.Fprintf(&b, "  %.0f ops/s", rate)
	} else {
		b.WriteString("  - ops/s")
	}
	if s.rate > 0 {
		fmt.Fprintf(&b, " (target %.0f)", s.rate)
	}
	if s.counts.reads > 0 {
		fmt.Fprintf(&b, "  hit %.1f%%", 100*float64(s.counts.hits)/float64(s.counts.reads))
	} else {
		b.WriteString("  hit -")
	}
	fmt.Fprintf(&b, "  p99 read %.2fms", float64(s.p99)/float64(time.Millisecond))
	fmt.Fprintf(&b, "  errors %d", s.counts.errors)
	if s.done != "" {
		b.WriteString("  " + s.done)
		return b.String()
	}
	left, known := time.Duration(-1), false
	if s.duration > 0 {
		left, known = max(s.duration-s.elapsed, 0), true
	}
	if s.target > 0 && rate > 0 {
		byOps := time.Duration(float64(max(s.target-s.counts.ops, 0)) / rate * float64(time.Second))
		if !known || byOps < left {
			left, known = byOps, true
		}
	}
	if known {
		b.WriteString("  " + seconds(left) + " left")
	}
	return b.String()
}

// seconds formats d as seconds with one decimal, e.g. "3.0s".
func seconds(d time.Duration) string {
	return fmt.Sprintf("%.1fs", d.Seconds())
}

// update shows the state of the run from what c has collected.
func (p *progress) update(c *collector) {
	now := p.cfg.Now()
	s := progressStats{
		name:     p.cfg.Name,
		elapsed:  max(now.Sub(p.start), 0),
		duration: p.cfg.Duration,
		target:   p.cfg.Ops,
		covered:  time.Duration(c.base) * c.interval,
		counts:   c.total,
		p99:      c.lastP99,
		rate:     p.cfg.Rate,
	}
	if now.Before(p.start) {
		s.warmup = p.start.Sub(now)
	}
	p.show(s.line())
}

// final shows the line for res and ends it with a newline.
func (p *progress) final(res *Result) {
	s := progressStats{
		name:    res.Name,
		elapsed: res.Elapsed,
		covered: res.Elapsed,
		counts: intervalCounts{
			ops:    res.Ops,
			reads:  res.Reads(),
			hits:   res.Hits,
			errors: res.ErrorCount(),
		},
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
	if n := len(line); n < p.width {
		pad = strings.Repeat(" ", p.width-n)
	}
	p.width = len(line)
	_, _ = io.WriteString(p.w, "\r"+line+pad)
}
