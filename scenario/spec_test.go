package scenario

import (
	"errors"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// defaultWorkload is a workload with every field of the design's contract
// at its default, named name.
func defaultWorkload(name string) Workload {
	return Workload{
		Name: name, Strategy: "naive", Duration: Duration(10 * time.Second), Workers: 16,
		Arrival: "constant", Keys: 10000, KeyDist: "zipf:0.99", ValueSize: "256",
		TTL: Duration(time.Minute), InvalidateMode: "delete", SourceLatency: "lognormal:5ms:0.5",
	}
}

// contractFields keeps the fields defaultWorkload sets (and their zero
// companions Warmup, Ops, Rate, TTLJitter, InvalidateRate and
// SourceConcurrency) and zeroes the rest, so tests of defaults do not break
// when fields are added.
func contractFields(w Workload) Workload {
	return Workload{
		Name: w.Name, Strategy: w.Strategy, Duration: w.Duration, Warmup: w.Warmup, Ops: w.Ops,
		Workers: w.Workers, Rate: w.Rate, Arrival: w.Arrival, Keys: w.Keys, KeyDist: w.KeyDist,
		ValueSize: w.ValueSize, TTL: w.TTL, TTLJitter: w.TTLJitter, InvalidateRate: w.InvalidateRate,
		InvalidateMode: w.InvalidateMode, SourceLatency: w.SourceLatency, SourceConcurrency: w.SourceConcurrency,
	}
}

// nonZeroWorkload returns a workload with every field set to a non-zero
// value (not necessarily a valid one), found by reflection so that new
// fields are covered too.
func nonZeroWorkload(t *testing.T) Workload {
	t.Helper()
	var w Workload
	v := reflect.ValueOf(&w).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString("set-" + v.Type().Field(i).Name)
		case reflect.Int, reflect.Int64:
			f.SetInt(int64(3 + i))
		case reflect.Uint64:
			f.SetUint(uint64(3 + i))
		case reflect.Float64:
			f.SetFloat(0.25 + float64(i))
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Pointer:
			if f.Type().Elem().Kind() != reflect.Float64 {
				t.Fatalf("nonZeroWorkload: field %s points to %s", v.Type().Field(i).Name, f.Type().Elem())
			}
			p := reflect.New(f.Type().Elem())
			p.Elem().SetFloat(0.25 + float64(i))
			f.Set(p)
		default:
			t.Fatalf("nonZeroWorkload: field %s of kind %s", v.Type().Field(i).Name, f.Kind())
		}
	}
	return w
}

func TestResolve(t *testing.T) {
	opsOnly := defaultWorkload("custom")
	opsOnly.Duration, opsOnly.Ops = 0, 500
	for _, tc := range []struct {
		name      string
		in        Spec
		wantName  string
		wantSeed  int64
		wantLoads []Workload // compared on contractFields
	}{
		{"empty", Spec{}, "custom", 1, []Workload{defaultWorkload("custom")}},
		{"named with an empty workload", Spec{Name: "s", Seed: 5, Workloads: []Workload{{}}},
			"s", 5, []Workload{defaultWorkload("s")}},
		{"ops without duration stays unlimited in time", Spec{Workloads: []Workload{{Ops: 500}}},
			"custom", 1, []Workload{opsOnly}},
		{"several workloads are named by strategy", Spec{Name: "s", Workloads: []Workload{{}, {Name: "mine"}}},
			"s", 1, []Workload{defaultWorkload("s/naive"), defaultWorkload("mine")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.in
			got.Workloads = slices.Clone(tc.in.Workloads)
			got.Resolve()
			if got.Name != tc.wantName || got.Seed != tc.wantSeed || len(got.Workloads) != len(tc.wantLoads) {
				t.Fatalf("Resolve: name %q, seed %d, %d workloads; want %q, %d, %d",
					got.Name, got.Seed, len(got.Workloads), tc.wantName, tc.wantSeed, len(tc.wantLoads))
			}
			for i, w := range got.Workloads {
				if cw := contractFields(w); cw != tc.wantLoads[i] {
					t.Errorf("workload %d:\n got %+v\nwant %+v", i, cw, tc.wantLoads[i])
				}
			}
			again := got
			again.Workloads = slices.Clone(got.Workloads)
			again.Resolve()
			if !reflect.DeepEqual(again, got) {
				t.Errorf("Resolve is not idempotent:\n once  %+v\n twice %+v", got, again)
			}
			if err := got.Validate(); err != nil {
				t.Errorf("resolved spec does not validate: %v", err)
			}
		})
	}
	t.Run("set fields are kept", func(t *testing.T) {
		w := nonZeroWorkload(t)
		s := Spec{Name: "s", Seed: -3, Workloads: []Workload{w}}
		s.Resolve()
		if s.Name != "s" || s.Seed != -3 || len(s.Workloads) != 1 || s.Workloads[0] != w {
			t.Errorf("Resolve changed set fields:\n got %+v\nwant %+v", s.Workloads, w)
		}
	})
}

