//go:build unix

package main

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// processCPU returns the process's user + system CPU time.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peakRSS returns the process's peak resident set size in bytes: VmHWM
// from /proc/self/status where there is one (getrusage's maxrss of a
// child started by fork and exec may include its parent's RSS at the
// fork), else getrusage's maxrss (kilobytes on Linux, bytes on macOS).
func peakRSS() int64 {
	if b, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
				kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
				if err == nil {
					return kb << 10
				}
			}
		}
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return int64(ru.Maxrss)
	}
	return int64(ru.Maxrss) << 10
}

// currentRSS returns the process's resident set size in bytes from
// /proc/self/statm, or its Go heap and stacks where there is none.
func currentRSS() int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return goMemory()
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return goMemory()
	}
	pages, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil {
		return goMemory()
	}
	return pages * int64(os.Getpagesize())
}
