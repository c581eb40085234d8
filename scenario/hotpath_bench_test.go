package scenario

import (
	"context"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cacheaside/bench/bench"
	"github.com/cacheaside/bench/internal/testredis"
	"github.com/cacheaside/bench/target"
)

// Benchmarks of the hot path of a hit (go test -run x -bench . -benchmem
// ./scenario): key name, record decode (and encode, on fills), a worker's
// operation against the emulator and a real server, and the whole engine
// loop with recording on and off.

func BenchmarkKeyName(b *testing.B) {
	for _, tc := range []struct {
		name string
		keys uint64
	}{
		{"table", 10_000},
		{"built", 100_000_000},
	} {
		b.Run(tc.name, func(b *testing.B) {
			p, err := Prepare(Spec{Workloads: []Workload{{Keys: tc.keys, KeyDist: "uniform"}}})
			if err != nil {
				b.Fatal(err)
			}
			ca := p.NewCacheAside(0, target.Target{}, redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"}), "bench:run:")
			defer ca.Close()
			wk, _ := ca.NewWorker(0)
			w := wk.(*worker)
			b.ReportAllocs()
			for i := uint64(0); b.Loop(); i++ {
				_ = w.key(i % tc.keys)
			}
		})
	}
}

func BenchmarkDecodeRecord(b *testing.B) {
	for _, size := range []int{100, 1024} {
		enc, _ := encodeRecord(4242, 3, size)
		s := string(enc)
		b.Run("fast/"+strconv.Itoa(size), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(s)))
			for b.Loop() {
				if _, err := decodeRecord(s, 4242); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("encoding-json/"+strconv.Itoa(size), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(s)))
			for b.Loop() {
				var r record
				if err := json.Unmarshal([]byte(s), &r); err != nil || r.ID != 4242 {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkEncodeRecord(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := encodeRecord(4242, 3, 100); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWorkerHit measures one worker's hit, one at a time: GET, decode,
// version check and its recording; allocations are go-redis's own.
func BenchmarkWorkerHit(b *testing.B) {
	for _, server := range []string{"miniredis", "redis-server"} {
		b.Run(server, func(b *testing.B) {
			var url string
			if server == "miniredis" {
				url = "redis://" + testredis.Emulator(b).Addr()
			} else {
				srv := testredis.Start(b)
				if srv == nil {
					return
				}
				url = srv.URL()
			}
			ca := benchCacheAside(b, url, 1, 1000)
			wk, _ := ca.NewWorker(0)
			rec := bench.NewRecorderFor(ca)
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				if out, err := wk.Do(ctx, rec); err != nil || out != bench.Hit {
					b.Fatalf("%v, %v", out, err)
				}
			}
		})
	}
}

// BenchmarkRunHitOnly runs the hit-only workload of make bench-self (50
// workers, 10,000 keys, 100-byte values, prewarmed) through the engine on
// a private redis-server, with recording on and off
// (bench.Config.NoRecord): compare their ops/s for what recording costs.
func BenchmarkRunHitOnly(b *testing.B) {
	srv := testredis.Start(b)
	if srv == nil {
		return
	}
	ca := benchCacheAside(b, srv.URL(), 50, 10_000)
	for _, noRecord := range []bool{false, true} {
		name := "record"
		if noRecord {
			name = "norecord"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			res, err := bench.Run(context.Background(), bench.Config{Workers: 50, Ops: int64(b.N), NoRecord: noRecord}, ca)
			if err != nil || res.Hits != int64(b.N) {
				b.Fatalf("%v: %d hits of %d (%v)", err, res.Hits, b.N, res.Errors)
			}
			b.ReportMetric(res.Throughput(), "ops/s")
		})
	}
}

// benchCacheAside binds a prewarmed hit-only workload of workers workers
// over keys keys of 100 bytes to url, connected as bench run connects.
func benchCacheAside(b *testing.B, url string, workers int, keys uint64) *CacheAside {
	b.Helper()
	target.QuietClientLogs()
	tg, err := target.ParseTarget(url)
	if err != nil {
		b.Fatal(err)
	}
	c, err := target.ConnectUniversal(context.Background(), tg, target.ConnectOptions{PoolSize: workers + 4})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = c.Close() })
	p, err := Prepare(Spec{Workloads: []Workload{{Workers: workers, Keys: keys, KeyDist: "uniform", ValueSize: "100",
		TTL: Duration(time.Hour), Ops: 1}}})
	if err != nil {
		b.Fatal(err)
	}
	ca := p.NewCacheAside(0, tg, c, "bench:"+NewRunID()+":")
	b.Cleanup(func() { _ = ca.Close() })
	if _, err := ca.prewarm(context.Background(), keys); err != nil { // once, outside the timings
		b.Fatal(err)
	}
	return ca
}
