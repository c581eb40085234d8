package bench

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestCalibrateFakeClock: on the injected clock the pacing loop of 1000
// ops/s over 200ms starts its 200 operations exactly on time (mode sleep)
// and the round trip is timed n times.
func TestCalibrateFakeClock(t *testing.T) {
	clock := newFakeClock()
	sl := &sleepLog{clock: clock}
	calls := 0
	c, err := Calibrate(context.Background(), Config{Workers: 1, Rate: 1000, Now: clock.Now, Sleep: sl.Sleep},
		200*time.Millisecond, 7, func(context.Context) error { calls++; return nil })
	if err != nil {
		t.Fatal(err)
	}
	if c.Mode != "sleep" || c.Lag.TotalCount() != 200 || c.Lag.Max() >= lowestLatency {
		t.Errorf("mode %q, %d lags, max %dns; want sleep, 200, 0", c.Mode, c.Lag.TotalCount(), c.Lag.Max())
	}
	if calls != 7 || c.RTT.TotalCount() != 7 {
		t.Errorf("%d round trips, %d timed, want 7", calls, c.RTT.TotalCount())
	}
}

// TestCalibrateRealClock: on the real clock the pacing loop spins; every
// paced operation and round trip is measured (no figure is asserted: they
// depend on the machine), and a failing round trip is reported.
func TestCalibrateRealClock(t *testing.T) {
	c, err := Calibrate(context.Background(), Config{Workers: 2, Rate: 2000, Arrival: ArrivalPoisson, Seed: 1},
		100*time.Millisecond, 20, func(context.Context) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if c.Mode != "spin" || c.Lag.TotalCount() == 0 || c.RTT.TotalCount() != 20 || c.GOMAXPROCS < 1 {
		t.Errorf("mode %q, %d lags, %d round trips, GOMAXPROCS %d", c.Mode, c.Lag.TotalCount(), c.RTT.TotalCount(), c.GOMAXPROCS)
	}
	boom := errors.New("boom")
	if _, err := Calibrate(context.Background(), Config{Workers: 1, Rate: 1000}, 10*time.Millisecond, 3,
		func(context.Context) error { return boom }); !errors.Is(err, boom) {
		t.Errorf("failing round trip: %v", err)
	}
	if _, err := Calibrate(context.Background(), Config{Workers: 1}, time.Millisecond, 0, nil); !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("closed loop: %v, want ErrInvalidConfig", err)
	}
}
