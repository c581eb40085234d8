//go:build unix

package bench

import (
	"syscall"
	"time"
)

// processCPU returns the process's user + system CPU time from getrusage.
func processCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return runtimeCPU()
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
