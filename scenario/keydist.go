package scenario

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
)

// KeyDist chooses key indices in [0, n).
type KeyDist interface {
	// Next returns the next key index, in [0, n). Each worker owns its own
	// sampler (see KeyDistSpec.NewSampler): a sampler is not safe for
	// concurrent use. Next does not allocate.
	Next() uint64
}

// Kinds of key distribution, the values of KeyDistSpec.Kind.
const (
	KeyDistUniform    = "uniform"
	KeyDistZipf       = "zipf"
	KeyDistHotspot    = "hotspot"
	KeyDistSequential = "sequential"
)

// keyDistMaxKeys is the largest key space NewSampler accepts (1<<40).
const keyDistMaxKeys = 1 << 40

// keyDistAccepted says what ParseKeyDist accepts; every error ends with it.
const keyDistAccepted = "want uniform, zipf:S (S > 0), hotspot:HOTFRAC:HOTOPS (fractions in (0,1)) or sequential"

// KeyDistSpec is a parsed --key-dist value. The zero value means uniform.
// It marshals as text in its canonical form (e.g. "zipf:0.99").
type KeyDistSpec struct {
	// Kind is uniform, zipf, hotspot or sequential; "" means uniform.
	Kind string
	// S is the zipf exponent, > 0; zero for every other kind.
	S float64
	// HotFrac is the hotspot's share of the key space, in (0,1); zero for
	// every other kind.
	HotFrac float64
	// HotOps is the hotspot's share of the operations, in (0,1); zero for
	// every other kind.
	HotOps float64
}

// ParseKeyDist parses "uniform", "zipf:S" (S > 0, float), "hotspot:HOTFRAC:HOTOPS" (both in (0,1)),
// "sequential". Errors say what is accepted, e.g.
// `key-dist "zipf:x": want uniform, zipf:S (S > 0), hotspot:HOTFRAC:HOTOPS (fractions in (0,1)) or sequential`.
func ParseKeyDist(s string) (KeyDistSpec, error) {
	parts := strings.Split(strings.TrimSpace(s), ":")
	var k KeyDistSpec
	bad := func(reason string) (KeyDistSpec, error) {
		return KeyDistSpec{}, keyDistError(s, reason)
	}
	switch parts[0] {
	case KeyDistUniform, KeyDistSequential:
		if len(parts) != 1 {
			return bad(parts[0] + " takes no parameters")
		}
		k.Kind = parts[0]
	case KeyDistZipf:
		if len(parts) != 2 {
			return bad("zipf takes one parameter")
		}
		v, err := strconv.ParseFloat(parts[1], 64)
		if err != nil {
			return bad(fmt.Sprintf("S %q is not a number", parts[1]))
		}
		k.Kind, k.S = KeyDistZipf, v
	case KeyDistHotspot:
		if len(parts) != 3 {
			return bad("hotspot takes two parameters")
		}
		frac, err1 := strconv.ParseFloat(parts[1], 64)
		ops, err2 := strconv.ParseFloat(parts[2], 64)
		if err1 != nil || err2 != nil {
			return bad("HOTFRAC and HOTOPS must be numbers")
		}
		k.Kind, k.HotFrac, k.HotOps = KeyDistHotspot, frac, ops
	default:
		return bad("")
	}
	if reason := k.invalid(); reason != "" {
		return bad(reason)
	}
	return k, nil
}

// Validate reports whether k is a spec ParseKeyDist could have returned
// (or the zero value). NewSampler treats an invalid spec as uniform.
func (k KeyDistSpec) Validate() error {
	if reason := k.invalid(); reason != "" {
		return keyDistError(k.String(), reason)
	}
	return nil
}

// invalid returns why k is not valid, or "".
func (k KeyDistSpec) invalid() string {
	switch k.Kind {
	case "", KeyDistUniform, KeyDistSequential:
		if k.S != 0 || k.HotFrac != 0 || k.HotOps != 0 {
			return "parameters set for a kind that takes none"
		}
	case KeyDistZipf:
		if !(k.S > 0) || math.IsInf(k.S, 1) {
			return "S must be a finite number > 0"
		}
		if k.HotFrac != 0 || k.HotOps != 0 {
			return "hotspot parameters set for zipf"
		}
	case KeyDistHotspot:
		if !keyDistOpenUnit(k.HotFrac) || !keyDistOpenUnit(k.HotOps) {
			return "HOTFRAC and HOTOPS must be in (0,1)"
		}
		if k.S != 0 {
			return "zipf exponent set for hotspot"
		}
	default:
		return fmt.Sprintf("unknown kind %q", k.Kind)
	}
	return ""
}

// keyDistOpenUnit reports whether 0 < f < 1.
func keyDistOpenUnit(f float64) bool { return f > 0 && f < 1 }

