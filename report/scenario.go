package report

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"
)

// shardKey is the key under which shard information may appear in a
// scenario; it is ignored when scenarios are compared.
const shardKey = "shard"

// normalizedScenario decodes a saved scenario and drops every "shard" key
// at any depth; nil for an empty scenario.
func normalizedScenario(raw json.RawMessage) (any, error) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, nil
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, err
	}
	return dropShard(v), nil
}

// dropShard removes "shard" keys from v, recursively.
func dropShard(v any) any {
	switch x := v.(type) {
	case map[string]any:
		delete(x, shardKey)
		for k, e := range x {
			x[k] = dropShard(e)
		}
	case []any:
		for i, e := range x {
			x[i] = dropShard(e)
		}
	}
	return v
}

// ScenarioDiff names the top-level fields in which two saved scenarios
// differ, shard information aside: "" when they are equal.
func ScenarioDiff(a, b json.RawMessage) string {
	va, errA := normalizedScenario(a)
	vb, errB := normalizedScenario(b)
	if errA != nil || errB != nil {
		if bytes.Equal(bytes.TrimSpace(a), bytes.TrimSpace(b)) {
			return ""
		}
		return "one does not decode"
	}
	ma, okA := va.(map[string]any)
	mb, okB := vb.(map[string]any)
	if !okA || !okB {
		if jsonEqual(va, vb) {
			return ""
		}
		return "the whole scenario"
	}
	var keys []string
	for k, x := range ma {
		if y, ok := mb[k]; !ok || !jsonEqual(x, y) {
			keys = append(keys, k)
		}
	}
	for k := range mb {
		if _, ok := ma[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return strings.Join(keys, ", ")
}

// jsonEqual compares two decoded JSON values by their canonical encoding
// (encoding/json sorts map keys).
func jsonEqual(a, b any) bool {
	x, errX := json.Marshal(a)
	y, errY := json.Marshal(b)
	return errX == nil && errY == nil && bytes.Equal(x, y)
}

// ScenarioName is the name of r's scenario, "" when unknown.
func (r *Report) ScenarioName() string {
	var sc struct {
		Name string `json:"name"`
	}
	if len(r.Scenario) == 0 || json.Unmarshal(r.Scenario, &sc) != nil {
		return ""
	}
	return sc.Name
}
