package gate

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/cacheaside/bench/report"
)

// Default parameters of Regress.
const (
	// DefaultAlpha is the significance level of the Mann-Whitney U test,
	// as in benchstat.
	DefaultAlpha = 0.05
	// DefaultMinRepeats is the fewest repeats on each side for the U test
	// to be applied (with 4 and 4 the smallest two-sided p is 2/70 < 0.05).
	DefaultMinRepeats = 4
)

// RegressOptions tunes Regress. Zero values mean the defaults.
type RegressOptions struct {
	// MaxRegression overrides metrics' default relative thresholds, by
	// key (see ParseMaxRegression); default RegressMetric.MaxRegression.
	MaxRegression map[string]float64
	// MaxErrorRate is the fraction of failed operations above which a run
	// is invalid; default DefaultMaxErrorRate (to allow no error at all,
	// give a tiny fraction such as 1e-9).
	MaxErrorRate float64
	// Alpha is the U test's significance level; default DefaultAlpha.
	Alpha float64
	// MinRepeats is the fewest repeats on each side for the U test to be
	// applied; with fewer, threshold and noise floor decide alone; default
	// DefaultMinRepeats.
	MinRepeats int
}

// withDefaults returns o with its zero fields set to the defaults.
func (o RegressOptions) withDefaults() RegressOptions {
	if o.MaxErrorRate <= 0 {
		o.MaxErrorRate = DefaultMaxErrorRate
	}
	if o.Alpha <= 0 {
		o.Alpha = DefaultAlpha
	}
	if o.MinRepeats <= 0 {
		o.MinRepeats = DefaultMinRepeats
	}
	return o
}

// Verdict is the outcome of comparing one metric.
type Verdict string

// Verdicts of a metric.
const (
	// VerdictOK: the change is within the relative threshold.
	VerdictOK Verdict = "ok"
	// VerdictNoise: past the threshold, but within the noise floor or
	// not statistically significant.
	VerdictNoise Verdict = "noise"
	// VerdictBetter: an improvement past threshold, floor and test.
	VerdictBetter Verdict = "better"
	// VerdictRegression: worse past threshold, floor and test.
	VerdictRegression Verdict = "regression"
	// VerdictMissing: measured on one side only.
	VerdictMissing Verdict = "missing"
	// VerdictNotJudged: one of the runs is invalid, so the change says
	// nothing.
	VerdictNotJudged Verdict = "not judged"
)

// Regression is the outcome of Regress: every workload of the baseline
// (and those only in the current run) with its metrics' verdicts.
type Regression struct {
	Base, Current RunInfo
	// Notes are findings about the comparison itself (scenarios differ,
	// targets matched by position, …).
	Notes     []string
	Workloads []WorkloadComparison
	// Options are the options used, defaults filled in.
	Options RegressOptions
}

// RunInfo identifies one side of a comparison.
type RunInfo struct {
	RunID     string
	StartedAt time.Time
	// Scenario is the scenario's name, "" when unknown.
	Scenario string
}

// WorkloadComparison is one workload of one target on both sides.
type WorkloadComparison struct {
	Target, Workload string
	// BaseRepeats and CurrentRepeats are the samples on each side, 0
	// when the workload is missing there.
	BaseRepeats, CurrentRepeats int
	// Invalid says why either run cannot be trusted, each reason
	// prefixed with "base: " or "current: "; a workload missing from the
	// current run is invalid too. Empty when both are valid.
	Invalid []string
	// Metrics are the compared metrics, in RegressMetrics order; those
	// measured on neither side are left out.
	Metrics []MetricComparison
}

// MetricComparison is one metric of one workload on both sides.
type MetricComparison struct {
	// Metric is the metric compared.
	Metric *RegressMetric
	// Base and Current are the medians over the repeats; HasBase and
	// HasCurrent are false when a side did not measure the metric.
	Base, Current       float64
	HasBase, HasCurrent bool
	// Change is (Current − Base) / Base: ±Inf when Base is 0 and Current
	// is not, 0 when both are.
	Change float64
	// MaxRegression is the relative threshold applied.
	MaxRegression float64
	// Noise is the noise floor applied: the largest of the metric's
	// absolute floor, the repeats' spread (half their range) on either
	// side and, for counted events, twice their Poisson noise.
	Noise float64
	// P is the U test's p-value, NaN when the test was not applied.
	P float64
	// Verdict is the outcome; Why explains it in one line.
	Verdict Verdict
	Why     string
}

