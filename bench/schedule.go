package bench

import (
	"errors"
	"time"
)

// Schedule is an open-loop schedule the caller gives (Config.Schedule)
// instead of a rate: the intended start of every operation in turn, such
// as the times of a replayed trace. The engine calls Next in schedule
// order, serialised, as operations are handed to the workers; the
// intended starts must not decrease (a smaller one is taken as the one
// before it).
type Schedule interface {
	// Next returns the intended start of the next operation since the
	// start of the run, or ok=false when the schedule has ended.
	Next() (at time.Duration, ok bool)
}

// ErrDone is returned by a Worker's Do when the workload has no more
// operations (Config.UntilDone): the worker stops, and the call is neither
// counted nor recorded.
var ErrDone = errors.New("bench: workload done")

// pacerSchedule is a Pacer as a Schedule that never ends.
type pacerSchedule struct{ p *Pacer }

func (s pacerSchedule) Next() (time.Duration, bool) { return s.p.Next(), true }