func TestResolveUnnamedWorkloadsAreDistinct(t *testing.T) {
	p, err := Prepare(Spec{Name: "s", Workloads: []Workload{{TTL: Duration(time.Second)}, {TTL: Duration(time.Minute)}}})
	if err != nil {
		t.Fatalf("Prepare of two unnamed workloads: %v", err)
	}
	if a, b := p.Workloads()[0].Name, p.Workloads()[1].Name; a == b {
		t.Errorf("both workloads are named %q", a)
	}
}

// errorFields returns the Field of every *FieldError joined in err, in order.
func errorFields(t *testing.T, err error) []string {
	t.Helper()
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else if err != nil {
		errs = []error{err}
	}
	var fields []string
	for _, e := range errs {
		var fe *FieldError
		if !errors.As(e, &fe) {
			t.Errorf("%v (%T) is not a *FieldError", e, e)
			continue
		}
		if !strings.Contains(e.Error(), fe.Field) || fe.Msg == "" {
			t.Errorf("error %q does not name its field %q with a message", e, fe.Field)
		}
		fields = append(fields, fe.Field)
	}
	return fields
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(w *Workload)
		want []string // fields named, in order
	}{
		{"defaults", func(w *Workload) {}, nil},
		{"negative workers", func(w *Workload) { w.Workers = -1 }, []string{"workloads[0].workers"}},
		{"too many workers", func(w *Workload) { w.Workers = 100001 }, []string{"workloads[0].workers"}},
		{"negative duration", func(w *Workload) { w.Duration = Duration(-time.Second) }, []string{"workloads[0].duration"}},
		{"no duration nor ops", func(w *Workload) { w.Duration = 0 }, []string{"workloads[0].duration"}},
		{"ops alone", func(w *Workload) { w.Duration, w.Ops = 0, 100 }, nil},
		{"negative ops", func(w *Workload) { w.Ops = -1 }, []string{"workloads[0].ops"}},
		{"negative warmup", func(w *Workload) { w.Warmup = Duration(-time.Second) }, []string{"workloads[0].warmup"}},
		{"negative rate", func(w *Workload) { w.Rate = -1 }, []string{"workloads[0].rate"}},
		{"NaN rate", func(w *Workload) { w.Rate = math.NaN() }, []string{"workloads[0].rate"}},
		{"unknown arrival", func(w *Workload) { w.Arrival = "bursty" }, []string{"workloads[0].arrival"}},
		{"zero keys after resolve", func(w *Workload) { w.Keys = 0 }, []string{"workloads[0].keys"}},
		{"invalidate rate above 1", func(w *Workload) { w.InvalidateRate = 1.5 }, []string{"workloads[0].invalidate_rate"}},
		{"invalidate rate below 0", func(w *Workload) { w.InvalidateRate = -0.1 }, []string{"workloads[0].invalidate_rate"}},
		{"invalidate rate NaN", func(w *Workload) { w.InvalidateRate = math.NaN() }, []string{"workloads[0].invalidate_rate"}},
		{"invalidate rate 1", func(w *Workload) { w.InvalidateRate = 1 }, nil},
		{"ttl jitter 1", func(w *Workload) { w.TTLJitter = 1 }, []string{"workloads[0].ttl_jitter"}},
		{"ttl jitter negative", func(w *Workload) { w.TTLJitter = -0.5 }, []string{"workloads[0].ttl_jitter"}},
		{"unknown key dist", func(w *Workload) { w.KeyDist = "pareto" }, []string{"workloads[0].key_dist"}},
		{"bad zipf exponent", func(w *Workload) { w.KeyDist = "zipf:x" }, []string{"workloads[0].key_dist"}},
		{"unknown strategy", func(w *Workload) { w.Strategy = "write-through" }, []string{"workloads[0].strategy"}},
		{"bad value size", func(w *Workload) { w.ValueSize = "big" }, []string{"workloads[0].value_size"}},
		{"inverted value size", func(w *Workload) { w.ValueSize = "512-64" }, []string{"workloads[0].value_size"}},
		{"bad latency", func(w *Workload) { w.SourceLatency = "fast" }, []string{"workloads[0].source_latency"}},
		{"negative latency", func(w *Workload) { w.SourceLatency = "-5ms" }, []string{"workloads[0].source_latency"}},
		{"zero ttl", func(w *Workload) { w.TTL = 0 }, []string{"workloads[0].ttl"}},
		{"sub-millisecond ttl", func(w *Workload) { w.TTL = Duration(1500 * time.Microsecond) }, []string{"workloads[0].ttl"}},
		{"unknown invalidate mode", func(w *Workload) { w.InvalidateMode = "expire" }, []string{"workloads[0].invalidate_mode"}},
		{"negative source concurrency", func(w *Workload) { w.SourceConcurrency = -1 }, []string{"workloads[0].source_concurrency"}},
		{"near defaults", func(w *Workload) { w.Strategy = "near"; w.resolveNear() }, nil},
		{"near fields ignored by naive", func(w *Workload) { w.NearSize, w.Tracking = -1, "optin" }, nil},
		{"near size too large", func(w *Workload) { w.Strategy = "near"; w.resolveNear(); w.NearSize = maxNearSize + 1 }, []string{"workloads[0].near_size"}},
		{"near unknown tracking", func(w *Workload) { w.Strategy = "near-unsafe"; w.resolveNear(); w.Tracking = "optin" }, []string{"workloads[0].tracking"}},
		{"near over singleflight", func(w *Workload) { w.Strategy = "near"; w.NearOver = "singleflight"; w.resolveNear() }, nil},
		{"near over near", func(w *Workload) { w.Strategy = "near"; w.NearOver = "near"; w.resolveNear() }, []string{"workloads[0].near_over"}},
		{"near over without near", func(w *Workload) { w.NearOver = "lease" }, []string{"workloads[0].near_over"}},
		{"near negative ttl", func(w *Workload) { w.Strategy = "near"; w.resolveNear(); w.NearTTL = Duration(-time.Second) }, []string{"workloads[0].near_ttl"}},
		{"everything at once", func(w *Workload) {
			w.Workers, w.InvalidateRate, w.KeyDist, w.Strategy, w.ValueSize, w.SourceLatency = -2, 2, "pareto", "lru", "0-x", "slow"
		}, []string{
			"workloads[0].strategy", "workloads[0].workers", "workloads[0].key_dist",
			"workloads[0].value_size", "workloads[0].invalidate_rate", "workloads[0].source_latency",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := Spec{Name: "s", Workloads: []Workload{{}}}
			s.Resolve()
			tc.edit(&s.Workloads[0])
			err := s.Validate()
			if got := errorFields(t, err); !slices.Equal(got, tc.want) {
				t.Errorf("Validate named %q, want %q; error: %v", got, tc.want, err)
			}
			// Prepare resolves again, so zeroed fields come back as defaults:
			// only a valid spec must prepare, and an invalid non-zero one not.
			if _, perr := Prepare(s); err == nil && perr != nil {
				t.Errorf("Prepare: %v, though Validate passed", perr)
			}
		})
	}
}