// Regress compares the current run with the baseline, workload by workload
// (matched by target name and workload name; when each report has a single
// target, those are matched whatever their names), metric by metric
// (RegressMetrics). A metric regressed when all three hold: it changed for
// the worse by more than its relative threshold, by more than the noise
// floor, and, with at least MinRepeats repeats on each side, a two-sided
// Mann-Whitney U test finds the samples different at level Alpha. Validity
// comes first: a workload whose run is invalid on either side (see
// InvalidReasons) or missing from the current run has its metrics not
// judged. Reports of another schema version are an error.
func Regress(base, cur *report.Report, o RegressOptions) (*Regression, error) {
	if base == nil || cur == nil {
		return nil, errors.New("gate: regress: a report is missing")
	}
	for _, r := range []*report.Report{base, cur} {
		if r.SchemaVersion != report.SchemaVersion {
			return nil, fmt.Errorf("gate: regress: run %s has schema_version %d; this version reads %d", r.RunID, r.SchemaVersion, report.SchemaVersion)
		}
	}
	o = o.withDefaults()
	limits := make(map[string]float64, len(o.MaxRegression))
	for k, v := range o.MaxRegression {
		m := findRegressMetric(k)
		if m == nil {
			return nil, fmt.Errorf("gate: regress: unknown metric %q in MaxRegression", k)
		}
		limits[m.Key] = v
	}
	o.MaxRegression = limits
	out := &Regression{Base: runInfo(base), Current: runInfo(cur), Options: o}
	if d := report.ScenarioDiff(base.Scenario, cur.Scenario); d != "" {
		out.Notes = append(out.Notes, "the scenarios differ ("+d+"): the comparison may measure that, not the change")
	}
	matchTarget := func(name string) *report.Target { return cur.Target(name) }
	if len(base.Targets) == 1 && len(cur.Targets) == 1 && base.Targets[0].Name != cur.Targets[0].Name {
		out.Notes = append(out.Notes, fmt.Sprintf("target %q of the baseline compared with target %q of the current run", base.Targets[0].Name, cur.Targets[0].Name))
		matchTarget = func(string) *report.Target { return &cur.Targets[0] }
	}
	seen := map[*report.Workload]bool{}
	for ti := range base.Targets {
		bt := &base.Targets[ti]
		ct := matchTarget(bt.Name)
		for wi := range bt.Workloads {
			bw := &bt.Workloads[wi]
			var cw *report.Workload
			if ct != nil {
				cw = ct.Workload(bw.Name)
			}
			if cw != nil {
				seen[cw] = true
			}
			out.Workloads = append(out.Workloads, compareWorkload(base, cur, bt, ct, bw, cw, o))
		}
	}
	for ti := range cur.Targets {
		ct := &cur.Targets[ti]
		for wi := range ct.Workloads {
			if cw := &ct.Workloads[wi]; !seen[cw] {
				out.Workloads = append(out.Workloads, compareWorkload(base, cur, nil, ct, nil, cw, o))
			}
		}
	}
	return out, nil
}

// compareWorkload compares one workload; bw or cw is nil when missing.
func compareWorkload(base, cur *report.Report, bt, ct *report.Target, bw, cw *report.Workload, o RegressOptions) WorkloadComparison {
	wc := WorkloadComparison{}
	var bs, cs []report.RepeatSummary
	if bw != nil {
		wc.Target, wc.Workload = bt.Name, bw.Name
		bs = report.Samples(bw)
		for _, s := range InvalidReasons(base, bt, bw, o.MaxErrorRate) {
			wc.Invalid = append(wc.Invalid, "base: "+s)
		}
	}
	if cw != nil {
		if bw == nil {
			wc.Target, wc.Workload = ct.Name, cw.Name
		}
		cs = report.Samples(cw)
		for _, s := range InvalidReasons(cur, ct, cw, o.MaxErrorRate) {
			wc.Invalid = append(wc.Invalid, "current: "+s)
		}
	} else {
		wc.Invalid = append(wc.Invalid, "current: the workload is missing from the current run")
	}
	wc.BaseRepeats, wc.CurrentRepeats = len(bs), len(cs)
	for i := range RegressMetrics {
		m := &RegressMetrics[i]
		mc, ok := judgeMetric(m, bs, cs, o)
		if !ok {
			continue
		}
		if len(wc.Invalid) > 0 {
			mc.Verdict, mc.Why = VerdictNotJudged, "an invalid or missing run is not judged"
		}
		wc.Metrics = append(wc.Metrics, mc)
	}
	return wc
}

