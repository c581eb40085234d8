package scenario

import (
	"math"
	"math/rand/v2"
	"testing"
)

// A hand-worked case: 9,900 reads and 100 writes in 1 s over 100 uniform
// keys, a 1 ms window, one instance: 9900·100·0.01·0.001·0.99 = 9.801.
func TestNearStaleBoundKnownCase(t *testing.T) {
	s2, ok := keyConcentration(KeyDistSpec{Kind: KeyDistUniform}, 100)
	if !ok || s2 != 0.01 {
		t.Fatalf("uniform S2 %v %v, want 0.01", s2, ok)
	}
	b := nearStaleBound{reads: 9900, writes: 100, seconds: 1, s2: s2, window: 0.001, instances: 1}
	if got := b.staleHits(); math.Abs(got-9.801) > 1e-9 {
		t.Errorf("bound %v, want 9.801", got)
	}
	// Four instances each read a key a quarter as often: held at a write
	// with probability 0.99/(0.99+0.04).
	b.instances = 4
	if got, want := b.staleHits(), 9900*100*0.01*0.001*0.99/1.03; math.Abs(got-want) > 1e-9 {
		t.Errorf("4 instances: bound %v, want %v", got, want)
	}
	if (nearStaleBound{reads: 10, writes: 0, seconds: 1, s2: 1, window: 1}).staleHits() != 0 {
		t.Error("no writes: want a bound of 0")
	}
}

// S2 against the sum of the distribution's squared probabilities, term by
// term, beyond the point where powerSum switches to its integral.
func TestKeyConcentration(t *testing.T) {
	const n = 300_000
	for _, s := range []float64{0.6, 0.99, 1, 1.3} {
		var h, h2 float64
		for k := n; k >= 1; k-- {
			q := math.Pow(float64(k), -s)
			h += q
			h2 += q * q
		}
		got, ok := keyConcentration(KeyDistSpec{Kind: KeyDistZipf, S: s}, n)
		if want := h2 / (h * h); !ok || math.Abs(got-want) > 1e-7*want {
			t.Errorf("zipf:%v S2 %v, want %v", s, got, want)
		}
	}
	hs := KeyDistSpec{Kind: KeyDistHotspot, HotFrac: 0.2, HotOps: 0.8}
	got, _ := keyConcentration(hs, 1000)
	if want := 200*(0.8/200)*(0.8/200) + 800*(0.2/800)*(0.2/800); math.Abs(got-want) > 1e-12 {
		t.Errorf("hotspot S2 %v, want %v", got, want)
	}
	if _, ok := keyConcentration(KeyDistSpec{Kind: KeyDistSequential}, 10); ok {
		t.Error("sequential keys: want no S2")
	}
}

// q_k sums to 1 over the keys, and Σ q_k² is keyConcentration's S2.
func TestKeyProbability(t *testing.T) {
	const n = 70_000 // beyond powerSum's exact terms
	for _, d := range []KeyDistSpec{{Kind: KeyDistUniform}, {Kind: KeyDistZipf, S: 0.99}, {Kind: KeyDistZipf, S: 1.2}, {Kind: KeyDistHotspot, HotFrac: 0.2, HotOps: 0.8}} {
		q, ok := keyProbability(d, n)
		if !ok {
			t.Fatalf("%+v: no probability", d)
		}
		var sum, sq float64
		for k := range uint64(n) {
			sum += q(k)
			sq += q(k) * q(k)
		}
		s2, _ := keyConcentration(d, n)
		if math.Abs(sum-1) > 1e-7 || math.Abs(sq-s2) > 1e-6*s2 {
			t.Errorf("%+v: Σq %v, Σq² %v; want 1, %v", d, sum, sq, s2)
		}
	}
	if q, _ := keyProbability(KeyDistSpec{Kind: KeyDistZipf, S: 1}, 3); math.Abs(q(0)-1/(1+0.5+1/3.0)) > 1e-12 {
		t.Errorf("zipf:1 over 3 keys: q_0 %v", q(0))
	}
	if _, ok := keyProbability(KeyDistSpec{Kind: KeyDistSequential}, 10); ok {
		t.Error("sequential keys: want no probability")
	}
}

// simulateStaleNearHits runs one key through Poisson reads (λ in total,
// spread evenly over instances) and writes (μ): a write makes every copy
// stale for window seconds, then drops it; a read by an instance that
// holds the key is a near hit (stale inside a window), else it keeps the
// key. It is the model the bound claims to solve; it returns the stale
// near hits per write.
func simulateStaleNearHits(lambda, mu, window float64, instances, writes int, seed uint64) float64 {
	rng := rand.New(rand.NewPCG(seed, 11))
	held := make([]bool, instances)
	var t, staleUntil float64
	nextRead, nextWrite := rng.ExpFloat64()/lambda, rng.ExpFloat64()/mu
	stale, w := 0, 0
	for w < writes {
		if staleUntil > 0 && staleUntil <= min(nextRead, nextWrite) {
			t, staleUntil = staleUntil, 0
			clear(held) // the invalidation arrives
			continue
		}
		if nextWrite < nextRead {
			t = nextWrite
			nextWrite = t + rng.ExpFloat64()/mu
			if staleUntil == 0 {
				staleUntil = t + window
			}
			w++
			continue
		}
		t = nextRead
		nextRead = t + rng.ExpFloat64()/lambda
		i := rng.IntN(instances)
		if held[i] && staleUntil > 0 {
			stale++
		}
		held[i] = true
	}
	return float64(stale) / float64(writes)
}

// The closed form against the simulated model, for one and four instances.
func TestNearStaleBoundMatchesModel(t *testing.T) {
	const lambda, mu, window = 1000.0, 50.0, 0.0005
	for _, n := range []int{1, 4} {
		sim := simulateStaleNearHits(lambda, mu, window, n, 200_000, 3)
		// One key over 1 s: reads λ, writes μ, S2 = 1.
		b := nearStaleBound{reads: lambda, writes: mu, seconds: 1, s2: 1, window: window, instances: n}
		t.Logf("%d instance(s): simulated %.4f, closed form %.4f", n, sim, b.staleHits()/mu)
		if want := b.staleHits() / mu; math.Abs(sim-want) > 0.03*want {
			t.Errorf("%d instance(s): simulated %.4f stale near hits per write, closed form %.4f", n, sim, want)
		}
	}
}
