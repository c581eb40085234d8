// Package gate gives the verdicts on saved reports: the regression check of
// `bench compare` (a run against a baseline, metric by metric: a relative
// threshold, a noise floor from the repeats' spread and the Poisson noise of
// counted events, and a Mann-Whitney U test), whether the runs compared can
// be trusted at all, the absolute thresholds of `bench run --threshold` and
// the latency objectives of `bench capacity --slo`. Thresholds and SLOs
// share one grammar, METRIC OP LIMIT ("read.p99<2ms", "hit_ratio>0.9"), and
// every figure is read with the metric table of package report
// (report.LookupMetric).
//
// It reads report.json (package report) and never imports go-redis or
// scenario.
package gate
