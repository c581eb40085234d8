package report

import (
	"encoding/json"
	"strings"
	"testing"
)

// The scenario text comes from the resolved spec: a flag that changed the
// invalidation rate shows, the built-in's "1% invalidation" is labelled as
// its default.
func TestScenarioDescriptionFromResolvedSpec(t *testing.T) {
	raw := `{"name":"default","description":"read-heavy zipf:0.99 over 10k keys, 30s TTL with 10% jitter, 1% invalidation, 5ms lognormal source","seed":1,
	"workloads":[{"name":"default","strategy":"naive","workers":16,"rate":0,"arrival":"constant","keys":10000,"key_dist":"zipf:0.99",
	"value_size":"128-512","ttl":"30s","ttl_jitter":0.1,"invalidate_rate":0.2,"invalidate_mode":"delete","source_latency":"lognormal:5ms:0.5"}]}`
	var sc scenarioView
	if err := json.Unmarshal([]byte(raw), &sc); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	scenarioDescription(&b, sc)
	want := "As run: naive, 16 workers in a closed loop, zipf:0.99 over 10000 keys, values 128-512 B, TTL 30s with 10% jitter, 20% of operations invalidate (delete), source lognormal:5ms:0.5.\n\n" +
		"The scenario's description, with its defaults (flags may override them; the table below is what ran): read-heavy"
	if got := b.String(); !strings.HasPrefix(got, want) {
		t.Errorf("got\n%s\nwant prefix\n%s", got, want)
	}
	sc.Workloads[0]["rate"], sc.Workloads[0]["invalidate_rate"] = 4000.0, 0.0
	if got := describeWorkload(sc.Workloads[0]); !strings.Contains(got, "16 workers at 4000 ops/s (constant arrivals)") || !strings.Contains(got, "no invalidation") {
		t.Errorf("open loop: %s", got)
	}
}
