package main

import (
	"context"
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
