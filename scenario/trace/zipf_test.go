package trace

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"
)

// zipfKeys draws n keys of a Zipf law of exponent alpha over k keys by
// inverting its CDF (math/rand's Zipf needs alpha > 1).
func zipfKeys(rng *rand.Rand, alpha float64, k, n int) []uint64 {
	cdf := make([]float64, k)
	sum := 0.0
	for i := range cdf {
		sum += math.Pow(float64(i+1), -alpha)
		cdf[i] = sum
	}
	keys := make([]uint64, n)
	for i := range keys {
		keys[i] = uint64(sort.SearchFloat64s(cdf, rng.Float64()*sum))
	}
	return keys
}

func TestFitZipfRecoversAlpha(t *testing.T) {
	for _, alpha := range []float64{0.6, 0.8, 0.99, 1.2} {
		rng := rand.New(rand.NewPCG(1, uint64(alpha*100)))
		c := NewCollector()
		for _, k := range zipfKeys(rng, alpha, 100000, 1000000) {
			c.Add(&Request{ID: k, Op: Get})
		}
		z := c.Stats().Zipf
		t.Logf("alpha %.2f: %v", alpha, z)
		if math.Abs(z.Alpha-alpha) > 0.05 {
			t.Errorf("alpha %.2f: fitted %v", alpha, z)
		}
	}
}

func TestFitZipfTooFewKeys(t *testing.T) {
	if z := fitZipf([]uint32{100, 50}); z.Ranks != 0 || z.Alpha != 0 {
		t.Fatalf("two keys: %+v, want no fit", z)
	}
}
