package scenario

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// twoWorkloads is a scenario whose workloads differ in every field a flag
// overrides, so an override that misses one shows.
func twoWorkloads() Spec {
	return Spec{Name: "s", Seed: 3, Workloads: []Workload{
		{Name: "a", Duration: Duration(time.Second), Workers: 1, Keys: 10, KeyDist: "uniform",
			ValueSize: "10", TTL: Duration(time.Second), SourceLatency: "1ms"},
		{Name: "b", Strategy: "naive", Duration: Duration(2 * time.Second), Warmup: Duration(time.Second),
			Ops: 9, Workers: 2, Rate: 5, Arrival: "poisson", Keys: 20, KeyDist: "zipf:1.1",
			ValueSize: "20-30", TTL: Duration(time.Minute), TTLJitter: 0.3, InvalidateRate: 0.2,
			InvalidateMode: "update", SourceLatency: "2ms", SourceConcurrency: 8},
	}}
}

func TestOverride(t *testing.T) {
	for _, tc := range []struct {
		flag, value string
		field       func(w *Workload) any
		want        any
	}{
		{"strategy", "naive", func(w *Workload) any { return w.Strategy }, "naive"},
		{"duration", "3s", func(w *Workload) any { return w.Duration }, Duration(3 * time.Second)},
		{"warmup", "0", func(w *Workload) any { return w.Warmup }, Duration(0)},
		{"ops", "0", func(w *Workload) any { return w.Ops }, int64(0)},
		{"workers", "64", func(w *Workload) any { return w.Workers }, 64},
		{"keys", "1000000", func(w *Workload) any { return w.Keys }, uint64(1000000)},
		{"key-dist", "hotspot:0.1:0.9", func(w *Workload) any { return w.KeyDist }, "hotspot:0.1:0.9"},
		{"value-size", "100-200", func(w *Workload) any { return w.ValueSize }, "100-200"},
		{"ttl", "90s", func(w *Workload) any { return w.TTL }, Duration(90 * time.Second)},
		{"ttl-jitter", "0.25", func(w *Workload) any { return w.TTLJitter }, 0.25},
		{"invalidate-rate", "1", func(w *Workload) any { return w.InvalidateRate }, 1.0},
		{"invalidate-mode", "delete", func(w *Workload) any { return w.InvalidateMode }, "delete"},
		{"source-latency", "uniform:1ms:3ms", func(w *Workload) any { return w.SourceLatency }, "uniform:1ms:3ms"},
		{"source-concurrency", "0", func(w *Workload) any { return w.SourceConcurrency }, 0},
		{"rate", "1500.5", func(w *Workload) any { return w.Rate }, 1500.5},
		{"arrival", "constant", func(w *Workload) any { return w.Arrival }, "constant"},
		{"near-size", "500", func(w *Workload) any { return w.NearSize }, 500},
		{"near-ttl", "2s", func(w *Workload) any { return w.NearTTL }, Duration(2 * time.Second)},
		{"tracking", "bcast", func(w *Workload) any { return w.Tracking }, "bcast"},
		{"seed", "-42", nil, int64(-42)},
	} {
		t.Run(tc.flag, func(t *testing.T) {
			s := twoWorkloads()
			before := twoWorkloads()
			if err := s.Override(tc.flag, tc.value); err != nil {
				t.Fatalf("Override(%q, %q): %v", tc.flag, tc.value, err)
			}
			if tc.field == nil { // seed: the scenario's, not a workload's
				if s.Seed != tc.want {
					t.Errorf("Seed = %v, want %v", s.Seed, tc.want)
				}
				if !reflect.DeepEqual(s.Workloads, before.Workloads) {
					t.Errorf("--seed changed the workloads: %+v", s.Workloads)
				}
				return
			}
			if len(s.Workloads) != 2 {
				t.Fatalf("Override left %d workloads, want 2", len(s.Workloads))
			}
			for i := range s.Workloads {
				if got := tc.field(&s.Workloads[i]); got != tc.want {
					t.Errorf("workload %d: %v, want %v", i, got, tc.want)
				}
				// Nothing else changed.
				after := s.Workloads[i]
				orig := before.Workloads[i]
				setField(tc.flag, &after, &orig)
				if !reflect.DeepEqual(after, orig) {
					t.Errorf("workload %d: other fields changed:\n got %+v\nwant %+v", i, s.Workloads[i], before.Workloads[i])
				}
			}
			if s.Seed != before.Seed || s.Name != before.Name {
				t.Errorf("name, seed = %q, %d; want %q, %d", s.Name, s.Seed, before.Name, before.Seed)
			}
			if _, err := Prepare(s); err != nil {
				t.Errorf("Prepare after the override: %v", err)
			}
		})
	}
}

