package scenario

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// twoPhase is what testdata/good.yaml and testdata/good.json hold.
var twoPhase = Spec{
	Name:        "two-phase",
	Description: "a read-only phase, then 10% invalidation by update",
	Seed:        7,
	Workloads: []Workload{
		{
			Name: "read-only", Duration: Duration(2 * time.Second), Warmup: Duration(500 * time.Millisecond),
			Workers: 4, Keys: 1000, KeyDist: "uniform", ValueSize: "64-128",
			TTL: Duration(30 * time.Second), TTLJitter: 0.1, SourceLatency: "2ms",
		},
		{
			Name: "invalidating", Strategy: "naive", Ops: 5000, Workers: 8, Rate: 2000, Arrival: "poisson",
			Keys: 1000, KeyDist: "hotspot:0.01:0.9", ValueSize: "256", TTL: Duration(time.Minute),
			InvalidateRate: 0.1, InvalidateMode: "update", SourceLatency: "lognormal:5ms:0.5",
			SourceConcurrency: 4,
		},
	},
}

func TestLoad(t *testing.T) {
	for _, tc := range []struct {
		file string
		want Spec
	}{
		{"good.yaml", twoPhase},
		{"good.json", twoPhase},
		// Without a name, the file's base name.
		{"minimal.yml", Spec{Name: "minimal", Workloads: []Workload{{Duration: Duration(time.Second)}}}},
		{"empty.yaml", Spec{Name: "empty"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			got, err := Load(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Load:\n got %+v\nwant %+v", got, tc.want)
			}
			if _, err := Prepare(got); err != nil {
				t.Errorf("Prepare: %v", err)
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct {
		name, ref string
		want      []string // substrings of the message
	}{
		{"unknown field yaml", "testdata/unknown-field.yaml", []string{`testdata/unknown-field.yaml: line 5: unknown field "ttl_jiter" in a workload: did you mean "ttl_jitter"?`}},
		{"unknown field json", "testdata/unknown-field.json", []string{"testdata/unknown-field.json: line ", `unknown field "ttl_jiter": did you mean "ttl_jitter"?`}},
		{"yaml syntax", "testdata/bad-syntax.yaml", []string{"testdata/bad-syntax.yaml", "yaml: line "}},
		{"json syntax", "testdata/bad-syntax.json", []string{"testdata/bad-syntax.json", "line 4"}},
		{"bad duration", "testdata/bad-duration.yaml", []string{"testdata/bad-duration.yaml", `"fast" is not a duration`}},
		{"bad extension", "testdata/good.txt", []string{`"testdata/good.txt"`, ".yaml, .yml or .json", "default"}},
		{"no extension, not a built-in", "no-such-scenario", []string{"neither a built-in scenario", "hot-key"}},
		{"missing file", "testdata/missing.yaml", []string{"cannot read testdata/missing.yaml", "no such file"}},
		{"directory", "testdata/dir.json", []string{"cannot read testdata/dir.json"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.ref == "testdata/dir.json" {
				// A directory with a scenario's name: created here, not kept in testdata.
				tmp := t.TempDir()
				t.Chdir(tmp)
				if err := os.MkdirAll(filepath.Join(tmp, "testdata", "dir.json"), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			s, err := Load(tc.ref)
			if err == nil {
				t.Fatalf("Load(%q) = %+v, want an error", tc.ref, s)
			}
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != "--scenario" {
				t.Errorf("error %v (%T) is not a *FieldError on --scenario", err, err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestLoadJSONUnknownFieldLine(t *testing.T) {
	_, err := Load("testdata/unknown-field.json")
	if err == nil || !strings.Contains(err.Error(), "line 5:") {
		t.Errorf("error %v, want it to name line 5", err)
	}
}

func TestLoadJSONTrailingData(t *testing.T) {
	s, err := Load("testdata/trailing-data.json")
	if err == nil {
		t.Errorf("Load accepted trailing data: %+v", s)
	}
}

func TestLoadYAMLBadValueLine(t *testing.T) {
	_, err := Load("testdata/bad-duration.yaml")
	if err == nil || !strings.Contains(err.Error(), "line 4") {
		t.Errorf("error %v, want it to name line 4", err)
	}
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name   string
		data   string
		isJSON bool
		want   Spec
		err    string // substring of the error, "" for none
	}{
		{name: "yaml durations", data: "workloads:\n  - duration: 1m30s\n    ttl: 250ms\n    warmup: 0\n",
			want: Spec{Workloads: []Workload{{Duration: Duration(90 * time.Second), TTL: Duration(250 * time.Millisecond)}}}},
		{name: "json durations", data: `{"workloads": [{"duration": "1m30s", "ttl": "250ms", "warmup": "0"}]}`, isJSON: true,
			want: Spec{Workloads: []Workload{{Duration: Duration(90 * time.Second), TTL: Duration(250 * time.Millisecond)}}}},
		{name: "json number for a duration", data: "{\n\"workloads\": [{\"ttl\": 60}]}", isJSON: true, err: "line 2"},
		{name: "json wrong type", data: "{\"seed\": \"one\"}", isJSON: true, err: "line 1"},
		{name: "yaml wrong type", data: "seed: [1]\n", err: "line 1"},
		{name: "yaml unknown nested field", data: "workloads:\n  - keys: 5\n    bogus: 1\n", err: "line 3"},
		{name: "empty json", data: "", isJSON: true, err: "EOF"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse([]byte(tc.data), tc.isJSON)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Errorf("Parse = %+v, %v; want an error containing %q", got, err, tc.err)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Parse = %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
}
