package gate

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"time"

	"github.com/cacheaside/bench/internal/evidence"
	"github.com/cacheaside/bench/report"
)

// Default parameters of Regress.
const (
	// DefaultAlpha is the significance level of the Mann-Whitney U test,
	// as in benchstat; with it the test needs 4 repeats on each side
	// (evidence.MinRepeats: the smallest two-sided p of 4 and 4 is 2/70).
	DefaultAlpha = 0.05
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
	// Alpha is the significance level of the tests; default DefaultAlpha.
	Alpha float64
	// MapTarget matches targets named differently in the two runs: the
	// baseline's target OLD is compared with the current run's target
	// MapTarget[OLD] (--map-target OLD=NEW). Targets not in it are
	// matched by name.
	MapTarget map[string]string
}

// withDefaults returns o with its zero fields set to the defaults.
func (o RegressOptions) withDefaults() RegressOptions {
	if o.MaxErrorRate <= 0 {
		o.MaxErrorRate = DefaultMaxErrorRate
	}
	if o.Alpha <= 0 {
		o.Alpha = DefaultAlpha
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
	// VerdictInconclusive: past threshold and noise floor, but with too
	// few repeats for the significance test and not a gross change: the
	// evidence decides neither way.
	VerdictInconclusive Verdict = "inconclusive"
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
	// Change is (Current − Base) / |Base|: ±Inf when Base is 0 and Current
	// is not, 0 when both are.
	Change float64
	// MaxRegression is the relative threshold applied.
	MaxRegression float64
	// Noise is the noise floor applied: the largest of the metric's
	// absolute floor, the repeats' spread (evidence.SpreadAllowance times
	// the wider side's range) and, for counted events, twice their Poisson
	// noise.
	Noise float64
	// P is the p-value of the test that decided (the U test, or the count
	// test for counted events with few repeats), NaN when none did.
	P float64
	// Test names what decided past the noise floor: evidence.TestMannWhitney,
	// TestCounts or TestGross; "" when nothing did.
	Test string
	// Need is, for an inconclusive verdict, the repeats on each side with
	// which the U test could decide.
	Need int
	// Verdict is the outcome; Why explains it in one line.
	Verdict Verdict
	Why     string
}

// Regress compares the current run with the baseline, workload by workload
// (matched by target name and workload name; when each report has a single
// target, those are matched whatever their names), metric by metric
// (RegressMetrics), by evidence.Judge. A metric regressed when it changed
// for the worse by more than its relative threshold, by more than the noise
// floor, and the evidence shows it: with repeats enough (4 a side at α =
// 0.05) a two-sided exact Mann-Whitney U test at level Alpha; with fewer,
// for counted events a count test allowing for overdispersion, for the
// others a gross change (evidence.Gross). A change the evidence cannot
// decide is inconclusive. Validity
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
	matchTarget := func(name string) *report.Target { return cur.Target(mapped(o.MapTarget, name)) }
	for _, old := range slices.Sorted(maps.Keys(o.MapTarget)) {
		out.Notes = append(out.Notes, fmt.Sprintf("target %q of the baseline compared with target %q of the current run (--map-target)", old, o.MapTarget[old]))
	}
	if len(o.MapTarget) == 0 && len(base.Targets) == 1 && len(cur.Targets) == 1 && base.Targets[0].Name != cur.Targets[0].Name {
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

// mapped is the current run's name of the baseline's target name.
func mapped(m map[string]string, name string) string {
	if n, ok := m[name]; ok {
		return n
	}
	return name
}

// TargetMismatch lists the baseline's targets that no target of the
// current run matches (by name, or by mapping, see
// RegressOptions.MapTarget) and the current run's targets that match none
// of the baseline's. Two runs of one target each always match.
func TargetMismatch(base, cur *report.Report, mapping map[string]string) (baseOnly, curOnly []string) {
	if len(mapping) == 0 && len(base.Targets) == 1 && len(cur.Targets) == 1 {
		return nil, nil
	}
	matched := map[string]bool{}
	for _, t := range base.Targets {
		if n := mapped(mapping, t.Name); cur.Target(n) != nil {
			matched[n] = true
		} else {
			baseOnly = append(baseOnly, t.Name)
		}
	}
	for _, t := range cur.Targets {
		if !matched[t.Name] {
			curOnly = append(curOnly, t.Name)
		}
	}
	return baseOnly, curOnly
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
		mc.Current = evidence.Median(cv)
		mc.Verdict, mc.Why = VerdictMissing, "not measured in the baseline"
		return mc, true
	case !mc.HasCurrent:
		mc.Base = evidence.Median(bv)
		mc.Verdict, mc.Why = VerdictMissing, "not measured in the current run"
		return mc, true
	}
	j := evidence.Judge(m.sample(bv, base), m.sample(cv, cur), m.rule(mc.MaxRegression), o.Alpha)
	mc.Base, mc.Current, mc.Change, mc.Noise, mc.P, mc.Test, mc.Need = j.Base, j.Current, j.Change, j.Noise, j.P, j.Test, j.Need
	dir, word := "better", VerdictBetter
	if j.Worse {
		dir, word = "worse", VerdictRegression
	}
	diff := math.Abs(mc.Current - mc.Base)
	beyond := fmt.Sprintf("%s by %s (> %s), beyond the noise floor ±%s", dir, magnitude(mc.Change), report.Pct(mc.MaxRegression, 0), report.Num(mc.Noise, m.Places))
	switch j.Outcome {
	case evidence.Same:
		mc.Verdict, mc.Why = VerdictOK, "within ±"+report.Pct(mc.MaxRegression, 0)
	case evidence.Noise:
		mc.Verdict = VerdictNoise
		switch j.Test {
		case "":
			mc.Why = fmt.Sprintf("%s by %s, within the noise floor ±%s", dir, report.Num(diff, m.Places), report.Num(mc.Noise, m.Places))
		case evidence.TestCounts:
			mc.Why = fmt.Sprintf("%s by %s, not significant for counts that vary from run to run (p=%s ≥ %s)", dir, magnitude(mc.Change), pValue(j.P), report.Num(o.Alpha, 2))
		default:
			mc.Why = fmt.Sprintf("%s by %s, not significant (p=%s ≥ %s)", dir, magnitude(mc.Change), pValue(j.P), report.Num(o.Alpha, 2))
		}
	case evidence.Inconclusive:
		mc.Verdict = VerdictInconclusive
		mc.Why = fmt.Sprintf("%s; %d and %d repeats cannot show significance at α=%s: --repeat %d on both sides would decide", beyond, len(bv), len(cv), report.Num(o.Alpha, 2), j.Need)
	default:
		mc.Verdict = word
		switch j.Test {
		case evidence.TestGross:
			mc.Why = fmt.Sprintf("%s, a %s× change that no run-to-run noise explains (≥ %s× decides without repeats)", beyond, report.Num(evidence.Factor(mc.Base, mc.Current), 1), report.Num(m.Gross, 0))
		case evidence.TestCounts:
			mc.Why = fmt.Sprintf("%s, counts significant allowing for overdispersion, p=%s", beyond, pValue(j.P))
		default:
			mc.Why = fmt.Sprintf("%s, p=%s", beyond, pValue(j.P))
		}
	}
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

// runInfo identifies r.
func runInfo(r *report.Report) RunInfo {
	return RunInfo{RunID: r.RunID, StartedAt: r.StartedAt, Scenario: r.ScenarioName()}
}
