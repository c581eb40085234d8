package scenario

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestParseKeyDist(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		want      KeyDistSpec
		canonical string
	}{
		{"uniform", "uniform", KeyDistSpec{Kind: KeyDistUniform}, "uniform"},
		{"sequential", "sequential", KeyDistSpec{Kind: KeyDistSequential}, "sequential"},
		{"zipf", "zipf:0.99", KeyDistSpec{Kind: KeyDistZipf, S: 0.99}, "zipf:0.99"},
		{"zipf one", "zipf:1.0", KeyDistSpec{Kind: KeyDistZipf, S: 1}, "zipf:1"},
		{"zipf below one", "zipf:.5", KeyDistSpec{Kind: KeyDistZipf, S: 0.5}, "zipf:0.5"},
		{"zipf exponent form", "zipf:2.5e0", KeyDistSpec{Kind: KeyDistZipf, S: 2.5}, "zipf:2.5"},
		{"hotspot", "hotspot:0.2:0.8", KeyDistSpec{Kind: KeyDistHotspot, HotFrac: 0.2, HotOps: 0.8}, "hotspot:0.2:0.8"},
		{"surrounding space", " zipf:1.5 ", KeyDistSpec{Kind: KeyDistZipf, S: 1.5}, "zipf:1.5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseKeyDist(tt.in)
			if err != nil {
				t.Fatalf("ParseKeyDist(%q) error: %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseKeyDist(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
			if s := got.String(); s != tt.canonical {
				t.Errorf("String() = %q, want %q", s, tt.canonical)
			}
			again, err := ParseKeyDist(got.String())
			if err != nil || again != got {
				t.Errorf("round trip of %q = %+v, %v; want %+v", got.String(), again, err, got)
			}
			if err := got.Validate(); err != nil {
				t.Errorf("Validate() = %v", err)
			}
		})
	}
}

func TestParseKeyDistErrors(t *testing.T) {
	tests := []struct {
		name, in string
	}{
		{"zipf zero", "zipf:0"},
		{"zipf negative", "zipf:-1"},
		{"zipf empty", "zipf:"},
		{"zipf bare", "zipf"},
		{"zipf not a number", "zipf:x"},
		{"zipf NaN", "zipf:NaN"},
		{"zipf infinite", "zipf:Inf"},
		{"zipf two params", "zipf:1:2"},
		{"hotspot frac above one", "hotspot:1.5:0.5"},
		{"hotspot frac one", "hotspot:1:0.5"},
		{"hotspot frac zero", "hotspot:0:0.5"},
		{"hotspot ops one", "hotspot:0.2:1"},
		{"hotspot ops negative", "hotspot:0.2:-0.8"},
		{"hotspot one param", "hotspot:0.2"},
		{"hotspot not numbers", "hotspot:a:b"},
		{"uniform with param", "uniform:1"},
		{"sequential with param", "sequential:2"},
		{"unknown", "foo"},
		{"wrong case", "Uniform"},
		{"empty", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseKeyDist(tt.in)
			if err == nil {
				t.Fatalf("ParseKeyDist(%q) = %+v, want an error", tt.in, got)
			}
			msg := err.Error()
			for _, want := range []string{"scenario: key-dist ", `"` + tt.in + `"`, keyDistAccepted} {
				if !strings.Contains(msg, want) {
					t.Errorf("error %q does not contain %q", msg, want)
				}
			}
		})
	}
}

func TestKeyDistSpecValidate(t *testing.T) {
	tests := []struct {
		name string
		k    KeyDistSpec
		ok   bool
	}{
		{"zero value", KeyDistSpec{}, true},
		{"zipf", KeyDistSpec{Kind: KeyDistZipf, S: 1}, true},
		{"zipf without exponent", KeyDistSpec{Kind: KeyDistZipf}, false},
		{"uniform with exponent", KeyDistSpec{Kind: KeyDistUniform, S: 1}, false},
		{"hotspot with exponent", KeyDistSpec{Kind: KeyDistHotspot, S: 1, HotFrac: 0.1, HotOps: 0.9}, false},
		{"zipf with hotspot", KeyDistSpec{Kind: KeyDistZipf, S: 1, HotOps: 0.9}, false},
		{"unknown kind", KeyDistSpec{Kind: "latest"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.k.Validate(); (err == nil) != tt.ok {
				t.Errorf("Validate(%+v) = %v, want ok=%v", tt.k, err, tt.ok)
			}
		})
	}
}