func TestValidateSpecLevel(t *testing.T) {
	t.Run("no workloads", func(t *testing.T) {
		s := Spec{Name: "s", Seed: 1}
		if got := errorFields(t, s.Validate()); !slices.Equal(got, []string{"workloads"}) {
			t.Errorf("Validate named %q, want [workloads]", got)
		}
	})
	t.Run("duplicate names and problems in several workloads", func(t *testing.T) {
		s := Spec{Name: "s", Workloads: []Workload{{Name: "a"}, {Name: "b", Workers: -1}, {Name: "a", KeyDist: "pareto"}}}
		s.Resolve()
		err := s.Validate()
		want := []string{"workloads[1].workers", "workloads[2].key_dist", "workloads[2].name"}
		if got := errorFields(t, err); !slices.Equal(got, want) {
			t.Errorf("Validate named %q, want %q; error: %v", got, want, err)
		}
		if !strings.Contains(err.Error(), `"a" is used twice`) {
			t.Errorf("error %q does not say which name is used twice", err)
		}
	})
	t.Run("zero workers in a struct are defaulted", func(t *testing.T) {
		p, err := Prepare(Spec{Workloads: []Workload{{Workers: 0, Keys: 0}}})
		if err != nil {
			t.Fatalf("Prepare: %v", err)
		}
		if w := p.Workloads()[0]; w.Workers != DefaultWorkers || w.Keys != DefaultKeys {
			t.Errorf("workers, keys = %d, %d; want the defaults %d, %d", w.Workers, w.Keys, DefaultWorkers, DefaultKeys)
		}
	})
}

