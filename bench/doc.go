// Package bench applies load: it runs workers that execute a Workload's
// operations, measures every operation itself into per-worker HDR
// histograms and counters (a Recorder each, no lock shared between
// workers), merges them once at the end, builds the time series from each
// worker's finished intervals, and shows progress. It knows nothing of
// Redis or of output formats: a Workload is anything that can perform one
// operation, and a Result is plain data.
//
// The load is a closed loop (Config.Rate 0: each worker starts its next
// operation when the previous one ends) or an open loop at a fixed arrival
// rate (Config.Rate > 0): a Pacer fixes every operation's intended start
// in advance, constant or Poisson, and latencies are measured from it, so
// a stall of the server shows in them instead of slowing the load down
// (coordinated omission). The open loop also measures service time, lag
// and the achieved rate, and says when a run is Invalid. A caller's
// Schedule may give the intended starts instead of a rate (a replayed
// trace's clock); a workload with UntilDone ends the run itself
// (ErrDone).
//
// An operation belongs to the warm-up or to the measurement, and to a
// time-series interval, by the time it started: its intended start time in
// the open loop.
//
// The engine measures itself too (ClientStats: CPU, GC pauses), and
// SearchCapacity finds the highest rate that meets an objective, judged by
// the caller (Judge), by running the load at rate after rate.
//
// The engine is meant not to be what limits a run: a worker reads the
// clock once per operation in the closed loop, records into sparse
// histograms (sparse.go: HdrHistogram's buckets, allocated where values
// fall, so memory stays small however many workers run) and allocates
// nothing per operation. Config.NoRecord turns recording off to measure
// what it costs; a Preparer workload sets up (e.g. fills a cache) before
// the clock starts.
package bench