// setField copies the field behind flag from src into dst, so the two
// workloads can be compared on all other fields.
func setField(flag string, src, dst *Workload) {
	v, d := reflect.ValueOf(src).Elem(), reflect.ValueOf(dst).Elem()
	for i := range v.NumField() {
		tag := strings.ReplaceAll(v.Type().Field(i).Tag.Get("json"), "_", "-")
		if strings.Split(tag, ",")[0] == flag {
			d.Field(i).Set(v.Field(i))
		}
	}
}

// designFlags are the workload flags DESIGN.md names (plus --ops,
// --source-concurrency and --arrival); TestOverride covers each.
var designFlags = []string{
	"strategy", "duration", "warmup", "ops", "workers", "keys", "key-dist",
	"value-size", "ttl", "ttl-jitter", "invalidate-rate", "invalidate-mode",
	"source-latency", "source-concurrency", "seed", "rate", "arrival",
}

func TestOverrideFlags(t *testing.T) {
	for _, f := range designFlags {
		if !slices.Contains(OverrideFlags, f) {
			t.Errorf("OverrideFlags lacks --%s", f)
		}
	}
	seen := map[string]bool{}
	for _, f := range OverrideFlags {
		if seen[f] {
			t.Errorf("OverrideFlags lists --%s twice", f)
		}
		seen[f] = true
		if strings.TrimSpace(FlagHelp[f]) == "" {
			t.Errorf("FlagHelp[%q] is empty", f)
		}
		// Every listed flag is one Override knows.
		s := twoWorkloads()
		var fe *FieldError
		if err := s.Override(f, "\x00"); errors.As(err, &fe) && strings.Contains(fe.Msg, "not a workload flag") {
			t.Errorf("OverrideFlags lists --%s, which Override does not know", f)
		}
	}
	if len(FlagHelp) != len(OverrideFlags) {
		t.Errorf("FlagHelp has %d entries for %d flags", len(FlagHelp), len(OverrideFlags))
	}
}

func TestOverrideErrors(t *testing.T) {
	for _, tc := range []struct{ flag, value string }{
		{"strategy", ""}, {"strategy", ","}, {"strategy", "write-through"}, {"strategy", "naive,naive"},
		{"strategy", "naive,lru"},
		{"duration", "0"}, {"duration", "-1s"}, {"duration", "10"}, {"duration", "soon"},
		{"warmup", "-1s"}, {"warmup", "x"},
		{"ttl", "0s"}, {"ttl", "-5s"}, {"ttl", "1h1x"},
		{"ops", "-1"}, {"ops", "1.5"},
		{"workers", "0"}, {"workers", "-4"}, {"workers", "many"},
		{"keys", "0"}, {"keys", "-1"}, {"keys", "1e6"},
		{"key-dist", "pareto"}, {"key-dist", "zipf:"},
		{"value-size", "0-"}, {"value-size", "big"},
		{"ttl-jitter", "1"}, {"ttl-jitter", "-0.1"}, {"ttl-jitter", "NaN"}, {"ttl-jitter", "half"},
		{"invalidate-rate", "1.01"}, {"invalidate-rate", "-0.5"}, {"invalidate-rate", "Inf"},
		{"invalidate-mode", "expire"}, {"invalidate-mode", ""},
		{"source-latency", "fast"}, {"source-latency", "lognormal:5ms"},
		{"source-concurrency", "-1"},
		{"seed", "0"}, {"seed", "x"},
		{"rate", "-1"}, {"rate", "NaN"}, {"rate", "2e9"},
		{"arrival", "bursty"},
		{"near-size", "0"}, {"near-size", "lots"}, {"near-ttl", "0s"}, {"tracking", "optin"},
		{"no-such-flag", "1"},
	} {
		t.Run(tc.flag+"="+tc.value, func(t *testing.T) {
			s := twoWorkloads()
			err := s.Override(tc.flag, tc.value)
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("Override(%q, %q) = %v, want a *FieldError", tc.flag, tc.value, err)
			}
			if fe.Field != "--"+tc.flag || !strings.Contains(err.Error(), "--"+tc.flag+": ") {
				t.Errorf("error %q names %q, want --%s", err, fe.Field, tc.flag)
			}
			if !reflect.DeepEqual(s, twoWorkloads()) {
				t.Errorf("a refused override changed the spec: %+v", s)
			}
		})
	}
}

