// Package bench applies load: it runs workers that execute a Workload's
// operations (closed loop for now), records their latencies into per-worker
// HDR histograms and counters, merges them once at the end and once a second
// for the time series, and shows progress. It knows nothing of Redis or of
// output formats: a Workload is anything that can perform one operation.
package bench
