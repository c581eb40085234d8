// Package pollwait counts the goroutines of this process that wait for a
// socket in Go's network poller after polling it themselves (target's
// worker connections), so that the open loop's pacing (bench) knows when
// spinning would keep them waiting.
//
// While a goroutine spins, a runtime with one processor never consults
// the poller (it does so only when it has nothing else to run, or from its
// monitor every 10ms), so a reader parked there would wait up to 10ms for
// a reply that has arrived. The pacing sleeps instead of spinning while
// Waiting is above 0: the processor goes idle and the poller runs.
package pollwait

import "sync/atomic"

var waiting atomic.Int32

// Park notes that a goroutine now waits in the poller.
func Park() { waiting.Add(1) }

// Unpark notes that a goroutine noted by Park is back from the poller.
func Unpark() { waiting.Add(-1) }

// Waiting returns how many goroutines wait in the poller (Park minus Unpark).
func Waiting() int32 { return waiting.Load() }
