// Package bench applies load: it runs workers that execute a Workload's
// operations (closed loop for now), measures every operation itself into
// per-worker HDR histograms and counters (a Recorder each, no lock shared
// between workers), merges them once at the end, builds the time series
// from each worker's finished intervals, and shows progress. It knows
// nothing of Redis or of output formats: a Workload is anything that can
// perform one operation, and a Result is plain data.
//
// An operation belongs to the warm-up or to the measurement, and to a
// time-series interval, by the time it started.
package bench
