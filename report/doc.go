// Package report holds the report.json file format (schema_version 1) and
// renders it for people: report.md (GitHub-flavoured Markdown, readable as a
// CI job summary, with an embedded Mermaid chart), SVG plots (latency
// percentile spectra in HdrHistogram's style and throughput/p99 over time),
// one .hgrm file per stored histogram (HdrHistogram's percentile format), a
// side-by-side comparison when a run has several targets, and the compact
// console Summary.
//
// It also holds what writes report.json from other reports: Merge combines
// the shards of a run and CombineRepeats the repeats of a workload, both by
// merging the stored histograms losslessly. The table of figures read off a
// workload (LookupMetric) is here too, so that rendering and the verdicts
// of package gate read them alike; the verdicts themselves are gate's.
//
// It reads results as plain data and never imports go-redis, scenario or
// gate.
// Every rendered file is a function of the Report alone, with fixed number
// formats and ordering, so Render on a saved report.json reproduces the
// files WriteAll wrote byte for byte.
package report
