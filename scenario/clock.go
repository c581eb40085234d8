package scenario

import "time"

// epoch is the origin of mono.
var epoch = time.Now()

// mono returns the time since epoch from the monotonic clock alone, for
// timing a call: t0 := mono(); …; took := mono() - t0. time.Now reads the
// wall clock as well, which a duration does not need: mono costs half.
func mono() time.Duration { return time.Since(epoch) }
