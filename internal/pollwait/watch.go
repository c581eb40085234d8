package pollwait

import (
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Watched sockets are read by goroutines that wait in the poller all the
// time (a near cache's invalidation subscriber), so Park cannot count
// them: spinning would then stop for good. Instead the spinners ask
// Pending, which looks at the watched sockets without reading them; when
// one has data, they stop spinning as they do for a parked reader, and the
// poller wakes its reader.

// pendingEvery is how often Pending looks at the sockets: a spinner calls
// it every few hundred nanoseconds, and a look is a system call per socket.
const pendingEvery = 20 * time.Microsecond

var (
	watchMu sync.Mutex
	watched atomic.Pointer[[]syscall.RawConn] // copied on change

	lastLook atomic.Int64  // time.Now().UnixNano() of the last look
	pending  atomic.Bool   // what it saw, false again once drained
	drains   atomic.Uint64 // Drained calls: a look that overlapped one is void
)

// Watch adds raw to the sockets Pending looks at; the returned function
// removes it (call it before the socket is closed).
func Watch(raw syscall.RawConn) (unwatch func()) {
	update(func(s []syscall.RawConn) []syscall.RawConn { return append(s, raw) })
	var once sync.Once
	return func() {
		once.Do(func() {
			update(func(s []syscall.RawConn) []syscall.RawConn {
				for i, r := range s {
					if r == raw {
						return append(s[:i:i], s[i+1:]...)
					}
				}
				return s
			})
		})
	}
}

// update replaces the watched list by f of a copy of it.
func update(f func([]syscall.RawConn) []syscall.RawConn) {
	watchMu.Lock()
	defer watchMu.Unlock()
	var s []syscall.RawConn
	if p := watched.Load(); p != nil {
		s = append(s, *p...)
	}
	s = f(s)
	watched.Store(&s)
}

// Pending reports whether a watched socket has data its reader has not
// taken, looking at most every pendingEvery (in between it repeats the
// last answer).
func Pending() bool {
	p := watched.Load()
	if p == nil || len(*p) == 0 {
		return false
	}
	now := time.Now().UnixNano()
	last := lastLook.Load()
	if now-last < int64(pendingEvery) || !lastLook.CompareAndSwap(last, now) {
		return pending.Load()
	}
	gen := drains.Load()
	found := false
	for _, raw := range *p {
		if readable(raw) {
			found = true
			break
		}
	}
	// A reader that drained its socket during the look (or before the
	// store) may have closed the pacing's Back channel already: a stale
	// true would then sleep until the next operation is due with nothing
	// to wake it.
	pending.Store(found)
	if found && drains.Load() != gen {
		pending.Store(false)
		return false
	}
	return found
}

// Drained notes that a watched socket's reader took its data: it wakes
// whoever waits on Back, as Unpark does.
func Drained() {
	drains.Add(1)
	pending.Store(false)
	wakeBack()
}
