package report

import (
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/HdrHistogram/hdrhistogram-go"
)

// shardJSON caches the two shard reports of shards, encoded.
var shardJSON struct {
	once sync.Once
	js   [2][]byte
	err  error
}

// shards returns fresh copies of two shard reports of one run on target
// "a": shard 1 is the fixture's first target, shard 2 its slower second.
func shards(t *testing.T) (*Report, *Report) {
	t.Helper()
	c := &shardJSON
	c.once.Do(func() {
		s1 := fixtureReport(t, "a")
		s2 := fixtureReport(t, "x", "a")
		s2.Targets = s2.Targets[1:]
		s1.RunID, s2.RunID = "run1", "run2"
		s1.Shard, s2.Shard = &Shard{Index: 1, Count: 2}, &Shard{Index: 2, Count: 2}
		for i, r := range []*Report{s1, s2} {
			if c.js[i], c.err = json.Marshal(r); c.err != nil {
				return
			}
		}
	})
	if c.err != nil {
		t.Fatal(c.err)
	}
	var s1, s2 Report
	if err := json.Unmarshal(c.js[0], &s1); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(c.js[1], &s2); err != nil {
		t.Fatal(err)
	}
	return &s1, &s2
}

// rebuilt re-records every value of the encoded histograms into a fresh
// histogram, value by value: an independent way to get the whole.
func rebuilt(t *testing.T, encoded ...string) *hdrhistogram.Histogram {
	t.Helper()
	var out *hdrhistogram.Histogram
	for _, e := range encoded {
		h, err := hdrhistogram.Decode([]byte(e))
		if err != nil {
			t.Fatal(err)
		}
		if out == nil {
			out = hdrhistogram.New(h.LowestTrackableValue(), h.HighestTrackableValue(), int(h.SignificantFigures()))
		}
		for _, bar := range h.Distribution() {
			if bar.Count > 0 {
				if err := out.RecordValues(bar.From, bar.Count); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	return out
}

func TestMergeExactSums(t *testing.T) {
	s1, s2 := shards(t)
	m, err := Merge([]*Report{s1, s2})
	if err != nil {
		t.Fatal(err)
	}
	if m.Shard != nil || len(m.MergedShards) != 2 || m.MergedShards[1].Index != 2 || m.MergedShards[1].RunID != "run2" {
		t.Errorf("shards: %+v, merged from %+v", m.Shard, m.MergedShards)
	}
	if m.RunID != "run1+run2" || len(m.Targets) != 1 || len(m.Targets[0].Workloads) != 2 {
		t.Fatalf("run %s, targets %d", m.RunID, len(m.Targets))
	}
	if m.Targets[0].KeysRemoved != 2*1234 {
		t.Errorf("keys removed %d", m.Targets[0].KeysRemoved)
	}
	for wi, w := range m.Targets[0].Workloads {
		a, b := &s1.Targets[0].Workloads[wi], &s2.Targets[0].Workloads[wi]
		t.Run(w.Name, func(t *testing.T) {
			for _, c := range []struct {
				name      string
				got, want int64
			}{
				{"ops", w.Ops, a.Ops + b.Ops}, {"reads", w.Reads, a.Reads + b.Reads},
				{"hits", w.Hits, a.Hits + b.Hits}, {"misses", w.Misses, a.Misses + b.Misses},
				{"writes", w.Writes, a.Writes + b.Writes}, {"workers", int64(w.Workers), int64(a.Workers + b.Workers)},
				{"errors", w.ErrorTotal(), a.ErrorTotal() + b.ErrorTotal()},
				{"source calls", w.Source.Calls, a.Source.Calls + b.Source.Calls},
				{"source writes", w.Source.Writes, a.Source.Writes + b.Source.Writes},
				{"stale reads", w.StaleReads, a.StaleReads + b.StaleReads},
				{"peak in flight (max)", w.Source.PeakInFlight, max(a.Source.PeakInFlight, b.Source.PeakInFlight)},
			} {
				if c.got != c.want {
					t.Errorf("%s = %d, want %d", c.name, c.got, c.want)
				}
			}
			for k, v := range a.Counters {
				if w.Counters[k] != v+b.Counters[k] {
					t.Errorf("counter %s = %d, want %d", k, w.Counters[k], v+b.Counters[k])
				}
			}
			if want := round(float64(w.Ops)/max(a.DurationS, b.DurationS), 1); w.ThroughputOpsS != want {
				t.Errorf("throughput %v, want %v", w.ThroughputOpsS, want)
			}
			if want := round(float64(w.Hits)/float64(w.Reads), 4); w.HitRatio != want {
				t.Errorf("hit ratio %v, want %v", w.HitRatio, want)
			}
			if len(w.Latency) != len(a.Latency) {
				t.Errorf("%d latencies, want %d", len(w.Latency), len(a.Latency))
			}
			for name, l := range w.Latency {
				la, lb := a.Latency[name], b.Latency[name]
				h, err := hdrhistogram.Decode([]byte(l.HDR))
				if err != nil {
					t.Fatal(err)
				}
				whole := NewLatency(rebuilt(t, la.HDR, lb.HDR))
				if l.Count != la.Count+lb.Count || h.TotalCount() != l.Count {
					t.Errorf("%s: count %d, hdr total %d, want %d", name, l.Count, h.TotalCount(), la.Count+lb.Count)
				}
				if l.P50Ms != whole.P50Ms || l.P99Ms != whole.P99Ms || l.P999Ms != whole.P999Ms || l.MaxMs != max(la.MaxMs, lb.MaxMs) {
					t.Errorf("%s: p50 %v p99 %v p99.9 %v max %v, want %v %v %v %v", name, l.P50Ms, l.P99Ms, l.P999Ms, l.MaxMs,
						whole.P50Ms, whole.P99Ms, whole.P999Ms, max(la.MaxMs, lb.MaxMs))
				}
			}
			if w.Speedup.P99 != ratio(w.Latency["miss"].P99Ms, w.Latency["hit"].P99Ms) {
				t.Errorf("speedup not recomputed: %+v", w.Speedup)
			}
			if len(w.Timeseries) != 3 || w.Timeseries[0].Ops != a.Timeseries[0].Ops+b.Timeseries[0].Ops ||
				w.Timeseries[2].P99Ms != max(a.Timeseries[2].P99Ms, b.Timeseries[2].P99Ms) {
				t.Errorf("time series %+v", w.Timeseries)
			}
		})
	}
	naive, a, b := m.Targets[0].Workloads[0], s1.Targets[0].Workloads[0], s2.Targets[0].Workloads[0]
	if naive.Source.Herd.Count != a.Source.Herd.Count+b.Source.Herd.Count || naive.Source.Herd.Max != 9 {
		t.Errorf("herd %+v", naive.Source.Herd)
	}
	if s := naive.Staleness; s.VersionLag.Count != 6 || s.Age.Count != 6 || s.AuditKeys != 200 || s.AuditStale != 2 || !(s.RatioCILow > 0 && s.RatioCIHigh > s.RatioCILow) {
		t.Errorf("staleness %+v", s)
	}
	lease := m.Targets[0].Workloads[1]
	if len(lease.Invalid) != 1 || !strings.HasPrefix(lease.Invalid[0], "shard 2/2: achieved rate") {
		t.Errorf("invalid %q, want shard 2's reason, labelled", lease.Invalid)
	}
	if lease.TargetRateOpsS != 1400 {
		t.Errorf("target rate %v, want the sum 1400", lease.TargetRateOpsS)
	}
	// The merged report is a report like any other.
	js, err := m.MarshalIndent()
	if err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(js, &back); err != nil {
		t.Fatal(err)
	}
	if _, err := renderFiles(&back); err != nil {
		t.Errorf("the merged report does not render: %v", err)
	}
}

func TestMergeRefuses(t *testing.T) {
	for _, tc := range []struct {
		name   string
		modify func(s1, s2 *Report)
		want   string
	}{
		{"different scenarios", func(_, s2 *Report) {
			s2.Scenario = []byte(strings.Replace(string(s2.Scenario), `"seed":7`, `"seed":8`, 1))
		}, "different scenarios (seed differ)"},
		{"other schema version", func(_, s2 *Report) { s2.SchemaVersion = 2 }, "schema_version 2"},
		{"shard given twice", func(_, s2 *Report) { s2.Shard.Index = 1 }, "shard 1/2 is given twice"},
		{"different shard counts", func(_, s2 *Report) { s2.Shard = &Shard{Index: 2, Count: 3} }, "of 2 shards"},
		{"a shard and an unsharded run", func(_, s2 *Report) { s2.Shard = nil }, "1 of 2 reports are shards"},
		{"impossible shard", func(_, s2 *Report) { s2.Shard = &Shard{Index: 3, Count: 2} }, "impossible shard 3/2"},
		{"verify report", func(_, s2 *Report) { s2.Command = "verify" }, "only reports of bench run merge"},
		{"no hdr", func(_, s2 *Report) {
			l := s2.Targets[0].Workloads[0].Latency["read"]
			l.HDR = ""
			s2.Targets[0].Workloads[0].Latency["read"] = l
		}, "no hdr: it cannot be merged exactly"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s1, s2 := shards(t)
			tc.modify(s1, s2)
			if _, err := Merge([]*Report{s1, s2}); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
	if _, err := Merge(nil); err == nil {
		t.Error("merging nothing succeeded")
	}
}

func TestMergeAccepts(t *testing.T) {
	t.Run("scenarios differing in shard information only", func(t *testing.T) {
		s1, s2 := shards(t)
		var sc map[string]any
		if err := json.Unmarshal(s2.Scenario, &sc); err != nil {
			t.Fatal(err)
		}
		sc["shard"] = map[string]any{"index": 2, "count": 2}
		s2.Scenario, _ = json.Marshal(sc)
		m, err := Merge([]*Report{s2, s1})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(m.Scenario), "shard") {
			t.Errorf("the merged scenario keeps shard information: %s", m.Scenario)
		}
	})
	t.Run("incomplete set", func(t *testing.T) {
		s1, s2 := shards(t)
		s1.Shard.Count, s2.Shard.Count = 3, 3
		m, err := Merge([]*Report{s1, s2})
		if err != nil {
			t.Fatal(err)
		}
		if w := m.Targets[0].Workloads[0].Warnings; !slices.Contains(w, "merged from 2 of 3 shards: shard 3 missing") {
			t.Errorf("warnings %q", w)
		}
	})
	t.Run("repeats", func(t *testing.T) {
		s1, s2 := shards(t)
		w1, w2 := &s1.Targets[0].Workloads[0], &s2.Targets[0].Workloads[0]
		w1.Repeats = []RepeatSummary{NewRepeatSummary(w1), NewRepeatSummary(w1)}
		w2.Repeats = []RepeatSummary{NewRepeatSummary(w2), NewRepeatSummary(w2)}
		m, err := Merge([]*Report{s1, s2})
		if err != nil {
			t.Fatal(err)
		}
		rs := m.Targets[0].Workloads[0].Repeats
		if len(rs) != 2 || rs[0].Ops != w1.Ops+w2.Ops || rs[0].SourceCalls != w1.Source.Calls+w2.Source.Calls ||
			rs[0].ReadP99Ms != max(w1.Repeats[0].ReadP99Ms, w2.Repeats[0].ReadP99Ms) {
			t.Errorf("repeats %+v", rs)
		}
		w2.Repeats = w2.Repeats[:1]
		m, err = Merge([]*Report{s1, s2})
		if err != nil {
			t.Fatal(err)
		}
		if w := m.Targets[0].Workloads[0]; len(w.Repeats) != 0 || !strings.Contains(strings.Join(w.Warnings, "\n"), "repeats left out") {
			t.Errorf("uneven repeats: %d kept, warnings %q", len(w.Repeats), w.Warnings)
		}
	})
	t.Run("a workload missing from a shard", func(t *testing.T) {
		s1, s2 := shards(t)
		s2.Targets[0].Workloads = s2.Targets[0].Workloads[:1]
		m, err := Merge([]*Report{s1, s2})
		if err != nil {
			t.Fatal(err)
		}
		lease := m.Targets[0].Workloads[1]
		if lease.Ops != s1.Targets[0].Workloads[1].Ops || !strings.Contains(strings.Join(lease.Warnings, "\n"), "merged from 1 of the 2 reports") {
			t.Errorf("lease: ops %d, warnings %q", lease.Ops, lease.Warnings)
		}
	})
}

func TestMergeTimeseries(t *testing.T) {
	got := mergeTimeseries([][]Point{
		{{TS: 1, Ops: 100, HitRatio: 0.9, P50Ms: 1, P99Ms: 5, Errors: 1}, {TS: 2, Ops: 100, HitRatio: 0.8, P99Ms: 6}},
		{{TS: 1.0004, Ops: 300, HitRatio: 0.5, P50Ms: 2, P99Ms: 4}, {TS: 3, Ops: 10}},
	})
	want := []Point{{TS: 1, Ops: 400, HitRatio: 0.6, P50Ms: 2, P99Ms: 5, Errors: 1}, {TS: 2, Ops: 100, HitRatio: 0.8, P99Ms: 6}, {TS: 3, Ops: 10}}
	if !slices.Equal(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestParseShard(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Shard
		ok   bool
	}{
		{"1/4", Shard{1, 4}, true}, {" 4/4 ", Shard{4, 4}, true}, {"1/1", Shard{1, 1}, true},
		{"0/4", Shard{}, false}, {"5/4", Shard{}, false}, {"1", Shard{}, false}, {"a/b", Shard{}, false}, {"1/0", Shard{}, false},
	} {
		got, err := ParseShard(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseShard(%q) = %v, %v; want %v, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
		if tc.ok && got.String() != strings.TrimSpace(tc.in) {
			t.Errorf("String() = %q", got.String())
		}
	}
}
