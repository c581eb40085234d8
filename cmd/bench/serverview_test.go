package main

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/internal/testredis"
)

// TestServerViewOfARun: a run records the server's view a second at a
// time and over its measured window; the server's GETs are the client's
// (the verification before and the prewarm are outside the window), so no
// warning says something else uses the server.
func TestServerViewOfARun(t *testing.T) {
	srv := testredis.Start(t)
	dir := t.TempDir()
	err, out, _ := cli(t, "run", "--target", srv.URL(), "--out", dir, "--duration", "2s", "--warmup", "200ms",
		"--workers", "4", "--keys", "200", "--source-latency", "1ms", "--quiet")
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	r := readReport(t, dir)
	if s := r.Targets[0].Server; s.Product != "redis" || s.Mode != "standalone" {
		t.Errorf("server %+v, want product redis, mode standalone", s)
	}
	if !strings.Contains(out, "server redis ") || !strings.Contains(out, "  server: CPU ") {
		t.Errorf("console lacks the server's identity or view:\n%s", out)
	}
	w := r.Targets[0].Workloads[0]
	if len(w.ServerTimeseries) < 2 {
		t.Fatalf("server_timeseries %+v, want a point a second over 2s", w.ServerTimeseries)
	}
	for _, p := range w.ServerTimeseries {
		if p.Ops <= 0 || p.UsedMemory <= 0 || p.ConnectedClients < 4 || p.CPUPct <= 0 || p.NetInBytes <= 0 {
			t.Errorf("point %+v: want commands, memory, the workers' clients, CPU and traffic", p)
		}
	}
	sw := w.ServerWindow
	if sw == nil || !sw.CommandStats {
		t.Fatalf("server_window %+v, want one with commandstats", sw)
	}
	client := w.Latency["redis_get"].Count
	if diff := client - sw.GetCalls; diff < 0 || float64(diff) > 0.02*float64(client)+20 {
		t.Errorf("server counted %d GETs, the client sent %d: want the same but for the window's first round trip", sw.GetCalls, client)
	}
	for _, x := range w.Warnings {
		if strings.Contains(x, "something else is using the server") {
			t.Errorf("warning on a server used by the run alone: %s", x)
		}
	}
	// The server's own GET time, from LATENCY HISTOGRAM: the client's GETs
	// counted (but for the window's edges), and below the client's time,
	// which adds the network and the client.
	sl, ok := w.ServerLatency["get"]
	if !ok {
		t.Fatalf("no server_latency.get (note %q)", w.ServerLatencyNote)
	}
	if diff := client - sl.Count; diff < -20 || float64(diff) > 0.02*float64(client)+20 {
		t.Errorf("server_latency.get.count %d, the client sent %d GETs: want the same but for the window's edges", sl.Count, client)
	}
	if sl.P50Ms <= 0 || sl.P50Ms >= w.Latency["redis_get"].P50Ms || sl.P999Ms < sl.P99Ms || sl.P99Ms < sl.P50Ms {
		t.Errorf("server_latency.get %+v against the client's redis_get p50 %v ms: want positive ordered percentiles, p50 below the client's",
			sl, w.Latency["redis_get"].P50Ms)
	}
	if n := w.Latency["redis_set"].Count; n > 0 && w.ServerLatency["set"].Count == 0 {
		t.Errorf("server_latency.set %+v, the client sent %d SETs", w.ServerLatency["set"], w.Latency["redis_set"].Count)
	}
	if !strings.Contains(out, "  server GET: ") {
		t.Errorf("console lacks the server's GET latency:\n%s", out)
	}
	// No memory limit: the misses (first fills, invalidations) are no
	// eviction misses.
	if w.Evictions != nil {
		t.Errorf("evictions %+v on a server without a memory limit", *w.Evictions)
	}
	// A closed loop on a local server: something paced it, and why gives
	// the figures that decided it.
	a := w.Attribution
	if a == nil || !slices.Contains([]string{"server", "client", "network"}, a.Bound) ||
		!strings.Contains(a.Why, "server CPU ") || !strings.Contains(a.Why, "GET p50 ") {
		t.Errorf("attribution %+v: want server, client or network, with the server's CPU and the GET p50s", a)
	}
	if a != nil && !strings.Contains(out, "  bound: "+a.Bound+" (") {
		t.Errorf("console lacks the attribution line:\n%s", out)
	}
}

// TestServerLatencyAbsent: a server without LATENCY HISTOGRAM (the
// emulator) gives no server_latency, a note in the report and the console,
// and an otherwise complete run.
func TestServerLatencyAbsent(t *testing.T) {
	m := testredis.Emulator(t)
	dir := t.TempDir()
	err, out, _ := cli(t, "run", "--out", dir, "--target", "redis://"+m.Addr(), "--duration", "300ms", "--warmup", "0s",
		"--workers", "2", "--keys", "50", "--source-latency", "1ms", "--quiet")
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	w := readReport(t, dir).Targets[0].Workloads[0]
	if w.ServerLatency != nil || !strings.Contains(w.ServerLatencyNote, "LATENCY HISTOGRAM") || w.Ops == 0 {
		t.Errorf("server_latency %v, note %q, ops %d: want none, a note naming LATENCY HISTOGRAM, and the run's ops", w.ServerLatency, w.ServerLatencyNote, w.Ops)
	}
	if a := w.Attribution; a != nil && a.Bound != "client" {
		t.Errorf("attribution %+v on a server that gives no CPU time: want none (or client, the generator's own rules)", *a)
	}
	if !strings.Contains(out, "server latency: not available") {
		t.Errorf("console lacks the note:\n%s", out)
	}
}

// TestServerViewSeesForeignTraffic: GETs from another client during the
// measured window make a warning.
func TestServerViewSeesForeignTraffic(t *testing.T) {
	srv := testredis.Start(t)
	c := redis.NewClient(&redis.Options{Addr: srv.Addr})
	defer c.Close()
	foreign := func() error { // once the progress line shows 1s of measurement
		ctx := context.Background()
		p := c.Pipeline()
		for i := range 20000 {
			p.Get(ctx, "someone-else:"+strconv.Itoa(i))
		}
		_, err := p.Exec(ctx)
		if err == redis.Nil {
			err = nil
		}
		return err
	}
	dir := t.TempDir()
	err, out, _, ferr := cliMeasuring(t, time.Second, foreign, "run", "--target", srv.URL(), "--out", dir, "--duration", "3s",
		"--warmup", "0s", "--workers", "2", "--keys", "100", "--source-latency", "1ms")
	if err != nil || ferr != nil {
		t.Fatalf("run: %v, foreign GETs: %v\n%s", err, ferr, out)
	}
	w := readReport(t, dir).Targets[0].Workloads[0]
	found := false
	for _, x := range w.Warnings {
		found = found || strings.Contains(x, "something else is using the server")
	}
	if !found || w.ServerWindow == nil || w.ServerWindow.GetCalls < 20000 {
		t.Errorf("warnings %q, window %+v: want the 20000 foreign GETs counted and warned about", w.Warnings, w.ServerWindow)
	}
	if !strings.Contains(out, "something else is using the server") {
		t.Errorf("console does not show the warning:\n%s", out)
	}
}
