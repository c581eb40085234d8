package gate

import (
	"encoding/json"
	"io"
	"math"
	"time"
)

// JSON writes the comparison as one JSON document (`bench compare --format
// json`): the status, the two runs, the notes, the findings and every
// workload's metrics with their verdicts. Values that JSON cannot hold (a
// change from 0, a p-value no test gave) are null.
func (r *Regression) JSON(w io.Writer) error {
	doc := jsonComparison{
		Status:     r.Status(),
		Base:       jsonRun(r.Base),
		Current:    jsonRun(r.Current),
		Notes:      nonNil(r.Notes),
		Invalid:    nonNil(r.InvalidRuns()),
		Regression: []string{},
		Workloads:  []jsonWorkload{},
	}
	for _, f := range r.Regressions() {
		doc.Regression = append(doc.Regression, f.Target+" "+f.Workload+" "+f.Metric.Key)
	}
	for _, wc := range r.Workloads {
		jw := jsonWorkload{Target: wc.Target, Workload: wc.Workload, BaseRepeats: wc.BaseRepeats,
			CurrentRepeats: wc.CurrentRepeats, Invalid: nonNil(wc.Invalid), Metrics: []jsonMetric{}}
		for _, m := range wc.Metrics {
			jm := jsonMetric{Metric: m.Metric.Key, Label: m.Metric.Label, Change: finite(m.Change),
				MaxRegression: m.MaxRegression, Noise: finite(m.Noise), P: finite(m.P), Test: m.Test,
				Need: m.Need, Verdict: m.Verdict, Why: m.Why}
			if m.HasBase {
				jm.Base = finite(m.Base)
			}
			if m.HasCurrent {
				jm.Current = finite(m.Current)
			}
			jw.Metrics = append(jw.Metrics, jm)
		}
		doc.Workloads = append(doc.Workloads, jw)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

type jsonComparison struct {
	// Status is ok, inconclusive, regression or invalid.
	Status  Status      `json:"status"`
	Base    jsonRunInfo `json:"base"`
	Current jsonRunInfo `json:"current"`
	Notes   []string    `json:"notes"`
	// Invalid lists why workloads could not be judged: "TARGET WORKLOAD: …".
	Invalid []string `json:"invalid"`
	// Regression names the metrics that regressed: "TARGET WORKLOAD METRIC".
	Regression []string       `json:"regressions"`
	Workloads  []jsonWorkload `json:"workloads"`
}

type jsonRunInfo struct {
	RunID     string    `json:"run_id"`
	StartedAt time.Time `json:"started_at"`
	Scenario  string    `json:"scenario"`
}

func jsonRun(ri RunInfo) jsonRunInfo { return jsonRunInfo{ri.RunID, ri.StartedAt, ri.Scenario} }

type jsonWorkload struct {
	Target         string       `json:"target"`
	Workload       string       `json:"workload"`
	BaseRepeats    int          `json:"base_repeats"`
	CurrentRepeats int          `json:"current_repeats"`
	Invalid        []string     `json:"invalid"`
	Metrics        []jsonMetric `json:"metrics"`
}

type jsonMetric struct {
	Metric        string   `json:"metric"`
	Label         string   `json:"label"`
	Base          *float64 `json:"base"`
	Current       *float64 `json:"current"`
	Change        *float64 `json:"change"`
	MaxRegression float64  `json:"max_regression"`
	Noise         *float64 `json:"noise"`
	P             *float64 `json:"p"`
	Test          string   `json:"test,omitempty"`
	Need          int      `json:"need,omitempty"`
	Verdict       Verdict  `json:"verdict"`
	Why           string   `json:"why"`
}

// finite is &v, or nil for NaN and ±Inf.
func finite(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
