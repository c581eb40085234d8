package scenario

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cacheaside/bench/bench"
	"github.com/cacheaside/bench/internal/testredis"
	"github.com/cacheaside/bench/scenario/trace"
	"github.com/cacheaside/bench/target"
)

// TestRecordedTraceShowsTheWorkload: a synthetic workload recorded with
// RecordTrace and characterised by trace.Characterise shows the requests
// it issued (reads and writes exactly), its value size and its zipf α;
// replayed, the recording performs the same reads and writes.
func TestRecordedTraceShowsTheWorkload(t *testing.T) {
	srv := testredis.Start(t)
	ctx := context.Background()
	d := connectDeployment(t, srv.URL(), target.ConnectOptions{})
	tg, c := d.t, d.c
	p, err := Prepare(Spec{Name: "rec", Seed: 1, Workloads: []Workload{{
		Ops: 60000, Workers: 4, Keys: 5000, KeyDist: "zipf:0.9", ValueSize: "300",
		InvalidateRate: 0.1, TTL: Duration(90 * time.Second), SourceLatency: "20us",
	}}})
	if err != nil {
		t.Fatal(err)
	}
	ca := p.NewCacheAside(0, tg, c, "itest:"+NewRunID()+":")
	var rec bytes.Buffer
	ca.RecordTrace(&rec)
	res, err := bench.Run(ctx, p.BenchConfig(0), ca)
	if err != nil {
		t.Fatal(err)
	}
	if err := ca.FlushRecord(); err != nil {
		t.Fatal(err)
	}
	if err := ca.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := trace.NewReader(bytes.NewReader(rec.Bytes()), "")
	if err != nil {
		t.Fatal(err)
	}
	s, err := trace.Characterise(r, 0)
	if err != nil {
		t.Fatal(err)
	}
	if s.Format != "twitter" || s.Requests != res.Ops || s.Reads != res.Reads() || s.Writes != res.Writes || s.Skipped.Count != 0 {
		t.Fatalf("recorded %d requests (%d reads, %d writes, %d skipped), the run did %d (%d reads, %d writes)",
			s.Requests, s.Reads, s.Writes, s.Skipped.Count, res.Ops, res.Reads(), res.Writes)
	}
	if mix := s.OpMix["set"]; math.Abs(mix-0.1) > 0.01 {
		t.Errorf("write fraction %v, want 0.1", mix)
	}
	if s.ValueSize.Min != 300 || s.ValueSize.Max != 300 {
		t.Errorf("value sizes %v, want 300", s.ValueSize)
	}
	t.Logf("recorded: %d requests, %v", s.Requests, s.Zipf)
	if math.Abs(s.Zipf.Alpha-0.9) > 0.05 {
		t.Errorf("zipf %v, want α 0.9 ± 0.05", s.Zipf)
	}
	if len(s.TTLs) != 1 || s.TTLs[0].Value != 90 {
		t.Errorf("ttls %+v, want 90 s on every write", s.TTLs)
	}

	file := filepath.Join(t.TempDir(), "rec.csv")
	if err := os.WriteFile(file, rec.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	zero := 0.0
	rw := replayOnRedis(t, srv.URL(), "itest:"+NewRunID()+":", Workload{Trace: file, Speed: &zero, Workers: 4, SourceLatency: "20us"})
	if rw.Trace.Reads != s.Reads || rw.Trace.Writes != s.Writes || rw.Trace.Deletes != 0 {
		t.Errorf("replayed %+v, want the recording's %d reads and %d writes", rw.Trace, s.Reads, s.Writes)
	}
}
