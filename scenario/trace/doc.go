// Package trace reads production cache traces as a stream of requests:
// Twitter's in-memory cache traces (CSV), libCacheSim's oracleGeneral
// binary records and plain CSV with a header, each plain, gzip or zstd
// compressed, detected from the file or named. Memory does not grow with
// the file: a Reader holds one buffered line (or record) at a time. Lines
// it cannot parse are skipped and counted with the first few reasons.
//
// Stats characterises a trace the way the published per-cluster tables
// do (docs/traces.md). Replaying a trace against a deployment is
// package scenario's (it feeds the requests to its cache-aside workers).
package trace
