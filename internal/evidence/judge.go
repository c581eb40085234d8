package evidence

import (
	"math"
)

// Sample is one side's measurements of a metric.
type Sample struct {
	// Values are the metric's value in each repeat (for counted events
	// the rate, Per events per trial).
	Values []float64
	// Events and Trials are, for counted events, the totals over the
	// repeats: stale reads and reads, errors and operations.
	Events, Trials int64
}

// Outcome is what a comparison of two samples found.
type Outcome string

// Outcomes of Judge.
const (
	// Same: the change is within the relative threshold.
	Same Outcome = "same"
	// Noise: past the threshold, but within the noise floor or not
	// significant.
	Noise Outcome = "noise"
	// Inconclusive: past threshold and noise floor, but the repeats are
	// too few for the test and the change is not gross.
	Inconclusive Outcome = "inconclusive"
	// Differs: a difference shown by evidence.
	Differs Outcome = "differs"
)

// Tests that can decide Differs or Noise past the noise floor.
const (
	TestMannWhitney = "mann-whitney" // the U test on the repeats
	TestCounts      = "counts"       // CountTest on the events' totals
	TestGross       = "gross"        // a change by Rule.Gross or more
)

// Judgement is the outcome of Judge.
type Judgement struct {
	// Base and Current are the medians of the samples.
	Base, Current float64
	// Change is (Current − Base) / |Base|.
	Change float64
	// Noise is the noise floor applied: the largest of the rule's
	// absolute floor, SpreadAllowance times the widest range of the
	// repeats on either side and, for counted events, twice their Poisson
	// noise.
	Noise float64
	// Worse is true when Current is worse than Base.
	Worse bool
	// P is the p-value of the test that decided, NaN when none did.
	P float64
	// Test names what decided past the noise floor ("" when nothing
	// did): TestMannWhitney, TestCounts or TestGross.
	Test string
	// Need is, for an Inconclusive outcome, the repeats on each side
	// with which the U test could decide.
	Need    int
	Outcome Outcome
}

// SpreadAllowance scales the widest range of one side's repeats into the
// noise floor. Repeats within a run show how far the machine moves in
// seconds; between two runs made one after the other it moves further
// (other work starts or stops). On a shared 2-core machine, a floor of half
// the range let 5 of 40 identical pairs at --repeat 6 through the U test
// as regressions, the whole range 2, 1.5 ranges none; 20 later pairs
// drifted up to 1.57 ranges in throughput, so 2 (docs/ci-gate.md).
const SpreadAllowance = 2

// Judge compares two samples of one metric under rule r at significance
// level alpha. A difference is shown (Differs) when the change of the
// medians is beyond the relative threshold, beyond the noise floor, and
// either, with repeats enough for the U test (CanDecide), the test finds
// the samples different at alpha; or, for counted events with fewer
// repeats, CountTest does; or, for other metrics with fewer repeats, the
// change is by a factor of r.Gross or more and beyond GrossFloors noise
// floors. A change past threshold and
// floor that none of these can decide is Inconclusive, with the repeats
// that would decide. Both samples must have values.
func Judge(base, cur Sample, r Rule, alpha float64) Judgement {
	j := Judgement{Base: Median(base.Values), Current: Median(cur.Values), P: math.NaN()}
	j.Change = RelChange(j.Base, j.Current)
	j.Noise = max(r.Floor, SpreadAllowance*2*max(HalfRange(base.Values), HalfRange(cur.Values)), poissonNoise(r, base, cur))
	dir := -1.0
	if r.Higher {
		dir = 1
	}
	j.Worse = (j.Current-j.Base)*dir < 0
	switch {
	case math.Abs(j.Change) <= r.MaxChange:
		j.Outcome = Same
		return j
	case math.Abs(j.Current-j.Base) <= j.Noise:
		j.Outcome = Noise
		return j
	}
	decided := func(test string, p float64) Judgement {
		j.Test, j.P, j.Outcome = test, p, Noise
		if p < alpha {
			j.Outcome = Differs
		}
		return j
	}
	switch {
	case CanDecide(len(base.Values), len(cur.Values), alpha):
		_, p, _ := MannWhitney(base.Values, cur.Values) // p is 1 on an error
		return decided(TestMannWhitney, p)
	case r.Per > 0:
		return decided(TestCounts, CountTest(base.Events, base.Trials, cur.Events, cur.Trials))
	case r.Gross > 0 && Factor(j.Base, j.Current) >= r.Gross && math.Abs(j.Current-j.Base) > GrossFloors*j.Noise:
		j.Test, j.Outcome = TestGross, Differs
		return j
	}
	j.Outcome, j.Need = Inconclusive, MinRepeats(alpha)
	return j
}

// poissonNoise is, for counted events, twice the standard deviation of
// the difference of the two sides' rates when the counts are Poisson: the
// noise of counting rare events. 0 for other metrics.
func poissonNoise(r Rule, base, cur Sample) float64 {
	if r.Per <= 0 {
		return 0
	}
	variance := 0.0
	for _, s := range []Sample{base, cur} {
		if s.Trials > 0 {
			variance += float64(s.Events) / (float64(s.Trials) * float64(s.Trials))
		}
	}
	return 2 * r.Per * math.Sqrt(variance)
}
