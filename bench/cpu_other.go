//go:build !unix

package bench

import "time"

// processCPU returns the Go runtime's estimate of the process's CPU time:
// this system has no getrusage, so the involuntary switches are unknown (0).
func processCPU() (cpu time.Duration, preempted int64, ok bool) {
	cpu, ok = runtimeCPU()
	return cpu, 0, ok
}
