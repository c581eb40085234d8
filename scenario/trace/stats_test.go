package trace

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func characterise(t testing.TB, data []byte, head int64) Stats {
	t.Helper()
	r, err := NewReader(bytes.NewReader(data), "")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	s, err := Characterise(r, head)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestStatsSmallTrace(t *testing.T) {
	trace := strings.Join([]string{
		"0,a,1,100,1,get,0",
		"0,a,1,200,1,set,60",
		"1,a,1,200,1,get,0",
		"1,b,1,50,1,get,0",
		"2,c,1,0,1,delete,0",
		"3,c,1,10,1,get,0",
		"bad line",
	}, "\n")
	s := characterise(t, []byte(trace), 0)
	checks := []struct {
		name      string
		got, want any
	}{
		{"requests", s.Requests, int64(6)},
		{"skipped", s.Skipped.Count, int64(1)},
		{"ops", fmt.Sprint(s.Ops), "map[delete:1 get:4 set:1]"},
		{"classes", [3]int64{s.Reads, s.Writes, s.Deletes}, [3]int64{4, 1, 1}},
		{"unique", s.UniqueKeys, int64(3)},
		{"working set", s.WorkingSetBytes, int64(1 + 200 + 1 + 50 + 1 + 10)},
		{"one-hit", s.OneHitWonderRatio, 1.0 / 3},
		{"compulsory", s.CompulsoryMissRatio, 0.5},
		{"frequency", s.MeanFrequency, 2.0},
		{"ttls", fmt.Sprint(s.TTLs), "[{60 1 1}]"},
		{"covered", s.Rate.CoveredS, 3.0},
		{"peak", s.Rate.PeakOpsS, int64(2)},
		{"mean rate", s.Rate.MeanOpsS, 1.5},
		{"series", fmt.Sprint(s.Rate.Series), "[{0 2} {1 2} {2 1} {3 1}]"},
		{"value sizes", [3]int64{s.ValueSize.Count, s.ValueSize.Min, s.ValueSize.Max}, [3]int64{5, 10, 200}},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	var out strings.Builder
	if err := s.WriteText(&out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"requests         6\n", "op mix           get 66.67%, delete 16.67%, set 16.67%", "ttl (writes)     60s 100.0%", "skipped lines    1, first: line 7:"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, out.String())
		}
	}
}

// synthetic writes a Twitter trace of n requests: zipf keys of exponent
// alpha over k keys, the ops drawn from mix (weights by op), value sizes
// 100-1099 and a TTL of 60 or 3600 s for writes, 1000 requests a second.
// It returns the trace and how many requests of each op it holds.
func synthetic(t testing.TB, n, k int, alpha float64, mix map[Op]int) ([]byte, map[Op]int64) {
	t.Helper()
	rng := rand.New(rand.NewPCG(7, 7))
	var ops []Op
	for op, w := range mix {
		for range w {
			ops = append(ops, op)
		}
	}
	counts := map[Op]int64{}
	var b bytes.Buffer
	w := NewTwitterWriter(&b)
	for i, key := range zipfKeys(rng, alpha, k, n) {
		name := []byte(fmt.Sprintf("key:%d", key))
		req := Request{Time: time.Duration(i/1000) * time.Second, Key: name, KeySize: len(name), ValueSize: 100 + rng.IntN(1000), Op: ops[rng.IntN(len(ops))]}
		if req.Op.Class() == Write {
			req.TTL = []int64{60, 3600}[rng.IntN(2)]
		}
		counts[req.Op]++
		if err := w.Write(&req, 1); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), counts
}

func TestStatsSyntheticTrace(t *testing.T) {
	data, counts := synthetic(t, 200000, 20000, 0.9, map[Op]int{Get: 7, Gets: 1, Set: 1, Delete: 1})
	s := characterise(t, data, 0)
	for op, n := range counts {
		if s.Ops[op.String()] != n {
			t.Errorf("%s: %d, want %d", op, s.Ops[op.String()], n)
		}
	}
	if s.Requests != 200000 || s.Reads != counts[Get]+counts[Gets] || s.Deletes != counts[Delete] {
		t.Errorf("requests %d reads %d deletes %d; want 200000, %d, %d", s.Requests, s.Reads, s.Deletes, counts[Get]+counts[Gets], counts[Delete])
	}
	if s.Zipf.Alpha < 0.85 || s.Zipf.Alpha > 0.95 {
		t.Errorf("zipf %v, want α 0.9 ± 0.05", s.Zipf)
	}
	if s.Rate.CoveredS != 199 || s.Rate.PeakOpsS != 1000 {
		t.Errorf("rate %+v, want 199 s covered at 1000/s", s.Rate)
	}
	if len(s.TTLs) != 2 || s.TTLs[0].Fraction+s.TTLs[1].Fraction != 1 {
		t.Errorf("ttls %+v, want 60 and 3600", s.TTLs)
	}
	if s.ValueSize.Min < 100 || s.ValueSize.Max > 1100 || s.ValueSize.Mean < 550 || s.ValueSize.Mean > 650 {
		t.Errorf("value sizes %v, want uniform 100-1099", s.ValueSize)
	}
	h := characterise(t, data, 1000)
	if h.Requests != 1000 || !h.Truncated {
		t.Errorf("--head 1000: %d requests, truncated %v", h.Requests, h.Truncated)
	}
}

// BenchmarkStats measures bench trace stats over in-memory traces of
// 1,000,000 rows (100,000 keys): ns per line, and lines/s.
func BenchmarkStats(b *testing.B) {
	twitter, _ := synthetic(b, 1000000, 100000, 0.9, map[Op]int{Get: 8, Set: 2})
	var csvTrace bytes.Buffer
	csvTrace.WriteString("timestamp,key,key_size,value_size,client,op,ttl\n")
	csvTrace.Write(twitter)
	for _, c := range []struct {
		name string
		data []byte
	}{{"twitter", twitter}, {"csv", csvTrace.Bytes()}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.data)))
			var lines int64
			for b.Loop() {
				lines += characterise(b, c.data, 0).Requests
			}
			b.ReportMetric(float64(lines)/b.Elapsed().Seconds(), "lines/s")
		})
	}
}
