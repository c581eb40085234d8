package report

import (
	"fmt"
	"math"
	"strings"

	"github.com/cacheaside/bench/internal/evidence"
)

// sideAlpha is the significance level of the side-by-side marks, that of
// `bench compare`.
const sideAlpha = 0.05

// sideRow is one metric of one workload across the targets.
type sideRow struct {
	m Metric
	// values are the shown figures (counted events per 1k reads or
	// operations), ok[i] false where target i did not measure it.
	values []float64
	ok     []bool
	// best is the target marked ✅, -1 when no difference stands out.
	best int
	// margin is best's relative advantage over the closest other target
	// (|best − other| / other) and factor the ratio of the larger to the
	// smaller of the two; why says what the mark rests on.
	margin, factor float64
	why            string
}

// sideSample is m over w's repeats, for evidence.Judge.
func sideSample(m Metric, w *Workload) evidence.Sample {
	var s evidence.Sample
	for _, r := range Samples(w) {
		rw := r.Workload()
		v, ok := m.Compared(&rw)
		if !ok {
			continue
		}
		s.Values = append(s.Values, v)
		if m.CountedPer() != "" {
			n, _ := m.Value(&rw)
			s.Events, s.Trials = s.Events+int64(n), s.Trials+m.Trials(&rw)
		}
	}
	return s
}

// judgeRow fills values and the mark of one metric: the best target is
// marked when its difference from every other target that measured the
// metric stands out of the noise by evidence.Judge (the rule of bench
// compare): with repeats enough a Mann-Whitney U test at α = 0.05, for
// counted events with fewer a count test, for the rest beyond the
// metric's threshold and noise floor.
func judgeRow(m Metric, ws []*Workload) sideRow {
	row := sideRow{m: m, values: make([]float64, len(ws)), ok: make([]bool, len(ws)), best: -1}
	samples := make([]evidence.Sample, len(ws))
	for i, w := range ws {
		if w == nil {
			continue
		}
		row.values[i], row.ok[i] = m.Compared(w)
		samples[i] = sideSample(m, w)
		row.ok[i] = row.ok[i] && len(samples[i].Values) > 0
	}
	rule, known := evidence.RuleFor(m.Name)
	best := Best(row.values, row.ok, m.Better)
	cand := -1
	for i, b := range best {
		if b {
			if cand >= 0 { // a tie for best: nothing stands out
				return row
			}
			cand = i
		}
	}
	if cand < 0 || !known {
		return row
	}
	row.margin, row.factor = math.Inf(1), math.Inf(1)
	tests := map[string]bool{}
	for j := range ws {
		if j == cand || !row.ok[j] {
			continue
		}
		jd := evidence.Judge(samples[j], samples[cand], rule, sideAlpha)
		if jd.Outcome != evidence.Differs && jd.Outcome != evidence.Inconclusive {
			return row
		}
		row.margin = math.Min(row.margin, math.Abs(evidence.RelChange(row.values[j], row.values[cand])))
		row.factor = math.Min(row.factor, evidence.Factor(row.values[j], row.values[cand]))
		switch {
		case jd.Outcome == evidence.Inconclusive:
			tests["beyond the noise floor"] = true
		case jd.Test == evidence.TestMannWhitney:
			tests["p="+Num(jd.P, 3)] = true
		case jd.Test == evidence.TestCounts:
			tests["count test"] = true
		default:
			tests["gross change"] = true
		}
	}
	if math.IsInf(row.margin, 1) { // no other target to differ from
		return row
	}
	row.best = cand
	row.why = strings.Join(orderedKeys(tests, nil), ", ")
	return row
}

// sideLabel is the metric's label in the side-by-side table.
func sideLabel(m Metric) string {
	if per := m.CountedPer(); per != "" {
		return m.Label() + " per 1k " + per
	}
	return m.Label()
}

// sidePlaces is the number of decimals shown.
func sidePlaces(m Metric) int {
	if m.CountedPer() != "" {
		return 3
	}
	return m.Places()
}

// verdictSentence is the one plain sentence of a workload: which target is
// better on what and by how much, or that no difference stands out.
func verdictSentence(names []string, rows []sideRow) string {
	var order []int
	by := map[int][]string{}
	for _, r := range rows {
		if r.best < 0 {
			continue
		}
		if _, ok := by[r.best]; !ok {
			order = append(order, r.best)
		}
		by[r.best] = append(by[r.best], fmt.Sprintf("%s (%s)", shortLabel(r.m), marginWord(r)))
	}
	if len(order) == 0 {
		return "No difference between the targets stands out of the noise."
	}
	parts := make([]string, len(order))
	for i, t := range order {
		parts[i] = fmt.Sprintf("%s is better on %s", Code(names[t]), joinAnd(by[t]))
	}
	s := strings.Join(parts, "; ") + "."
	if len(order) == 1 && len(names) == 2 {
		s += " No other difference stands out of the noise."
	}
	return s
}

// shortLabel is a metric's name for a sentence: "throughput", "read p99",
// "stale reads per 1k reads".
func shortLabel(m Metric) string {
	l := sideLabel(m)
	if i := strings.Index(l, " ("); i >= 0 {
		l = l[:i]
	}
	return l
}

// marginWord says by how much the best is better: "12% higher", "2.5×
// lower", "none against 0.004".
func marginWord(r sideRow) string {
	dir := "lower"
	if r.m.Better == HigherIsBetter {
		dir = "higher"
	}
	switch {
	case math.IsInf(r.factor, 0):
		return "none, against some elsewhere"
	case r.factor >= 2:
		return Num(r.factor, 1) + "× " + dir
	}
	return Pct(r.margin, 0) + " " + dir
}

// joinAnd joins "a", "b" and "c" as "a, b and c".
func joinAnd(s []string) string {
	if len(s) <= 1 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// repeatsWord says how many runs each target's figures rest on: "one run
// on each target", "4 repeats on each target" or "repeats: `a` 4, `b` 3".
func repeatsWord(names []string, ws []*Workload) string {
	var parts []string
	same, n := true, -1
	for i, w := range ws {
		if w == nil {
			continue
		}
		k := len(Samples(w))
		if n >= 0 && k != n {
			same = false
		}
		n = k
		parts = append(parts, fmt.Sprintf("%s %d", Code(names[i]), k))
	}
	switch {
	case same && n == 1:
		return "one run on each target: differences beyond the noise floor are marked, untested"
	case same && n > 1:
		return fmt.Sprintf("%d repeats on each target", n)
	}
	return "repeats: " + strings.Join(parts, ", ")
}
