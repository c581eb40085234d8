package report

import (
	"bytes"
	"strings"
	"testing"
)

// withRepeats gives each target's workloads repeats whose latencies scale
// with the factors of that target.
func withRepeats(t *testing.T, r *Report, factors ...[]float64) {
	t.Helper()
	for ti := range r.Targets {
		for wi := range r.Targets[ti].Workloads {
			w := &r.Targets[ti].Workloads[wi]
			w.Repeats = nil
			for _, f := range factors[ti] {
				rw := fixtureWorkload(t, w.Name, w.Strategy, f, 1000)
				w.Repeats = append(w.Repeats, NewRepeatSummary(&rw))
			}
		}
	}
}

// sameTargets is a run on two targets that measured the same: b's
// workloads are a's.
func sameTargets(t *testing.T) *Report {
	r := fixtureReport(t, "a", "b")
	r.Targets[1].Workloads = append([]Workload{}, r.Targets[0].Workloads...)
	return r
}

// sideBySide renders the side-by-side section alone.
func sideBySide(r *Report) []byte {
	var b bytes.Buffer
	compareSection(&b, r, newLayout(r))
	return b.Bytes()
}

func TestSideBySideGolden(t *testing.T) {
	for _, tc := range []struct {
		name  string
		build func(t *testing.T) *Report
		file  string
		want  []string // in the section
		not   []string // never in the section
	}{
		{"identical servers, 4 interleaved repeats", func(t *testing.T) *Report {
			r := sameTargets(t)
			withRepeats(t, r, []float64{0.98, 1.01, 1.0, 1.03}, []float64{1.0, 0.99, 1.02, 1.01})
			return r
		}, "sidebyside-identical.md", []string{"No difference between the targets stands out of the noise. (4 repeats on each target.)"}, []string{"✅ `"}},
		{"identical servers, one run each", sameTargets, "sidebyside-identical-single.md",
			[]string{"No difference between the targets stands out of the noise. (one run on each target"}, []string{"✅ `"}},
		{"b 1.5x slower, 4 repeats", func(t *testing.T) *Report {
			r := fixtureReport(t, "a", "b")
			r.Targets[1].Workloads[1].Invalid = nil
			withRepeats(t, r, []float64{1.0, 1.01, 1.02, 1.03}, []float64{1.5, 1.51, 1.52, 1.53})
			return r
		}, "sidebyside-difference.md", []string{"`a` is better on throughput (", "✅ `a` (p=0.029)", "| hit ratio | higher | 0.9000 | 0.9000 (1.00x) | ≈ |"}, nil},
		{"counts per 1k reads: fewer operations are not fewer source calls", func(t *testing.T) *Report {
			r := sameTargets(t)
			a, b := &r.Targets[0].Workloads[0], &r.Targets[1].Workloads[0]
			b.Latency = r.Targets[0].Workloads[0].Latency
			a.Ops, a.Reads, a.Source.Calls, a.StaleReads = 10200, 10000, 3756, 5
			b.Ops, b.Reads, b.Source.Calls, b.StaleReads = 8262, 8100, 3158, 400
			return r
		}, "sidebyside-counts.md", []string{"| source calls per 1k reads | lower | 375.600 | 389.877 (1.04x) | ≈ |",
			"✅ `a` (count test)", "`a` is better on stale reads per 1k reads (98.8× lower)"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := sideBySide(tc.build(t))
			golden(t, tc.file, got)
			for _, w := range tc.want {
				if !bytes.Contains(got, []byte(w)) {
					t.Errorf("lacks %q:\n%s", w, got)
				}
			}
			for _, w := range tc.not {
				if bytes.Contains(got, []byte(w)) {
					t.Errorf("has %q:\n%s", w, got)
				}
			}
		})
	}
}

// An invalid run on one target: nothing is marked, and the sentence says
// why.
func TestSideBySideInvalidNotJudged(t *testing.T) {
	md := string(sideBySide(fixtureReport(t, "a", "b")))
	lease := md[strings.Index(md, "### Workload `mixed/lease`"):]
	if !strings.Contains(lease, "Not judged: the run on `b` is invalid") || strings.Contains(lease, "✅") {
		t.Errorf("invalid lease run judged:\n%s", lease)
	}
}
