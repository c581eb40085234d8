package scenario

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/bench"
	"github.com/cacheaside/bench/internal/testredis"
	"github.com/cacheaside/bench/report"
	"github.com/cacheaside/bench/scenario/trace"
	"github.com/cacheaside/bench/target"
)

// traceCounts is what a synthetic trace holds, by class.
type traceCounts struct{ reads, writes, deletes int64 }

// writeSyntheticTrace writes a Twitter trace of n requests, perSecond to a
// second of its clock, over 200 keys with every operation of the format,
// value sizes 200-999 and TTLs 60 or 600 s on writes; then two probe
// reads: "probe:size" (value size 555, no TTL) and "probe:ttl" (TTL 1234 s).
// It returns the file and its counts.
func writeSyntheticTrace(t *testing.T, n, perSecond int) (string, traceCounts) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "trace.csv")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := trace.NewTwitterWriter(f)
	rng := rand.New(rand.NewPCG(3, 4))
	ops := trace.Ops()
	var c traceCounts
	add := func(req *trace.Request) {
		switch req.Op.Class() {
		case trace.Read:
			c.reads++
		case trace.Write:
			c.writes++
		default:
			c.deletes++
		}
		if err := w.Write(req, 1); err != nil {
			t.Fatal(err)
		}
	}
	for i := range n {
		key := fmt.Appendf(nil, "user:%d", rng.IntN(200))
		op := trace.Get
		if rng.IntN(3) == 0 {
			op = ops[rng.IntN(len(ops))]
		}
		req := trace.Request{Time: time.Duration(i/perSecond) * time.Second, Key: key, KeySize: len(key), ValueSize: 200 + rng.IntN(800), Op: op}
		if op.Class() == trace.Write {
			req.TTL = []int64{60, 600}[rng.IntN(2)]
		}
		add(&req)
	}
	last := time.Duration((n-1)/perSecond) * time.Second
	add(&trace.Request{Time: last, Key: []byte("probe:size"), KeySize: 10, ValueSize: 555, Op: trace.Get})
	add(&trace.Request{Time: last, Key: []byte("probe:ttl"), KeySize: 9, ValueSize: 300, TTL: 1234, Op: trace.Gets})
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return p, c
}

// replayOnRedis runs workload w (seed 1) on the server at url under
// keyPrefix as bench run does, on the trace's schedule when it replays one,
// and returns its finished report.
func replayOnRedis(t *testing.T, url, keyPrefix string, w Workload) report.Workload {
	t.Helper()
	ctx := context.Background()
	d := connectDeployment(t, url, target.ConnectOptions{})
	p, err := Prepare(Spec{Name: "t", Seed: 1, Workloads: []Workload{w}})
	if err != nil {
		t.Fatal(err)
	}
	ca := p.NewCacheAside(0, d.t, d.c, keyPrefix)
	defer func() {
		if err := ca.Close(); err != nil {
			t.Error(err)
		}
	}()
	cfg := p.BenchConfig(0)
	cfg.Schedule = ca.Schedule()
	res, err := bench.Run(ctx, cfg, ca)
	if err != nil {
		t.Fatal(err)
	}
	rw := report.FromBench(res)
	if err := ca.Finish(ctx, res, &rw); err != nil {
		t.Fatal(err)
	}
	if len(rw.Errors) > 0 {
		t.Errorf("%s: errors %v", w.Strategy, rw.Errors)
	}
	return rw
}

// TestReplayMatchesTheTrace: in every timing mode, the replay performs the
// trace's reads, writes and deletes exactly, takes value sizes and TTLs
// from the trace, and touches only keys under the run's prefix.
func TestReplayMatchesTheTrace(t *testing.T) {
	srv := testredis.Start(t)
	file, want := writeSyntheticTrace(t, 2000, 500)
	total := want.reads + want.writes + want.deletes
	zero, fast := 0.0, 20.0
	for _, tc := range []struct {
		name  string
		speed *float64
		rate  float64
	}{
		{"in order (speed 0)", &zero, 0},
		{"on the trace's clock (speed 20)", &fast, 0},
		{"spread over a rate", nil, 4000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			prefix := "itest:" + NewRunID() + ":"
			rw := replayOnRedis(t, srv.URL(), prefix, Workload{
				Trace: file, Speed: tc.speed, Rate: tc.rate, Workers: 8,
				SourceLatency: "100us", TTL: Duration(time.Minute), InvalidateMode: "update",
			})
			tr := rw.Trace
			if tr == nil {
				t.Fatal("no trace account in the report")
			}
			got := traceCounts{tr.Reads, tr.Writes, tr.Deletes}
			if got != want || tr.Requests != total || rw.Ops != total || rw.Reads != want.reads || rw.Writes != want.writes+want.deletes {
				t.Fatalf("replayed %+v (%d requests, ops %d, reads %d, writes %d), want the trace's %+v (%d)", got, tr.Requests, rw.Ops, rw.Reads, rw.Writes, want, total)
			}
			if !tr.Ended || tr.Read != total || tr.Skipped != 0 || tr.Format != "twitter" {
				t.Errorf("account %+v: want the whole trace read, nothing skipped", tr)
			}
			if rw.Source.Writes != want.writes+want.deletes {
				t.Errorf("source writes %d, want the trace's writes and deletes %d", rw.Source.Writes, want.writes+want.deletes)
			}
			checkProbes(t, srv.Addr, prefix+"w0:t:")
		})
	}
}