func TestKeyDistSpecText(t *testing.T) {
	type wrapper struct {
		KeyDist KeyDistSpec `json:"key_dist"`
	}
	in := wrapper{KeyDistSpec{Kind: KeyDistHotspot, HotFrac: 0.1, HotOps: 0.9}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"key_dist":"hotspot:0.1:0.9"}`; string(b) != want {
		t.Errorf("json = %s, want %s", b, want)
	}
	var out wrapper
	if err := json.Unmarshal(b, &out); err != nil || out != in {
		t.Errorf("json round trip = %+v, %v; want %+v", out, err, in)
	}
	if err := json.Unmarshal([]byte(`{"key_dist":"zipf:0"}`), &out); err == nil {
		t.Error("unmarshalling zipf:0 succeeded, want an error")
	}
	if got := (KeyDistSpec{}).String(); got != "uniform" {
		t.Errorf("zero value String() = %q, want uniform", got)
	}
}

// keyDistDraw returns n draws of d.
func keyDistDraw(d KeyDist, n int) []uint64 {
	out := make([]uint64, n)
	for i := range out {
		out[i] = d.Next()
	}
	return out
}

func TestUniformSampler(t *testing.T) {
	for _, spec := range []KeyDistSpec{{}, {Kind: KeyDistUniform}} {
		t.Run(spec.String()+"/kind "+spec.Kind, func(t *testing.T) {
			const n, draws = 7, 70_000
			counts := make([]int, n)
			for _, k := range keyDistDraw(spec.NewSampler(n, 5, 0, 1), draws) {
				if k >= n {
					t.Fatalf("Next() = %d, want < %d", k, n)
				}
				counts[k]++
			}
			probs := make([]float64, n)
			for i := range probs {
				probs[i] = 1.0 / n
			}
			if p := statChiSquarePValue(statChiSquare(counts, probs)); p < zipfMinP {
				t.Errorf("chi-square p = %.3g, counts %v: not uniform", p, counts)
			}
		})
	}
	one := KeyDistSpec{Kind: KeyDistUniform}.NewSampler(1, 5, 0, 1)
	for _, k := range keyDistDraw(one, 100) {
		if k != 0 {
			t.Fatalf("Next() over 1 key = %d, want 0", k)
		}
	}
}

func TestHotspotKeys(t *testing.T) {
	tests := []struct {
		name string
		n    uint64
		frac float64
		want uint64
	}{
		{"exact", 1000, 0.2, 200},
		{"rounding error above integer", 10, 0.7, 7}, // 0.7*10 = 7.000000000000001
		{"rounds up", 10, 0.25, 3},
		{"at least one", 3, 0.1, 1},
		{"tiny fraction", 1 << 40, 1.5e-12, 2},
		{"single key", 1, 0.5, 1},
		{"nearly all", 10, 0.99, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := hotspotKeys(tt.n, tt.frac); got != tt.want {
				t.Errorf("hotspotKeys(%d, %g) = %d, want %d", tt.n, tt.frac, got, tt.want)
			}
		})
	}
}

func TestHotspotSampler(t *testing.T) {
	tests := []struct {
		name           string
		n              uint64
		hotFrac, hotOp float64
		hot            uint64 // expected size of the hot set
	}{
		{"ycsb 20/80", 1000, 0.2, 0.8, 200},
		{"float trap", 10, 0.7, 0.9, 7},
		{"one hot key", 3, 0.1, 0.5, 1},
		{"all hot", 1, 0.5, 0.5, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const draws = 100_000
			spec := KeyDistSpec{Kind: KeyDistHotspot, HotFrac: tt.hotFrac, HotOps: tt.hotOp}
			hotCounts := make([]int, tt.hot)
			coldCounts := make([]int, tt.n-tt.hot)
			for _, k := range keyDistDraw(spec.NewSampler(tt.n, 11, 0, 1), draws) {
				switch {
				case k < tt.hot:
					hotCounts[k]++
				case k < tt.n:
					coldCounts[k-tt.hot]++
				default:
					t.Fatalf("Next() = %d, want < %d", k, tt.n)
				}
			}
			var hits int
			for _, c := range hotCounts {
				hits += c
			}
			want := tt.hotOp
			if tt.hot == tt.n {
				want = 1
			}
			sd := math.Sqrt(want * (1 - want) / draws)
			if got := float64(hits) / draws; math.Abs(got-want) > 5*sd+1e-9 {
				t.Errorf("share of draws in the hot set = %.4f, want %.4f ± %.4f", got, want, 5*sd)
			}
			// Uniform within each part.
			for _, part := range [][]int{hotCounts, coldCounts} {
				if len(part) < 2 {
					continue
				}
				probs := make([]float64, len(part))
				for i := range probs {
					probs[i] = 1 / float64(len(part))
				}
				if p := statChiSquarePValue(statChiSquare(part, probs)); p < zipfMinP {
					t.Errorf("chi-square p = %.3g within a part of %d keys: not uniform", p, len(part))
				}
			}
		})
	}
}

func TestSequentialSampler(t *testing.T) {
	spec := KeyDistSpec{Kind: KeyDistSequential}
	tests := []struct {
		name            string
		n               uint64
		worker, workers int
		want            []uint64
	}{
		{"one worker", 4, 0, 1, []uint64{0, 1, 2, 3, 0, 1}},
		{"stride", 10, 1, 3, []uint64{1, 4, 7, 0, 3, 6, 9, 2, 5, 8, 1}},
		{"more workers than keys", 3, 5, 8, []uint64{2, 1, 0, 2}},
		{"stride multiple of n", 4, 1, 4, []uint64{1, 1, 1}},
		{"single key", 1, 2, 3, []uint64{0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := keyDistDraw(spec.NewSampler(tt.n, 99, tt.worker, tt.workers), len(tt.want))
			if !slices.Equal(got, tt.want) {
				t.Errorf("worker %d of %d over %d keys: %v, want %v", tt.worker, tt.workers, tt.n, got, tt.want)
			}
		})
	}
	t.Run("round robin over workers is a scan", func(t *testing.T) {
		const n, workers = 11, 4
		samplers := make([]KeyDist, workers)
		for w := range samplers {
			samplers[w] = spec.NewSampler(n, 1, w, workers)
		}
		for i := range uint64(3 * n) {
			if got := samplers[i%workers].Next(); got != i%n {
				t.Fatalf("draw %d (worker %d) = %d, want %d", i, i%workers, got, i%n)
			}
		}
	})
	t.Run("huge key space", func(t *testing.T) {
		const n = 1 << 40
		got := keyDistDraw(spec.NewSampler(n, 1, n-1, 3), 3)
		// worker 2^40-1 of 3 starts at (2^40-1) mod 2^40 and strides by 3.
		if want := []uint64{n - 1, 2, 5}; !slices.Equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
}

// keyDistSpecs has one valid spec of each kind.
var keyDistSpecs = []KeyDistSpec{
	{Kind: KeyDistUniform},
	{Kind: KeyDistZipf, S: 0.99},
	{Kind: KeyDistZipf, S: 1},
	{Kind: KeyDistHotspot, HotFrac: 0.2, HotOps: 0.8},
	{Kind: KeyDistSequential},
}

func TestKeyDistDeterminism(t *testing.T) {
	for _, spec := range keyDistSpecs {
		t.Run(spec.String(), func(t *testing.T) {
			const n, draws = 1_000_000, 1000
			a := keyDistDraw(spec.NewSampler(n, 42, 2, 4), draws)
			b := keyDistDraw(spec.NewSampler(n, 42, 2, 4), draws)
			if !slices.Equal(a, b) {
				t.Fatal("two samplers with the same seed and worker differ")
			}
			otherWorker := keyDistDraw(spec.NewSampler(n, 42, 3, 4), draws)
			if slices.Equal(a, otherWorker) {
				t.Error("workers 2 and 3 draw the same keys")
			}
			otherSeed := keyDistDraw(spec.NewSampler(n, 43, 2, 4), draws)
			if spec.Kind == KeyDistSequential {
				if !slices.Equal(a, otherSeed) {
					t.Error("sequential depends on the seed, want the same scan")
				}
			} else if slices.Equal(a, otherSeed) {
				t.Error("seeds 42 and 43 draw the same keys")
			}
		})
	}
}

func TestKeyDistLargeKeySpace(t *testing.T) {
	for _, n := range []uint64{100_000_000, 1 << 40} {
		for _, spec := range keyDistSpecs {
			t.Run(fmt.Sprintf("n=%d/%v", n, spec), func(t *testing.T) {
				// O(1) memory: building a sampler allocates a few small
				// objects whatever n is.
				allocs := testing.AllocsPerRun(10, func() { spec.NewSampler(n, 1, 0, 1) })
				if allocs > 10 {
					t.Errorf("NewSampler(%d) made %v allocations", n, allocs)
				}
				s := spec.NewSampler(n, 1, 0, 1)
				const draws = 200_000
				var zeros, ones int
				for range draws {
					k := s.Next()
					if k >= n {
						t.Fatalf("Next() = %d, want < %d", k, n)
					}
					switch k {
					case 0:
						zeros++
					case 1:
						ones++
					}
				}
				if spec.Kind == KeyDistZipf {
					// P(0)/P(1) = 2^S whatever n is.
					want := math.Pow(2, spec.S)
					if got := float64(zeros) / float64(ones); math.Abs(got-want) > 0.1*want {
						t.Errorf("P(0)/P(1) = %.3f, want %.3f", got, want)
					}
				}
			})
		}
	}
}

func TestKeyDistNextDoesNotAllocate(t *testing.T) {
	for _, spec := range keyDistSpecs {
		t.Run(spec.String(), func(t *testing.T) {
			s := spec.NewSampler(1000, 1, 0, 2)
			var sink uint64
			if allocs := testing.AllocsPerRun(1000, func() { sink += s.Next() }); allocs != 0 {
				t.Errorf("Next made %v allocations, want 0", allocs)
			}
			_ = sink
		})
	}
}

func TestNewSamplerClampsArguments(t *testing.T) {
	tests := []struct {
		name            string
		spec            KeyDistSpec
		n               uint64
		worker, workers int
		limit           uint64 // every draw must be below
	}{
		{"zero keys", KeyDistSpec{Kind: KeyDistZipf, S: 1}, 0, 0, 1, 1},
		{"too many keys", KeyDistSpec{}, math.MaxUint64, 0, 1, keyDistMaxKeys},
		{"zero workers", KeyDistSpec{Kind: KeyDistSequential}, 5, 0, 0, 5},
		{"negative worker", KeyDistSpec{Kind: KeyDistSequential}, 5, -3, 2, 5},
		{"invalid spec samples uniformly", KeyDistSpec{Kind: KeyDistZipf}, 5, 0, 1, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, k := range keyDistDraw(tt.spec.NewSampler(tt.n, 1, tt.worker, tt.workers), 1000) {
				if k >= tt.limit {
					t.Fatalf("Next() = %d, want < %d", k, tt.limit)
				}
			}
		})
	}
}

func BenchmarkKeyDistNext(b *testing.B) {
	for _, spec := range keyDistSpecs {
		b.Run(spec.String(), func(b *testing.B) {
			s := spec.NewSampler(100_000_000, 1, 0, 1)
			b.ReportAllocs()
			var sink uint64
			for b.Loop() {
				sink += s.Next()
			}
			_ = sink
		})
	}
}
