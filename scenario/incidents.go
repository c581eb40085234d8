package scenario

import (
	"context"
	"slices"
	"time"

	"github.com/cacheaside/bench/bench"
)

// What a fault cost is read off the moments operations failed and reads
// were stale (report.Fault): each worker notes them privately while the
// workload measures, and Incidents gathers them after the run. Only the
// failure path and stale reads pay for it.

// ErrorIncident is one failed operation of the measured window.
type ErrorIncident struct {
	// At is when it failed, since the start of measurement.
	At time.Duration
	// Kind is its error kind (CacheAside.ErrorKind).
	Kind string
	// Write says it was a write (source update and invalidation), not a read.
	Write bool
}

// Incidents are the measured window's failed operations and stale reads,
// each in time order.
type Incidents struct {
	Errors []ErrorIncident
	// Stale are the moments reads returned a stale value, since the start
	// of measurement.
	Stale []time.Duration
}

// maxIncidents bounds each worker's notes of each sort; beyond it the
// earliest are kept (the report's counters stay exact).
const maxIncidents = 200_000

// incidentLog is one worker's notes.
type incidentLog struct {
	errs  []ErrorIncident
	stale []time.Duration
}

// since returns the time since the start of measurement, and false before
// it (during the warm-up).
func (c *CacheAside) since() (time.Duration, bool) {
	start := c.measureStart.Load()
	if start == 0 {
		return 0, false
	}
	return mono() - time.Duration(start), true
}

// noteError notes a failed operation of the measured window.
func (w *worker) noteError(ctx context.Context, out bench.Outcome, err error) {
	at, ok := w.ca.since()
	if !ok || ctx.Err() != nil || len(w.log.errs) >= maxIncidents {
		return
	}
	w.log.errs = append(w.log.errs, ErrorIncident{At: at, Kind: w.ca.ErrorKind(err), Write: out == bench.Write})
}

// noteStale notes a stale read of the measured window.
func (w *worker) noteStale() {
	at, ok := w.ca.since()
	if !ok || len(w.log.stale) >= maxIncidents {
		return
	}
	w.log.stale = append(w.log.stale, at)
}

// Incidents returns the notes of every worker, merged in time order. Call
// it after the run, when no worker is running.
func (c *CacheAside) Incidents() Incidents {
	var in Incidents
	c.workersMu.Lock()
	for _, w := range c.workers {
		in.Errors = append(in.Errors, w.log.errs...)
		in.Stale = append(in.Stale, w.log.stale...)
	}
	c.workersMu.Unlock()
	slices.SortFunc(in.Errors, func(a, b ErrorIncident) int { return int(a.At - b.At) })
	slices.Sort(in.Stale)
	return in
}
