package scenario

import (
	"context"
	"testing"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"

	"github.com/cacheaside/bench/bench"
	"github.com/cacheaside/bench/report"
)

// valueHist returns a value histogram of vs.
func valueHist(vs ...int64) *hdrhistogram.Histogram {
	h := bench.NewValueHistogram()
	for _, v := range vs {
		_ = h.RecordValue(v)
	}
	return h
}

func TestFinishFillsTheReport(t *testing.T) {
	ctx := context.Background()
	ca, m, _ := testCacheAside(t, Workload{Strategy: "singleflight", Keys: 4})
	src := ca.Source()
	// The source wrote keys 0–3. The cache holds key 0 two versions behind
	// (stale), key 1 current, nothing for key 2 and a lease for key 3.
	for _, k := range []uint64{0, 0, 1, 2, 3} {
		if _, err := src.Write(ctx, k, nil); err != nil {
			t.Fatal(err)
		}
	}
	for k, v := range map[uint64]uint64{0: 0, 1: 1} {
		b, _ := encodeRecord(k, v, 100)
		if err := m.Set(ca.keyOf(k), string(b)); err != nil {
			t.Fatal(err)
		}
	}
	if err := m.Set(ca.keyOf(3), leasePrefix+"x"); err != nil {
		t.Fatal(err)
	}
	res := &bench.Result{
		Name: "t", Hits: 60, Misses: 40, Ops: 100, Elapsed: time.Second,
		Extra: map[string]*hdrhistogram.Histogram{
			"stale_age": latencyHist(10*time.Millisecond, 3),
			"source":    latencyHist(time.Millisecond, 40),
		},
		Values:   map[string]*hdrhistogram.Histogram{"herd": valueHist(1, 3, 5), "version_lag": valueHist(1, 1, 2)},
		Counters: map[string]int64{"coalesced_waits": 7, "lease_waits": 2, "early_refreshes": 0},
	}
	rw := report.FromBench(res)
	if err := ca.Finish(ctx, res, &rw); err != nil {
		t.Fatal(err)
	}
	if rw.Strategy != "singleflight" {
		t.Errorf("strategy %q", rw.Strategy)
	}
	if rw.Source.Writes != 5 {
		t.Errorf("source writes %d", rw.Source.Writes)
	}
	if h := rw.Source.Herd; h == nil || h.Count != 3 || h.Max != 5 || h.Mean != 3 || h.HDR == "" {
		t.Errorf("herd %+v", h)
	}
	if len(rw.Counters) != 1 || rw.Counters["coalesced_waits"] != 7 {
		t.Errorf("counters %v, want only singleflight's", rw.Counters)
	}
	if rw.StaleReads != 3 || rw.StaleReadRatio != 0.03 {
		t.Errorf("stale reads %d, ratio %v", rw.StaleReads, rw.StaleReadRatio)
	}
	s := rw.Staleness
	if s == nil {
		t.Fatal("no staleness")
	}
	if !(s.RatioCILow > 0 && s.RatioCILow < 0.03 && s.RatioCIHigh > 0.03 && s.RatioCIHigh < 0.1) {
		t.Errorf("CI (%v, %v)", s.RatioCILow, s.RatioCIHigh)
	}
	if s.VersionLag == nil || s.VersionLag.Count != 3 || s.VersionLag.Max != 2 {
		t.Errorf("version lag %+v", s.VersionLag)
	}
	if s.Age == nil || s.Age.Count != 3 || s.Age.P50Ms < 9.9 {
		t.Errorf("age %+v", s.Age)
	}
	if _, ok := rw.Latency["stale_age"]; ok {
		t.Error("stale_age left in the latency map")
	}
	if s.AuditKeys != 2 || s.AuditStale != 1 {
		t.Errorf("audit: %d cached, %d stale; want 2, 1", s.AuditKeys, s.AuditStale)
	}
	if rw.HitRatioExpected != nil {
		t.Error("closed loop got a hit_ratio_expected")
	}
}

func TestFinishCountsSecondDeletes(t *testing.T) {
	ca, _, _ := testCacheAside(t, Workload{InvalidateRate: 1, InvalidateMode: "delete-twice", DoubleDeleteDelay: Duration(time.Millisecond)})
	w, rec := testWorker(t, ca, 0)
	for range 3 {
		if _, err := w.Do(context.Background(), rec); err != nil {
			t.Fatal(err)
		}
	}
	res := &bench.Result{}
	rw := report.FromBench(res)
	if err := ca.Finish(context.Background(), res, &rw); err != nil {
		t.Fatal(err)
	}
	if rw.Counters["second_deletes"] != 3 || rw.Counters["second_delete_failures"] != 0 {
		t.Errorf("counters %v", rw.Counters)
	}
	if rw.Staleness == nil || rw.Staleness.AuditKeys != 0 {
		t.Errorf("staleness %+v", rw.Staleness)
	}
}
