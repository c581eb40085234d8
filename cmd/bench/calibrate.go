package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/cacheaside/bench/bench"
	"github.com/cacheaside/bench/report"
	"github.com/cacheaside/bench/target"
)

// Calibration before each open-loop workload (docs/generator.md): the
// pacing loop alone for calibratePacing, then calibrateRTTs single GETs.
const (
	calibratePacing = 200 * time.Millisecond
	calibrateRTTs   = 300
)

// calibrate measures the generator's timing floor before an open-loop
// workload with cfg on target c, prints it in one line and returns it; nil
// (with the failure printed) when it could not be measured: the workload
// still runs.
func calibrate(ctx context.Context, cfg bench.Config, c connected, keyPrefix string, console io.Writer) *report.Timing {
	probe := target.NewProbe(c.client, keyPrefix+"calibrate:", 0)
	defer probe.Close()
	if err := probe.Get(ctx); err != nil { // dials: not timed
		fmt.Fprintf(console, "  timing: not calibrated: %v\n", err)
		return nil
	}
	cal, err := bench.Calibrate(ctx, cfg, calibratePacing, calibrateRTTs, probe.Get)
	if err != nil {
		fmt.Fprintf(console, "  timing: not calibrated: %v\n", err)
		return nil
	}
	t := report.NewTiming(cal)
	fmt.Fprintf(console, "  %s\n", t.String(cal.GOMAXPROCS))
	return t
}
