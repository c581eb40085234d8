//go:build unix

package bench

import (
	"syscall"
	"time"
)

// processCPU returns the process's user + system CPU time and how many
// times the kernel took a CPU from one of its threads (involuntary context
// switches), from getrusage.
func processCPU() (cpu time.Duration, preempted int64, ok bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		cpu, ok = runtimeCPU()
		return cpu, 0, ok
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), int64(ru.Nivcsw), true
}
