package gate

import (
	"strings"
	"testing"
	"time"

	"github.com/cacheaside/bench/bench"
	"github.com/cacheaside/bench/report"
)

func TestParseSLO(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		in   string
		want SLO
		str  string // String()
	}{
		{"p99<5ms", SLO{Metric: "read", Quantile: 99, Limit: 5 * ms}, "read.p99<5ms"},
		{" read.p99 < 5ms ", SLO{Metric: "read", Quantile: 99, Limit: 5 * ms}, "read.p99<5ms"},
		{"p50<1ms", SLO{Metric: "read", Quantile: 50, Limit: ms}, "read.p50<1ms"},
		{"p90<500us", SLO{Metric: "read", Quantile: 90, Limit: 500 * time.Microsecond}, "read.p90<500µs"},
		{"p999<10ms", SLO{Metric: "read", Quantile: 99.9, Limit: 10 * ms}, "read.p999<10ms"},
		{"p99.9<10ms", SLO{Metric: "read", Quantile: 99.9, Limit: 10 * ms}, "read.p999<10ms"},
		{"p9999<1s", SLO{Metric: "read", Quantile: 99.99, Limit: time.Second}, "read.p9999<1s"},
		{"p97.5<3ms", SLO{Metric: "read", Quantile: 97.5, Limit: 3 * ms}, "read.p97.5<3ms"},
		{"hit.p99<2ms", SLO{Metric: "hit", Quantile: 99, Limit: 2 * ms}, "hit.p99<2ms"},
		{"miss.p90<60ms", SLO{Metric: "miss", Quantile: 90, Limit: 60 * ms}, "miss.p90<60ms"},
		{"write.p99<100ms", SLO{Metric: "write", Quantile: 99, Limit: 100 * ms}, "write.p99<100ms"},
		{"service.p999<=1ms", SLO{Metric: "service", Quantile: 99.9, Limit: ms, OrEqual: true}, "service.p999<=1ms"},
		{"Service.P99<1.5ms", SLO{Metric: "service", Quantile: 99, Limit: 1500 * time.Microsecond}, "service.p99<1.5ms"},
		{"max<50ms", SLO{Metric: "read", Quantile: 100, Limit: 50 * ms}, "read.max<50ms"},
		{"p100<50ms", SLO{Metric: "read", Quantile: 100, Limit: 50 * ms}, "read.max<50ms"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseSLO(tt.in)
			if err != nil {
				t.Fatalf("ParseSLO: %v", err)
			}
			if got != tt.want {
				t.Errorf("ParseSLO = %+v, want %+v", got, tt.want)
			}
			if s := got.String(); s != tt.str {
				t.Errorf("String() = %q, want %q", s, tt.str)
			}
			if back, err := ParseSLO(got.String()); err != nil || back != got {
				t.Errorf("ParseSLO(String()) = %+v, %v; want %+v", back, err, got)
			}
		})
	}
}

func TestParseSLOErrors(t *testing.T) {
	tests := []struct{ in, why string }{
		{"", `no '<'`},
		{"p99", `no '<'`},
		{"p99>5ms", `no '<'`},
		{"lag.p99<5ms", `unknown metric "lag"`},
		{"read.<5ms", `percentile "" is not pN or max`},
		{"q99<5ms", `percentile "q99" is not pN or max`},
		{"p9x<5ms", `percentile "p9x" is not pN or max`},
		{"p0<5ms", `percentile "p0" is not in (0, 100]`},
		{"p101<5ms", `percentile "p101" is not in (0, 100]`},
		{"p955<5ms", `percentile "p955" is not in (0, 100]`},
		{"p99<5", `limit "5" is not a positive duration`},
		{"p99<0ms", `limit "0ms" is not a positive duration`},
		{"p99<-1ms", `limit "-1ms" is not a positive duration`},
		{"p99<", `limit "" is not a positive duration`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParseSLO(tt.in)
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "gate: slo ") || !strings.Contains(msg, tt.why) {
				t.Errorf("error %q does not say %q", msg, tt.why)
			}
			for _, accepted := range []string{"read (default), hit, miss, write or service", "p50, p90, p99, p999", "5ms"} {
				if !strings.Contains(msg, accepted) {
					t.Errorf("error %q does not name what is accepted (%q)", msg, accepted)
				}
			}
		})
	}
}

func TestSLOValueAndMet(t *testing.T) {
	r := &bench.Result{Read: bench.NewHistogram(), Hit: bench.NewHistogram(), Miss: bench.NewHistogram(), WriteLat: bench.NewHistogram(), Service: bench.NewHistogram()}
	for i := 1; i <= 100; i++ {
		_ = r.Read.RecordValue(int64(time.Duration(i) * time.Millisecond))
		_ = r.Service.RecordValue(int64(time.Duration(i) * time.Microsecond))
	}
	w := report.FromBench(r) // as capacity reads each step
	tests := []struct {
		slo   string
		value time.Duration
		ok    bool // samples
		met   bool
	}{
		{"p99<100ms", 99 * time.Millisecond, true, true},
		{"p99<99ms", 99 * time.Millisecond, true, false},
		// Percentiles are a bucket's highest equivalent value (99.02ms here).
		{"p99<=99.1ms", 99 * time.Millisecond, true, true},
		{"p99<=98.9ms", 99 * time.Millisecond, true, false},
		{"p50<60ms", 50 * time.Millisecond, true, true},
		{"max<100ms", 100 * time.Millisecond, true, false},
		{"service.p99<1ms", 99 * time.Microsecond, true, true},
		{"hit.p99<1ms", 0, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.slo, func(t *testing.T) {
			s, err := ParseSLO(tt.slo)
			if err != nil {
				t.Fatal(err)
			}
			v, ok := s.Value(&w)
			if ok != tt.ok || !r.Read.ValuesAreEquivalent(int64(v), int64(tt.value)) {
				t.Errorf("Value = %v, %v; want %v, %v", v, ok, tt.value, tt.ok)
			}
			if got := s.Met(v); got != tt.met {
				t.Errorf("Met(%v) = %v, want %v", v, got, tt.met)
			}
		})
	}
}

func FuzzParseSLO(f *testing.F) {
	for _, s := range []string{"p99<5ms", "hit.p999<=2ms", "max<50ms", "p101<1s", "p99<", "read.p0<1ms"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		slo, err := ParseSLO(s)
		if err != nil {
			return
		}
		if slo.Limit <= 0 || !(slo.Quantile > 0 && slo.Quantile <= 100) {
			t.Fatalf("%q accepted as %+v", s, slo)
		}
		if again, err := ParseSLO(slo.String()); err != nil || again != slo {
			t.Fatalf("%q → %q does not round-trip: %v", s, slo.String(), err)
		}
	})
}
