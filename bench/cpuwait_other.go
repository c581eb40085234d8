//go:build !linux

package bench

import "time"

// processCPUWait is unknown outside Linux, which alone publishes a
// thread's run-queue wait.
func processCPUWait() (time.Duration, bool) { return 0, false }