// judgeMetric compares one metric's samples; ok is false when neither
// side measured it.
func judgeMetric(m *RegressMetric, base, cur []report.RepeatSummary, o RegressOptions) (mc MetricComparison, ok bool) {
	bv, cv := metricValues(m, base), metricValues(m, cur)
	mc = MetricComparison{Metric: m, HasBase: len(bv) > 0, HasCurrent: len(cv) > 0, P: math.NaN(), MaxRegression: m.MaxRegression}
	if v, ok := o.MaxRegression[m.Key]; ok {
		mc.MaxRegression = v
	}
	switch {
	case !mc.HasBase && !mc.HasCurrent:
		return mc, false
	case !mc.HasBase:
		mc.Current = median(cv)
		mc.Verdict, mc.Why = VerdictMissing, "not measured in the baseline"
		return mc, true
	case !mc.HasCurrent:
		mc.Base = median(bv)
		mc.Verdict, mc.Why = VerdictMissing, "not measured in the current run"
		return mc, true
	}
	mc.Base, mc.Current = median(bv), median(cv)
	mc.Change = relChange(mc.Base, mc.Current)
	mc.Noise = max(m.Floor, halfRange(bv), halfRange(cv), poissonNoise(m, base, cur))
	worse := (mc.Current-mc.Base)*float64(m.Better) < 0
	word, dir := VerdictBetter, "better"
	if worse {
		word, dir = VerdictRegression, "worse"
	}
	diff := math.Abs(mc.Current - mc.Base)
	switch {
	case math.Abs(mc.Change) <= mc.MaxRegression:
		mc.Verdict, mc.Why = VerdictOK, "within ±"+report.Pct(mc.MaxRegression, 0)
		return mc, true
	case diff <= mc.Noise:
		mc.Verdict = VerdictNoise
		mc.Why = fmt.Sprintf("%s by %s, within the noise floor ±%s", dir, report.Num(diff, m.Places), report.Num(mc.Noise, m.Places))
		return mc, true
	}
	why := fmt.Sprintf("%s by %s (> %s), beyond the noise floor ±%s", dir, magnitude(mc.Change), report.Pct(mc.MaxRegression, 0), report.Num(mc.Noise, m.Places))
	if len(bv) < o.MinRepeats || len(cv) < o.MinRepeats {
		mc.Verdict = word
		mc.Why = why + fmt.Sprintf("; no significance test with %d and %d repeats (needs %d each)", len(bv), len(cv), o.MinRepeats)
		return mc, true
	}
	_, p, err := MannWhitney(bv, cv)
	if err != nil {
		p = 1
	}
	mc.P = p
	if p >= o.Alpha {
		mc.Verdict = VerdictNoise
		mc.Why = fmt.Sprintf("%s by %s, not significant (p=%s ≥ %s)", dir, magnitude(mc.Change), pValue(p), report.Num(o.Alpha, 2))
		return mc, true
	}
	mc.Verdict, mc.Why = word, why+fmt.Sprintf(", p=%s", pValue(p))
	return mc, true
}

// metricValues extracts m from every sample that has it.
func metricValues(m *RegressMetric, samples []report.RepeatSummary) []float64 {
	var out []float64
	for i := range samples {
		if v, ok := m.value(&samples[i]); ok {
			out = append(out, v)
		}
	}
	return out
}

// poissonNoise is, for a metric of counted events, twice the standard
// deviation of the difference of the two sides' rates when the counts are
// Poisson: the noise of counting rare events. 0 for other metrics.
func poissonNoise(m *RegressMetric, base, cur []report.RepeatSummary) float64 {
	if m.per == nil {
		return 0
	}
	variance := 0.0
	for _, side := range [][]report.RepeatSummary{base, cur} {
		var n, per int64
		for i := range side {
			a, b := m.events(&side[i])
			n, per = n+a, per+b
		}
		if per > 0 {
			variance += float64(n) / (float64(per) * float64(per))
		}
	}
	return 2 * perK * math.Sqrt(variance)
}

// relChange is (cur − base) / base, ±Inf from a base of 0, 0 when both are 0.
func relChange(base, cur float64) float64 {
	switch {
	case base == cur:
		return 0
	case base == 0:
		return math.Inf(int(math.Copysign(1, cur)))
	}
	return (cur - base) / math.Abs(base)
}

// runInfo identifies r.
func runInfo(r *report.Report) RunInfo {
	return RunInfo{RunID: r.RunID, StartedAt: r.StartedAt, Scenario: r.ScenarioName()}
}
