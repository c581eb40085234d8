package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Merge combines the reports of the shards of one run (--shard i/n) into
// one report, exactly where the data allows:
//   - counts add (operations, reads, hits, misses, writes, errors by kind,
//     source calls and writes, stale reads, strategy counters, workers,
//     target and achieved rates, keys removed);
//   - every histogram (latencies, staleness age, herd sizes, version lags)
//     is decoded from its hdr, merged losslessly and summarised again, so
//     percentiles are those of the whole run;
//   - throughput is recomputed as operations over the longest duration,
//     hit and stale-read ratios from the merged counts, speedups from the
//     merged percentiles;
//   - time series align by t_s: ops and errors add, the hit ratio is
//     weighted by ops, and p50 and p99 of a merged second are the largest
//     of the shards' (they cannot be exact from summaries);
//   - peak source calls in flight is the largest of the shards': a lower
//     bound of the combined peak, since shards' peaks need not coincide;
//   - per-repeat summaries add up likewise, latency percentiles taking the
//     largest of the shards';
//   - verification checks hold when they held on every shard.
//
// Reports of another schema version, other than `bench run`, of different
// scenarios (compared without shard information), with repeated shard
// indexes or different shard counts are refused. An incomplete set of
// shards merges, with a warning on every workload. The merged report has
// no Shard and lists its inputs in MergedShards.
func Merge(reports []*Report) (*Report, error) {
	if len(reports) == 0 {
		return nil, errors.New("report: merge: no reports")
	}
	first := reports[0]
	for _, r := range reports {
		if r.SchemaVersion != SchemaVersion {
			return nil, fmt.Errorf("report: merge: run %s has schema_version %d; this version merges %d", r.RunID, r.SchemaVersion, SchemaVersion)
		}
		if r.Command != "run" {
			return nil, fmt.Errorf("report: merge: run %s is of bench %s; only reports of bench run merge", r.RunID, orDash(r.Command))
		}
		if d := ScenarioDiff(first.Scenario, r.Scenario); d != "" {
			return nil, fmt.Errorf("report: merge: runs %s and %s are of different scenarios (%s differ): refusing to merge them", first.RunID, r.RunID, d)
		}
	}
	labels, missing, err := checkShards(reports)
	if err != nil {
		return nil, err
	}
	out := &Report{
		SchemaVersion: SchemaVersion,
		Tool:          first.Tool,
		RunID:         mergedRunID(reports),
		StartedAt:     first.StartedAt,
		FinishedAt:    first.FinishedAt,
		Command:       "run",
		Scenario:      withoutShard(first.Scenario),
		Targets:       []Target{},
	}
	for _, r := range reports {
		if r.StartedAt.Before(out.StartedAt) {
			out.StartedAt = r.StartedAt
		}
		if r.FinishedAt.After(out.FinishedAt) {
			out.FinishedAt = r.FinishedAt
		}
		out.Interrupted = out.Interrupted || r.Interrupted
		ms := MergedShard{RunID: r.RunID, StartedAt: r.StartedAt, FinishedAt: r.FinishedAt}
		if r.Shard != nil {
			ms.Shard = *r.Shard
		}
		out.MergedShards = append(out.MergedShards, ms)
	}
	var note string
	if len(missing) > 0 {
		note = fmt.Sprintf("merged from %d of %d shards: shard %s missing", len(reports), first.Shard.Count, joinInts(missing))
	}
	for _, name := range targetNames(reports) {
		t, err := mergeTarget(name, reports, labels, note)
		if err != nil {
			return nil, err
		}
		out.Targets = append(out.Targets, t)
	}
	return out, nil
}

// mergeTarget merges the target called name of every report that has it.
func mergeTarget(name string, reports []*Report, labels []string, note string) (Target, error) {
	var parts []*Target
	var partLabels []string
	for i, r := range reports {
		if t := r.Target(name); t != nil {
			parts = append(parts, t)
			partLabels = append(partLabels, labels[i])
		}
	}
	first := parts[0]
	t := Target{Name: name, URL: first.URL, Embedded: first.Embedded, Server: first.Server, Workloads: []Workload{}}
	var errs []string
	for i, p := range parts {
		t.KeysRemoved += p.KeysRemoved
		if p.Error != "" {
			errs = append(errs, partLabels[i]+": "+p.Error)
		}
		if v := p.Verification; v != nil {
			if t.Verification == nil {
				c := *v
				c.NotRun = append([]string(nil), v.NotRun...)
				t.Verification = &c
				continue
			}
			m := t.Verification
			m.CacheMissOK = m.CacheMissOK && v.CacheMissOK
			m.CacheHitOK = m.CacheHitOK && v.CacheHitOK
			m.CacheHitFaster = m.CacheHitFaster && v.CacheHitFaster
			m.InvalidationOK = m.InvalidationOK && v.InvalidationOK
			m.TTLOK = m.TTLOK && v.TTLOK
			m.Passed = m.Passed && v.Passed
			if m.Stopped == "" {
				m.Stopped = v.Stopped
			}
			for _, c := range v.NotRun {
				if !m.Ran(c) {
					continue
				}
				m.NotRun = append(m.NotRun, c)
			}
		}
	}
	t.Error = strings.Join(errs, "; ")
	if len(parts) < len(reports) {
		errs = append(errs, fmt.Sprintf("target %s is in %d of the %d reports merged", name, len(parts), len(reports)))
		t.Error = strings.Join(errs, "; ")
	}
	for _, wname := range workloadNames(parts) {
		var ws []*Workload
		var wl []string
		for i, p := range parts {
			if w := p.Workload(wname); w != nil {
				ws = append(ws, w)
				wl = append(wl, partLabels[i])
			}
		}
		w, err := mergeWorkloads(ws, wl)
		if err != nil {
			return Target{}, fmt.Errorf("%w (target %s)", err, name)
		}
		if len(ws) < len(reports) {
			w.Warnings = append(w.Warnings, fmt.Sprintf("merged from %d of the %d reports: the others lack this workload", len(ws), len(reports)))
		}
		if note != "" {
			w.Warnings = append(w.Warnings, note)
		}
		t.Workloads = append(t.Workloads, w)
	}
	return t, nil
}

// targetNames lists the target names of reports in order of first appearance.
func targetNames(reports []*Report) []string {
	var out []string
	for _, r := range reports {
		for _, t := range r.Targets {
			if !slices.Contains(out, t.Name) {
				out = append(out, t.Name)
			}
		}
	}
	return out
}

// workloadNames lists the workload names of targets in order of first appearance.
func workloadNames(targets []*Target) []string {
	var out []string
	for _, t := range targets {
		for _, w := range t.Workloads {
			if !slices.Contains(out, w.Name) {
				out = append(out, w.Name)
			}
		}
	}
	return out
}

// mergedRunID is the inputs' common run id, or their distinct ids joined
// with "+".
func mergedRunID(reports []*Report) string {
	var ids []string
	for _, r := range reports {
		if !slices.Contains(ids, r.RunID) {
			ids = append(ids, r.RunID)
		}
	}
	return strings.Join(ids, "+")
}

// withoutShard returns the scenario without its shard keys, unchanged
// when it has none or does not decode.
func withoutShard(raw json.RawMessage) json.RawMessage {
	var orig any
	if len(raw) == 0 || json.Unmarshal(raw, &orig) != nil {
		return raw
	}
	norm, err := normalizedScenario(raw)
	if err != nil || jsonEqual(orig, norm) {
		return raw
	}
	b, err := json.Marshal(norm)
	if err != nil {
		return raw
	}
	return b
}

func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, ", ")
}
