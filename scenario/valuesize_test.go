package scenario

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestParseValueSize(t *testing.T) {
	tests := []struct {
		name, in  string
		want      ValueSize
		canonical string
	}{
		{"bytes", "100", ValueSize{100, 100}, "100"},
		{"one byte", "1", ValueSize{1, 1}, "1"},
		{"range", "1-4096", ValueSize{1, 4096}, "1-4096"},
		{"equal ends", "64-64", ValueSize{64, 64}, "64"},
		{"B suffix", "64B", ValueSize{64, 64}, "64"},
		{"KB", "1KB", ValueSize{1024, 1024}, "1024"},
		{"KiB", "2KiB", ValueSize{2048, 2048}, "2048"},
		{"lower case range", "2kb-1mib", ValueSize{2048, 1 << 20}, "2048-1048576"},
		{"MB", "1MB", ValueSize{1 << 20, 1 << 20}, "1048576"},
		{"limit", "16MiB", ValueSize{16 << 20, 16 << 20}, "16777216"},
		{"limit in bytes", "1-16777216", ValueSize{1, 16 << 20}, "1-16777216"},
		{"spaces", " 10 KB - 20 KB ", ValueSize{10 << 10, 20 << 10}, "10240-20480"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseValueSize(tt.in)
			if err != nil {
				t.Fatalf("ParseValueSize(%q) error: %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseValueSize(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
			if s := got.String(); s != tt.canonical {
				t.Errorf("String() = %q, want %q", s, tt.canonical)
			}
			if again, err := ParseValueSize(got.String()); err != nil || again != got {
				t.Errorf("round trip of %q = %+v, %v", got.String(), again, err)
			}
			if err := got.Validate(); err != nil {
				t.Errorf("Validate() = %v", err)
			}
		})
	}
}

func TestParseValueSizeErrors(t *testing.T) {
	tests := []struct{ name, in string }{
		{"empty", ""},
		{"zero", "0"},
		{"zero min", "0-10"},
		{"negative", "-1"},
		{"min above max", "5-1"},
		{"open range", "1-"},
		{"three parts", "1-2-3"},
		{"above limit", "17MiB"},
		{"one above limit", "16777217"},
		{"overflow", "99999999999999999999"},
		{"huge in MB", "99999999999MB"},
		{"fraction", "1.5KB"},
		{"gigabytes", "1GB"},
		{"unit only", "KB"},
		{"word", "abc"},
		{"sign", "+5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseValueSize(tt.in)
			if err == nil {
				t.Fatalf("ParseValueSize(%q) = %+v, want an error", tt.in, got)
			}
			for _, want := range []string{"scenario: value-size ", `"` + tt.in + `"`, valueSizeAccepted} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
		})
	}
}

func TestValueSizeText(t *testing.T) {
	type wrapper struct {
		Size ValueSize `json:"value_size"`
	}
	in := wrapper{ValueSize{10, 20}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"value_size":"10-20"}`; string(b) != want {
		t.Errorf("json = %s, want %s", b, want)
	}
	var out wrapper
	if err := json.Unmarshal(b, &out); err != nil || out != in {
		t.Errorf("json round trip = %+v, %v", out, err)
	}
	if err := json.Unmarshal([]byte(`{"value_size":"0"}`), &out); err == nil {
		t.Error("unmarshalling 0 succeeded, want an error")
	}
}

func TestValueSizeFor(t *testing.T) {
	t.Run("fixed", func(t *testing.T) {
		v := ValueSize{100, 100}
		for k := range uint64(100) {
			if got := v.For(k, int64(k)); got != 100 {
				t.Fatalf("For(%d) = %d, want 100", k, got)
			}
		}
	})
	t.Run("uniform and deterministic", func(t *testing.T) {
		v := ValueSize{Min: 10, Max: 19}
		const keys = 100_000
		counts := make([]int, 10)
		for k := range uint64(keys) {
			got := v.For(k, 7)
			if got < v.Min || got > v.Max {
				t.Fatalf("For(%d) = %d, want in [%d, %d]", k, got, v.Min, v.Max)
			}
			if again := v.For(k, 7); again != got {
				t.Fatalf("For(%d) = %d then %d", k, got, again)
			}
			counts[got-v.Min]++
		}
		probs := make([]float64, len(counts))
		for i := range probs {
			probs[i] = 0.1
		}
		if p := statChiSquarePValue(statChiSquare(counts, probs)); p < zipfMinP {
			t.Errorf("chi-square p = %.3g, counts %v: sizes not uniform", p, counts)
		}
	})
	t.Run("seed changes sizes", func(t *testing.T) {
		v := ValueSize{Min: 1, Max: 1 << 20}
		var same int
		for k := range uint64(1000) {
			if v.For(k, 1) == v.For(k, 2) {
				same++
			}
		}
		if same > 5 {
			t.Errorf("%d of 1000 keys have the same size under seeds 1 and 2", same)
		}
	})
	t.Run("full range reaches both ends", func(t *testing.T) {
		v := ValueSize{Min: 1, Max: 2}
		seen := map[int]bool{}
		for k := range uint64(100) {
			seen[v.For(k, 3)] = true
		}
		if !seen[1] || !seen[2] || len(seen) != 2 {
			t.Errorf("sizes seen = %v, want exactly 1 and 2", seen)
		}
	})
	t.Run("invalid is clamped", func(t *testing.T) {
		if got := (ValueSize{}).For(1, 1); got != 1 {
			t.Errorf("zero ValueSize For = %d, want 1", got)
		}
		if got := (ValueSize{Min: 5, Max: 2}).For(1, 1); got != 5 {
			t.Errorf("Min > Max For = %d, want 5", got)
		}
	})
	t.Run("no allocation", func(t *testing.T) {
		v := ValueSize{Min: 1, Max: 4096}
		var sink int
		if allocs := testing.AllocsPerRun(1000, func() { sink += v.For(12345, 6) }); allocs != 0 {
			t.Errorf("For made %v allocations", allocs)
		}
		_ = sink
	})
}
