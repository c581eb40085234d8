package main

import (
	"errors"
	"fmt"

	"github.com/cacheaside/bench/gate"
	"github.com/cacheaside/bench/report"
)

// errThresholdBreached: a --threshold of bench run was breached (exit 1);
// the console said which.
var errThresholdBreached = errors.New("threshold breached")

// parseThresholds parses the --threshold values of bench run (k6-style:
// 'read.p99<2ms', 'hit_ratio>0.9'). A malformed threshold or one on an
// unknown metric is a *usageError naming the accepted metrics.
func parseThresholds(list []string) ([]gate.Threshold, error) {
	out := make([]gate.Threshold, 0, len(list))
	for _, s := range list {
		t, err := gate.ParseThreshold(s)
		if err != nil {
			return nil, &usageError{"--threshold: " + err.Error()}
		}
		out = append(out, t)
	}
	return out, nil
}

// checkThresholds evaluates th on every workload of every target of r. It
// returns one line per breach, naming the threshold, the target and
// workload, the metric's value and the limit (a threshold that no workload
// measured is a breach too), and, when there is any, an error wrapping
// errThresholdBreached.
func checkThresholds(r *report.Report, th []gate.Threshold) (breaches []string, err error) {
	if r == nil {
		return nil, errors.New("check thresholds: no report")
	}
	for _, b := range gate.CheckThresholds(r, th) {
		breaches = append(breaches, b.String())
	}
	if len(breaches) > 0 {
		return breaches, fmt.Errorf("%w: %d breach(es), first: %s", errThresholdBreached, len(breaches), breaches[0])
	}
	return nil, nil
}
