package report

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"time"
)

// Slowlog is what the servers' slow logs (SLOWLOG) gained during a
// workload's measured window.
type Slowlog struct {
	// Entries counts the entries logged during the window, by the log's
	// ids (so entries already pushed out of the log count too), the
	// sampler's own INFO, LATENCY and SLOWLOG left out where read.
	// AtLeast: a lower bound (a log empty at the start and full at the
	// end).
	Entries int64 `json:"entries"`
	AtLeast bool  `json:"at_least,omitempty"`
	// Slowest are the slowest entries, slowest first, at most 5.
	Slowest []SlowlogEntry `json:"slowest,omitempty"`
}

// SlowlogEntry is one slow log entry.
type SlowlogEntry struct {
	Node string    `json:"node"`
	ID   int64     `json:"id"`
	At   time.Time `json:"at"`
	// DurationMs is the command's execution time as the server logged it.
	DurationMs float64 `json:"duration_ms"`
	// Command is the command and its first arguments, cut.
	Command string `json:"command"`
}

// slowlogKept is how many entries combined repeats keep.
const slowlogKept = 5

// combineSlowlogs adds up the repeats' slow logs; nil unless every repeat
// has one.
func combineSlowlogs(parts []*Workload) *Slowlog {
	sum := &Slowlog{}
	for _, p := range parts {
		if p.Slowlog == nil {
			return nil
		}
		sum.Entries += p.Slowlog.Entries
		sum.AtLeast = sum.AtLeast || p.Slowlog.AtLeast
		sum.Slowest = append(sum.Slowest, p.Slowlog.Slowest...)
	}
	slices.SortStableFunc(sum.Slowest, func(a, b SlowlogEntry) int { return cmp.Compare(b.DurationMs, a.DurationMs) })
	sum.Slowest = slices.Clip(sum.Slowest[:min(len(sum.Slowest), slowlogKept)])
	return sum
}

// slowlogSection lists the slow log entries of the window; nothing when
// there are none.
func slowlogSection(b *bytes.Buffer, w *Workload) {
	s := w.Slowlog
	if s == nil || s.Entries == 0 {
		return
	}
	atLeast := ""
	if s.AtLeast {
		atLeast = "at least "
	}
	fmt.Fprintf(b, "Slow log: %s%d entries during the measured window", atLeast, s.Entries)
	b.WriteString("; the slowest:\n\n| node | id | at | duration (ms) | command |\n|---|---:|---|---:|---|\n")
	for _, e := range s.Slowest {
		fmt.Fprintf(b, "| %s | %d | %s | %s | %s |\n", Cell(e.Node), e.ID, e.At.UTC().Format(time.RFC3339), Num(e.DurationMs, 3), Code(e.Command))
	}
	b.WriteString("\n")
}
