package gate

import (
	"strings"
	"testing"
)

// The threshold and --max-regression parsers take user input: they return
// a value or an error naming what is accepted, and never panic.

func FuzzParseThreshold(f *testing.F) {
	for _, s := range []string{"read.p99<2ms", "hit_ratio>0.9", "throughput>=1000", "errors<10", "p99<", "<5", "colour<3", "read.p99<<2ms", "stale_read_ratio<1%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		th, err := ParseThreshold(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("%q: empty error", s)
			}
			return
		}
		if strings.TrimSpace(th.String()) == "" {
			t.Fatalf("%q accepted as an empty threshold", s)
		}
	})
}

func FuzzParseMaxRegression(f *testing.F) {
	for _, s := range []string{"read.p99=15%,throughput=5%", "", "x=1%", "read.p99=", "hit_ratio=-3%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = ParseMaxRegression(s)
	})
}
