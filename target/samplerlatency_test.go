package target

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/internal/testredis"
)

func TestDiffHist(t *testing.T) {
	a := cumHist{calls: 5, buckets: []LatencyBucket{{2, 3}, {8, 5}}}
	// 2 more calls ≤ 2 µs, 1 at 4 µs (a bound a did not give), 2 at 16 µs.
	b := cumHist{calls: 10, buckets: []LatencyBucket{{2, 5}, {4, 6}, {8, 8}, {16, 10}}}
	got, ok := diffHist(a, b)
	want := []LatencyBucket{{2, 2}, {4, 1}, {16, 2}}
	if !ok || !slices.Equal(got, want) {
		t.Errorf("diffHist = %v, %v; want %v, true", got, ok, want)
	}
	if _, ok := diffHist(b, a); ok {
		t.Error("a histogram that shrank differenced without complaint")
	}
	if got, ok := diffHist(cumHist{}, b); !ok || !slices.Equal(got, []LatencyBucket{{2, 5}, {4, 1}, {8, 2}, {16, 2}}) {
		t.Errorf("from nothing: %v, %v", got, ok)
	}
}

func TestParseLatencyHistogramRejects(t *testing.T) {
	for name, reply := range map[string]any{
		"not a map":     "OK",
		"odd array":     []any{"get"},
		"bucket string": []any{"get", []any{"calls", int64(1), "histogram_usec", []any{"2", int64(1)}}},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := parseLatencyHistogram(reply); err == nil {
				t.Errorf("parsed %v without error", reply)
			}
		})
	}
}

// TestSamplerLatencyWindow: on a real redis-server, under RESP2 and RESP3,
// the window's histograms count exactly the GETs, SETs and DELs sent
// between Start and Stop, in buckets with ascending bounds.
func TestSamplerLatencyWindow(t *testing.T) {
	s := testredis.Start(t)
	for _, proto := range []int{2, 3} {
		t.Run("RESP"+strconv.Itoa(proto), func(t *testing.T) {
			c := redis.NewClient(&redis.Options{Addr: s.Addr, Protocol: proto})
			t.Cleanup(func() { _ = c.Close() })
			ctx := t.Context()
			for range 5 { // before the window
				c.Set(ctx, "lat:k", "v", 0)
				c.Get(ctx, "lat:k")
			}
			sm := NewSampler(ctx, c)
			sm.interval = 5 * time.Millisecond
			sm.started = make(chan struct{})
			sm.Start()
			<-sm.started
			const gets, sets, dels = 400, 70, 30
			for i := range gets {
				if i < sets {
					c.Set(ctx, "lat:k"+strconv.Itoa(i), "v", 0)
				}
				if i < dels {
					c.Del(ctx, "lat:k"+strconv.Itoa(i))
				}
				c.Get(ctx, "lat:k")
			}
			v := sm.Stop()
			if v.Latency == nil {
				t.Fatalf("no latency: note %q", v.LatencyNote)
			}
			for cmd, want := range map[string]int64{"get": gets, "set": sets, "del": dels} {
				var n int64
				bs := v.Latency[cmd]
				for i, b := range bs {
					n += b.Count
					if b.Count <= 0 || (i > 0 && b.LeUs <= bs[i-1].LeUs) {
						t.Errorf("%s buckets %v: want positive counts, ascending bounds", cmd, bs)
					}
				}
				if n != want {
					t.Errorf("%s: %d calls in the histogram (%v), want %d", cmd, n, bs, want)
				}
			}
		})
	}
}

// TestSamplerLatencyUnsupported: a server without LATENCY HISTOGRAM (the
// emulator, as Redis 6) or with latency-tracking off gives no latency and
// a note, and the rest of the view stays.
func TestSamplerLatencyUnsupported(t *testing.T) {
	m := testredis.Emulator(t)
	sm := NewSampler(t.Context(), connectTo(t, "redis://"+m.Addr()))
	sm.Start()
	v := sm.Stop()
	if v.Latency != nil || !strings.Contains(v.LatencyNote, "refused LATENCY HISTOGRAM") {
		t.Errorf("emulator: latency %v, note %q; want none and a note that it was refused", v.Latency, v.LatencyNote)
	}
	if v.Window == nil {
		t.Errorf("emulator: no window (notes %q): the latency's absence took the rest with it", v.Notes)
	}

	s := testredis.Start(t, "--latency-tracking", "no")
	c := connectTo(t, s.URL())
	sm = NewSampler(t.Context(), c)
	sm.Start()
	c.Get(t.Context(), "lat:k")
	v = sm.Stop()
	if v.Latency != nil || !strings.Contains(v.LatencyNote, "latency-tracking is off") {
		t.Errorf("tracking off: latency %v, note %q; want none and a note naming latency-tracking", v.Latency, v.LatencyNote)
	}
}
