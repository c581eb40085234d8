// Package evidence holds the statistics that decide whether a difference
// between two measurements stands out of the noise: the exact two-sided
// Mann-Whitney U test with ties (go-moremath, as benchstat), the fewest
// repeats with which it can reach significance, a test for counted events
// whose rate varies from run to run, the noise floors of the metrics, and
// the one rule that combines them (Judge).
//
// Both the gate (`bench compare`) and the report's side-by-side section
// judge differences with it, so a ✅ in a report and a verdict of compare
// rest on the same evidence. It works on plain numbers and imports nothing
// of the project.
package evidence
