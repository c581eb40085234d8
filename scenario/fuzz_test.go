package scenario

import (
	"strings"
	"testing"
)

// The parsers take user input: whatever they are given, they return a value
// or an error, never panic, and what they accept prints back to a form they
// accept again.

func FuzzParseKeyDist(f *testing.F) {
	for _, s := range []string{"uniform", "zipf:0.99", "zipf:1", "hotspot:0.1:0.9", "sequential", "zipf:", "hotspot:1:1", "zipf:1e308", "zipf:NaN"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, err := ParseKeyDist(s)
		if err != nil {
			return
		}
		again, err := ParseKeyDist(k.String())
		if err != nil || again != k {
			t.Fatalf("%q → %q does not round-trip: %v", s, k.String(), err)
		}
		d := k.NewSampler(1000, 1, 0, 2)
		for i := 0; i < 10; i++ {
			if v := d.Next(); v >= 1000 {
				t.Fatalf("%q: key %d out of range", s, v)
			}
		}
	})
}

func FuzzParseValueSize(f *testing.F) {
	for _, s := range []string{"256", "1-10", "1KiB", "10-5", "0", "-1", "16MiB", "99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseValueSize(s)
		if err != nil {
			return
		}
		if v.Min < 1 || v.Max < v.Min {
			t.Fatalf("%q accepted as %+v", s, v)
		}
		if n := v.For(12345, 1); n < v.Min || n > v.Max {
			t.Fatalf("%q: size %d outside [%d, %d]", s, n, v.Min, v.Max)
		}
		if again, err := ParseValueSize(v.String()); err != nil || again != v {
			t.Fatalf("%q does not round-trip: %v", s, err)
		}
	})
}

func FuzzParseLatencyDist(f *testing.F) {
	for _, s := range []string{"50ms", "0", "uniform:1ms:3ms", "lognormal:5ms:0.5", "lognormal:5ms", "uniform:3ms:1ms", "1h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := ParseLatencyDist(s)
		if err != nil {
			return
		}
		if again, err := ParseLatencyDist(l.String()); err != nil || again != l {
			t.Fatalf("%q → %q does not round-trip: %v", s, l.String(), err)
		}
	})
}

func FuzzParseScenario(f *testing.F) {
	f.Add([]byte("name: x\nworkloads:\n  - keys: 10\n    ttl: 5s\n"), false)
	f.Add([]byte(`{"name":"x","workloads":[{"keys":10,"key_dist":"zipf:1.2"}]}`), true)
	f.Add([]byte("workloads: [{duration: -1s}]"), false)
	f.Add([]byte("{"), true)
	f.Fuzz(func(t *testing.T, data []byte, isJSON bool) {
		s, err := Parse(data, isJSON)
		if err != nil {
			return
		}
		if len(s.Workloads) > 100 {
			return // validation of huge inputs is covered by the small ones
		}
		if p, err := Prepare(s); err == nil && len(p.Workloads()) == 0 {
			t.Fatal("a valid plan without workloads")
		}
	})
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"1s", "0", "-5ms", "soon", "1e9h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var d Duration
		if err := d.UnmarshalText([]byte(s)); err != nil {
			if !strings.Contains(err.Error(), "not a duration") {
				t.Fatalf("%q: unhelpful error %v", s, err)
			}
			return
		}
		var again Duration
		if err := again.UnmarshalText([]byte(d.String())); err != nil || again != d {
			t.Fatalf("%q does not round-trip", s)
		}
	})
}