func TestOverrideNoWorkloads(t *testing.T) {
	s := Spec{Name: "s"}
	if err := s.Override("workers", "3"); err != nil {
		t.Fatal(err)
	}
	if len(s.Workloads) != 1 || s.Workloads[0].Workers != 3 {
		t.Errorf("Workloads = %+v, want one with 3 workers", s.Workloads)
	}
}

func TestOverrideStrategy(t *testing.T) {
	t.Run("single strategy keeps names", func(t *testing.T) {
		s := twoWorkloads()
		if err := s.Override("strategy", " naive ,"); err != nil {
			t.Fatal(err)
		}
		got := []string{s.Workloads[0].Name, s.Workloads[1].Name}
		if !slices.Equal(got, []string{"a", "b"}) || s.Workloads[0].Strategy != "naive" {
			t.Errorf("workloads %q with strategy %q, want a, b with naive", got, s.Workloads[0].Strategy)
		}
		unnamed := Spec{Name: "s", Workloads: []Workload{{}}}
		if err := unnamed.Override("strategy", "naive"); err != nil {
			t.Fatal(err)
		}
		p, err := Prepare(unnamed)
		if err != nil || p.Workloads()[0].Name != "s" {
			t.Errorf("unnamed workload after --strategy naive: %+v, %v; want it named s", p, err)
		}
	})
	t.Run("comma list expands each workload", func(t *testing.T) {
		other := secondStrategy(t)
		s := twoWorkloads()
		if err := s.Override("strategy", "naive,"+other); err != nil {
			t.Fatal(err)
		}
		var names, strats []string
		for _, w := range s.Workloads {
			names, strats = append(names, w.Name), append(strats, w.Strategy)
		}
		if want := []string{"a/naive", "a/" + other, "b/naive", "b/" + other}; !slices.Equal(names, want) {
			t.Errorf("names = %q, want %q", names, want)
		}
		if want := []string{"naive", other, "naive", other}; !slices.Equal(strats, want) {
			t.Errorf("strategies = %q, want %q", strats, want)
		}
		orig := twoWorkloads().Workloads
		for i, w := range s.Workloads {
			o := orig[i/2]
			w.Name, w.Strategy, o.Name, o.Strategy = "", "", "", ""
			if !reflect.DeepEqual(w, o) {
				t.Errorf("workload %d differs from its original beyond name and strategy:\n got %+v\nwant %+v", i, w, o)
			}
		}
		if _, err := Prepare(s); err != nil {
			t.Errorf("Prepare: %v", err)
		}
	})
	t.Run("comma list names unnamed workloads after the scenario", func(t *testing.T) {
		other := secondStrategy(t)
		s := Spec{Name: "s", Workloads: []Workload{{}}}
		if err := s.Override("strategy", other+",naive"); err != nil {
			t.Fatal(err)
		}
		p, err := Prepare(s)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, w := range p.Workloads() {
			names = append(names, w.Name)
		}
		if want := []string{"s/" + other, "s/naive"}; !slices.Equal(names, want) {
			t.Errorf("names = %q, want %q", names, want)
		}
	})
}

// secondStrategy returns a strategy other than naive, registering a
// stand-in for the test's duration while naive is the only one built.
func secondStrategy(t *testing.T) string {
	t.Helper()
	for _, s := range Strategies() {
		if s != "naive" {
			return s
		}
	}
	const name = "test-only"
	strategies[name] = "a stand-in registered by override_test.go"
	t.Cleanup(func() { delete(strategies, name) })
	return name
}
