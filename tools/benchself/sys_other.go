//go:build !unix

package main

import "time"

// processCPU is unknown here.
func processCPU() time.Duration { return 0 }

// peakRSS falls back to the Go runtime's memory, a lower bound.
func peakRSS() int64 { return goMemory() }

// currentRSS falls back to the Go runtime's memory.
func currentRSS() int64 { return goMemory() }