// checkProbes checks the values the probe reads filled (size and TTL from
// the trace) and that every key is under prefix.
func checkProbes(t *testing.T, addr, prefix string) {
	t.Helper()
	ctx := context.Background()
	c := redis.NewClient(&redis.Options{Addr: addr})
	defer c.Close()
	if n, err := c.StrLen(ctx, prefix+"probe:size").Result(); err != nil || n != 555 {
		t.Errorf("probe:size holds %d bytes (%v), want the trace's 555", n, err)
	}
	if ttl, err := c.TTL(ctx, prefix+"probe:size").Result(); err != nil || ttl > time.Minute || ttl < 50*time.Second {
		t.Errorf("probe:size TTL %v (%v), want the workload's 1m: the trace gives none", ttl, err)
	}
	if ttl, err := c.TTL(ctx, prefix+"probe:ttl").Result(); err != nil || ttl > 1234*time.Second || ttl < 1200*time.Second {
		t.Errorf("probe:ttl TTL %v (%v), want the trace's 1234s", ttl, err)
	}
	iter := c.Scan(ctx, 0, "*", 1000).Iterator()
	n := 0
	for iter.Next(ctx) {
		n++
		if k := iter.Val(); !strings.HasPrefix(k, prefix) && !strings.HasPrefix(k, "itest:") {
			t.Errorf("key %q outside the run's prefix", k)
		}
	}
	if n == 0 {
		t.Error("no keys at all after the replay")
	}
}

// TestReplayKeepsThePace: at --speed 2, a trace of 3 seconds (100
// requests a second) takes about 1.5 s, and the report says so.
func TestReplayKeepsThePace(t *testing.T) {
	srv := testredis.Start(t)
	file, _ := writeSyntheticTrace(t, 300, 100) // 0..2 s, the last second spread over 1 s
	speed := 2.0
	rw := replayOnRedis(t, srv.URL(), "itest:"+NewRunID()+":", Workload{
		Trace: file, Speed: &speed, Workers: 4, SourceLatency: "100us",
	})
	tr := rw.Trace
	// The trace's 3 seconds (the last one spread) at speed 2 are 1.5 s;
	// the last request is due at (2 + 101/102) / 2 s.
	if rw.DurationS < 1.3 || rw.DurationS > 2.5 {
		t.Errorf("replay took %.2fs, want about 1.5s", rw.DurationS)
	}
	if tr.AchievedSpeed < 1.6 || tr.AchievedSpeed > 2.1 {
		t.Errorf("achieved speed %v, want about 2", tr.AchievedSpeed)
	}
	if tr.LagP99Ms == 0 && tr.LagMaxMs == 0 && rw.Latency["lag"].Count == 0 {
		t.Error("no lag against the trace's clock measured")
	}
	if rw.TargetRateOpsS < 150 || rw.TargetRateOpsS > 250 {
		t.Errorf("target rate %v, want the trace's pace times 2 (about 200/s)", rw.TargetRateOpsS)
	}
}

func TestTraceValidation(t *testing.T) {
	file, _ := writeSyntheticTrace(t, 10, 10)
	noTimes := filepath.Join(t.TempDir(), "plain.csv")
	if err := os.WriteFile(noTimes, []byte("key,op\na,get\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	one, zero := 1.0, 0.0
	for _, tc := range []struct {
		name, field string
		w           Workload
	}{
		{"missing file", "trace", Workload{Trace: filepath.Join(t.TempDir(), "absent")}},
		{"bad format", "trace_format", Workload{Trace: file, TraceFormat: "parquet"}},
		{"wrong format", "trace", Workload{Trace: file, TraceFormat: "csv"}},
		{"speed and rate", "speed", Workload{Trace: file, Speed: &one, Rate: 100}},
		{"speed without times", "speed", Workload{Trace: noTimes, Speed: &one}},
		{"speed without trace", "speed", Workload{Speed: &one}},
		{"prewarm", "prewarm", Workload{Trace: file, Prewarm: true}},
		{"near strategy", "strategy", Workload{Trace: file, Strategy: "near"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Prepare(Spec{Workloads: []Workload{tc.w}})
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != "workloads[0]."+tc.field {
				t.Fatalf("err = %v, want a FieldError on %s", err, tc.field)
			}
		})
	}
	// Defaults: speed 1 with timestamps, 0 without; no duration: the trace ends the run.
	for _, tc := range []struct {
		file string
		want float64
	}{{file, 1}, {noTimes, 0}} {
		p, err := Prepare(Spec{Workloads: []Workload{{Trace: tc.file}}})
		if err != nil {
			t.Fatal(err)
		}
		w := p.Workloads()[0]
		if w.Speed == nil || *w.Speed != tc.want || w.Duration != 0 || !p.BenchConfig(0).UntilDone {
			t.Errorf("%s: speed %v duration %v: want speed %v, no duration, until done", tc.file, w.Speed, w.Duration, tc.want)
		}
	}
	if _, err := Prepare(Spec{Workloads: []Workload{{Trace: noTimes, Speed: &zero}}}); err != nil {
		t.Errorf("speed 0 on a trace without timestamps: %v", err)
	}
}
