// Package pollwait counts the goroutines of this process that wait for a
// socket in Go's network poller after polling it themselves (target's
// worker connections), and looks at the sockets whose readers always wait
// there (watch.go), so that the open loop's pacing (bench) knows when
// spinning would keep them waiting.
//
// While a goroutine spins, a runtime with one processor never consults
// the poller (it does so only when it has nothing else to run, or from its
// monitor every 10ms), so a reader parked there would wait up to 10ms for
// a reply that has arrived. The pacing sleeps instead of spinning while
// Waiting is above 0: the processor goes idle and the poller runs. Back
// wakes the pacing as soon as such a reader returns, so that it spins
// again instead of sleeping out a timer, which Go rounds up to a
// millisecond.
package pollwait

import (
	"sync"
	"sync/atomic"
)

var (
	waiting atomic.Int32
	mu      sync.Mutex
	back    = make(chan struct{})
)

// Park notes that a goroutine now waits in the poller.
func Park() { waiting.Add(1) }

// Unpark notes that a goroutine noted by Park is back from the poller,
// and closes the channel Back returned.
func Unpark() {
	waiting.Add(-1)
	wakeBack()
}

// wakeBack closes the channel Back returned and starts a new one.
func wakeBack() {
	mu.Lock()
	close(back)
	back = make(chan struct{})
	mu.Unlock()
}

// Back returns a channel closed at the next Unpark. Take it before
// reading Waiting, so that an Unpark in between is not missed.
func Back() <-chan struct{} {
	mu.Lock()
	defer mu.Unlock()
	return back
}

// Waiting returns how many goroutines wait in the poller (Park minus Unpark).
func Waiting() int32 { return waiting.Load() }
