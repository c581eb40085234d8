package bench

import (
	"context"
	"testing"
	"time"
)

func TestBackoffDoublesToItsCapAndResets(t *testing.T) {
	b := backoff{max: 5 * time.Millisecond}
	var got []time.Duration
	for _, kind := range []string{"timeout", "timeout", "timeout", "timeout", "timeout", "", "conn_refused"} {
		got = append(got, b.after(kind))
	}
	want := []time.Duration{1, 2, 4, 5, 5, 0, 1}
	for i := range want {
		if got[i] != want[i]*time.Millisecond {
			t.Fatalf("pauses %v, want %v ms", got, want)
		}
	}
	if d := (&backoff{max: -1}).after("timeout"); d != 0 {
		t.Errorf("negative cap paused %v", d)
	}
}

func TestWorkersPauseAfterFailures(t *testing.T) {
	var slept []time.Duration
	clock := newFakeClock()
	f := &fakeWorkload{script: []step{{Hit, errTimeout}, {Hit, errTimeout}, {Miss, nil}, {Hit, errRefused}}, clock: clock, opTime: time.Millisecond}
	cfg := Config{Workers: 1, Ops: 4, Now: clock.Now, Sleep: func(_ context.Context, d time.Duration) { slept = append(slept, d) }}
	res, err := Run(context.Background(), cfg, f)
	if err != nil {
		t.Fatal(err)
	}
	if res.ErrorCount() != 3 {
		t.Errorf("errors %v", res.Errors)
	}
	want := []time.Duration{time.Millisecond, 2 * time.Millisecond, time.Millisecond}
	if len(slept) != len(want) {
		t.Fatalf("slept %v, want %v", slept, want)
	}
	for i := range want {
		if slept[i] != want[i] {
			t.Fatalf("slept %v, want %v", slept, want)
		}
	}
}
