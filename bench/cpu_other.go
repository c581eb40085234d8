//go:build !unix

package bench

import "time"

// processCPU returns the Go runtime's estimate of the process's CPU time:
// this system has no getrusage.
func processCPU() (time.Duration, bool) {
	return runtimeCPU()
}
