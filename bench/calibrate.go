package bench

import (
	"context"
	"fmt"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
)

// Calibration is the generator's timing floor on this machine, measured
// just before an open-loop workload (Lancet's self-check): how late the
// pacing loop starts operations that do nothing, and how long one request
// takes when it is the only one. A workload's latencies cannot be trusted
// below these figures.
type Calibration struct {
	// Mode is how the open loop waits for a due time: "spin" (a timer
	// until SpinWindow before it, then spinning on the clock) or "sleep"
	// (an injected clock: the whole wait is slept).
	Mode string
	// Lag is the pacing loop's schedule lag: actual start minus intended
	// start of operations that do nothing, at the workload's rate,
	// arrivals and workers.
	Lag *hdrhistogram.Histogram
	// RTT is the round trip of single requests, one at a time.
	RTT *hdrhistogram.Histogram
	// CPUUtil and GOMAXPROCS are the client's CPU during the pacing loop
	// (as ClientStats); CPUPerOp is that CPU per paced operation: what
	// keeping the schedule costs.
	CPUUtil    float64
	GOMAXPROCS int
	CPUPerOp   time.Duration
}

// Calibrate measures the timing floor for an open-loop run with cfg: for d,
// the pacing loop of cfg (its Rate, Arrival, Seed and Workers) with
// operations that do nothing; then n round trips of rtt, one at a time
// (rtt nil or n 0: none). cfg.Rate must be > 0.
func Calibrate(ctx context.Context, cfg Config, d time.Duration, n int, rtt func(context.Context) error) (Calibration, error) {
	if cfg.Rate <= 0 {
		return Calibration{}, &ConfigError{Field: "rate", Reason: fmt.Sprintf("must be > 0 to calibrate, got %v", cfg.Rate)}
	}
	pace := Config{Name: "calibration", Workers: cfg.Workers, Rate: cfg.Rate, Arrival: cfg.Arrival, Seed: cfg.Seed,
		Duration: d, Now: cfg.Now, Sleep: cfg.Sleep}
	res, err := Run(ctx, pace, idleWorkload{})
	if err != nil {
		return Calibration{}, fmt.Errorf("bench: calibrate: %w", err)
	}
	c := Calibration{Mode: "spin", Lag: res.Lag, RTT: NewHistogram(), CPUUtil: res.Client.CPUUtil, GOMAXPROCS: res.Client.GOMAXPROCS}
	if cfg.Now != nil || cfg.Sleep != nil {
		c.Mode = "sleep"
	}
	if res.Ops > 0 {
		c.CPUPerOp = time.Duration(c.CPUUtil * float64(c.GOMAXPROCS) * float64(res.Elapsed) / float64(res.Ops))
	}
	for range n {
		if rtt == nil || ctx.Err() != nil {
			break
		}
		t0 := time.Now()
		if err := rtt(ctx); err != nil {
			return c, fmt.Errorf("bench: calibrate round trip: %w", err)
		}
		_ = c.RTT.RecordValue(min(max(int64(time.Since(t0)), 0), highestLatency))
	}
	return c, nil
}

// idleWorkload's operations do nothing: what is left is the pacing loop.
type idleWorkload struct{}

func (idleWorkload) Histograms() []string          { return nil }
func (idleWorkload) Counters() []string            { return nil }
func (idleWorkload) ErrorKind(error) string        { return "" }
func (idleWorkload) NewWorker(int) (Worker, error) { return idleWorker{}, nil }

type idleWorker struct{}

func (idleWorker) Do(context.Context, *Recorder) (Outcome, error) { return Hit, nil }