// keyDistError formats a key-dist error naming the input and what is accepted.
func keyDistError(s, reason string) error {
	if reason != "" {
		reason += "; "
	}
	return fmt.Errorf("scenario: key-dist %q: %s%s", s, reason, keyDistAccepted)
}

// String returns the canonical form, which round-trips through ParseKeyDist.
// The zero value prints as "uniform".
func (k KeyDistSpec) String() string {
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	switch k.Kind {
	case "":
		return KeyDistUniform
	case KeyDistZipf:
		return KeyDistZipf + ":" + f(k.S)
	case KeyDistHotspot:
		return KeyDistHotspot + ":" + f(k.HotFrac) + ":" + f(k.HotOps)
	}
	return k.Kind
}

// MarshalText returns the canonical form (see String), so that reports and
// scenario files carry "zipf:0.99" rather than a struct.
func (k KeyDistSpec) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText parses text with ParseKeyDist.
func (k *KeyDistSpec) UnmarshalText(text []byte) error {
	v, err := ParseKeyDist(string(text))
	if err != nil {
		return err
	}
	*k = v
	return nil
}

// NewSampler returns a sampler over n keys (1 <= n <= 1<<40) for worker `worker` of `workers`,
// deterministic for a given seed. Memory O(1) in n (n may be 100 million or more).
// sequential: worker w yields w, w+workers, w+2*workers, ... modulo n.
// zipf: rank 1 (most popular) is key index 0, P(k) ∝ 1/(k+1)^S.
// hotspot: HOTFRAC of the key space (the first ceil(HOTFRAC*n) keys, at least 1) receive HOTOPS of the operations, uniformly within each part (YCSB hotspot).
//
// Arguments out of range are clamped (n to [1, 1<<40], workers to at least
// 1, worker to at least 0) and a spec that fails Validate samples uniformly:
// validate first. The sampler is not safe for concurrent use.
func (k KeyDistSpec) NewSampler(n uint64, seed int64, worker, workers int) KeyDist {
	n = min(max(n, 1), keyDistMaxKeys)
	workers = max(workers, 1)
	worker = max(worker, 0)
	if k.invalid() == "" {
		switch k.Kind {
		case KeyDistSequential:
			return &sequentialSampler{next: uint64(worker) % n, step: uint64(workers) % n, n: n}
		case KeyDistZipf:
			return newZipfSampler(keyDistRand(seed, worker), n, k.S)
		case KeyDistHotspot:
			hot := hotspotKeys(n, k.HotFrac)
			return &hotspotSampler{rng: keyDistRand(seed, worker), hot: hot, cold: n - hot, hotOps: k.HotOps}
		}
	}
	return &uniformSampler{rng: keyDistRand(seed, worker), n: n}
}

// keyDistRand returns the PCG generator of one worker under seed. Both PCG
// words go through a mixer so that neighbouring seeds and workers give
// unrelated streams.
func keyDistRand(seed int64, worker int) *rand.Rand {
	s1 := keyDistMix(uint64(seed))
	s2 := keyDistMix(s1 ^ keyDistMix(uint64(worker)+0x632be59bd9b4e019))
	return rand.New(rand.NewPCG(s1, s2))
}

// keyDistMix is the SplitMix64 finaliser: a bijection that scatters bits.
func keyDistMix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// hotspotKeys returns the size of the hot set, ceil(frac*n) clamped to
// [1, n]. A product within rounding error of an integer counts as that
// integer, so 0.7 of 10 keys is 7, not 8.
func hotspotKeys(n uint64, frac float64) uint64 {
	x := frac * float64(n)
	if r := math.Round(x); math.Abs(x-r) <= 1e-9*math.Max(1, x) {
		x = r
	}
	return min(max(uint64(math.Ceil(x)), 1), n)
}

// uniformSampler draws key indices uniformly from [0, n).
type uniformSampler struct {
	rng *rand.Rand
	n   uint64
}

// Next returns a uniform key index.
func (u *uniformSampler) Next() uint64 { return u.rng.Uint64N(u.n) }

// sequentialSampler yields start, start+step, ... modulo n.
type sequentialSampler struct {
	next, step, n uint64
}

// Next returns the next key index in the worker's stride.
func (s *sequentialSampler) Next() uint64 {
	k := s.next
	s.next += s.step // both < n <= 1<<40: no overflow
	if s.next >= s.n {
		s.next -= s.n
	}
	return k
}

// hotspotSampler sends a share hotOps of the draws uniformly to [0, hot)
// and the rest uniformly to [hot, hot+cold).
type hotspotSampler struct {
	rng       *rand.Rand
	hot, cold uint64
	hotOps    float64
}

// Next returns a key index from the hot set with probability hotOps.
func (h *hotspotSampler) Next() uint64 {
	if h.cold == 0 || h.rng.Float64() < h.hotOps {
		return h.rng.Uint64N(h.hot)
	}
	return h.hot + h.rng.Uint64N(h.cold)
}