func TestPrepareLeavesItsArgument(t *testing.T) {
	in := Spec{Workloads: []Workload{{}}}
	if _, err := Prepare(in); err != nil {
		t.Fatal(err)
	}
	if in.Workloads[0] != (Workload{}) {
		t.Errorf("Prepare resolved the caller's workloads in place: %+v", in.Workloads[0])
	}
}

func TestBuiltins(t *testing.T) {
	all := Builtins()
	fresh := Builtins() // Prepare may touch the workloads of what it is given
	if len(all) == 0 || all[0].Name != "default" {
		t.Fatalf("Builtins() = %d scenarios, first %q; want \"default\" first", len(all), all[0].Name)
	}
	names := map[string]bool{}
	for i, b := range all {
		t.Run(b.Name, func(t *testing.T) {
			if names[b.Name] {
				t.Errorf("name %q is used twice", b.Name)
			}
			names[b.Name] = true
			if strings.TrimSpace(b.Description) == "" || strings.Contains(b.Description, "\n") {
				t.Errorf("Description = %q, want one line", b.Description)
			}
			p, err := Prepare(b)
			if err != nil {
				t.Fatalf("Prepare: %v", err)
			}
			var total time.Duration
			for i, w := range p.Workloads() {
				total += w.Duration.D() + w.Warmup.D()
				if c := p.BenchConfig(i); c.Name != w.Name || c.Workers != w.Workers || c.Duration != w.Duration.D() {
					t.Errorf("BenchConfig(%d) = %+v, does not match workload %+v", i, c, w)
				}
			}
			// "Each is short enough to run in well under a minute."
			if total <= 0 || total > 30*time.Second {
				t.Errorf("workloads take %v per target, want (0, 30s]", total)
			}
			got, ok := Builtin(b.Name)
			if !ok || !reflect.DeepEqual(got, fresh[i]) {
				t.Errorf("Builtin(%q) = %+v, %v; want %+v", b.Name, got, ok, fresh[i])
			}
			if l, err := Load(b.Name); err != nil || !reflect.DeepEqual(l, fresh[i]) {
				t.Errorf("Load(%q) = %+v, %v; want the built-in", b.Name, l, err)
			}
		})
	}
	// Callers get copies: changing one changes no other.
	a, _ := Builtin("default")
	a.Workloads[0].Workers = -7
	a.Name = "changed"
	if b, _ := Builtin("default"); b.Workloads[0].Workers == -7 || Builtins()[0].Workloads[0].Workers == -7 {
		t.Error("changing a returned built-in changed the built-in")
	}
	if _, ok := Builtin("no-such-scenario"); ok {
		t.Error(`Builtin("no-such-scenario") found something`)
	}
}

func TestStrategyListOnUnnamedWorkloadsKeepsNamesDistinct(t *testing.T) {
	s := Spec{Name: "s", Workloads: []Workload{{TTL: Duration(time.Second)}, {TTL: Duration(time.Minute)}}}
	if err := s.Override("strategy", "naive,lease"); err != nil {
		t.Fatal(err)
	}
	p, err := Prepare(s)
	if err != nil {
		t.Fatalf("Prepare: %v", err)
	}
	var names []string
	for _, w := range p.Workloads() {
		names = append(names, w.Name)
	}
	want := []string{"s/1/naive", "s/1/lease", "s/2/naive", "s/2/lease"}
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Errorf("names %v, want %v", names, want)
	}
}
