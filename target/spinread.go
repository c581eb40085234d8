package target

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"syscall"
	"time"

	"github.com/cacheaside/bench/internal/pollwait"
)

// ReadSpin bounds how long a worker's connection polls its socket for a
// reply before it parks its goroutine in Go's network poller. A parked
// reader is woken by the poller, which costs tens of microseconds, more
// than a local GET takes, and while an open-loop worker spins towards its
// next due time (bench.SpinWindow) the poller is not consulted at all on
// a single CPU until the runtime's monitor does so (up to 10ms later).
// Polling keeps the reply's arrival close to the moment the worker takes
// it; the CPU it costs is at most ReadSpin per read, and in practice the
// round trip (docs/generator.md).
const ReadSpin = time.Millisecond

// spinReader reads a plain socket (TCP or unix) without parking first:
// non-blocking reads, yielding the processor between them, for up to
// ReadSpin; then it lets the poller wait as any read does. Its state lives
// in the struct and fn is bound once, so a read allocates nothing.
type spinReader struct {
	raw   syscall.RawConn
	fn    func(fd uintptr) bool // try, bound to this reader
	p     []byte                // the current read's buffer
	n     int
	err   error
	spun  bool          // the current read has spun already: now wait
	until time.Time     // the current read spins until then
	spin  time.Duration // how long a read polls at most: ReadSpin
}

// newSpinReader returns a spinReader for raw.
func newSpinReader(raw syscall.RawConn) *spinReader {
	s := &spinReader{raw: raw, spin: ReadSpin}
	s.fn = s.try
	return s
}

// read reads into p as net.Conn.Read does.
func (s *spinReader) read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	s.p, s.n, s.err, s.spun, s.until = p, 0, nil, false, time.Time{}
	err := s.raw.Read(s.fn)
	if s.spun { // it waited in the poller (try said so)
		pollwait.Unpark()
	}
	n, rerr := s.n, s.err
	s.p, s.err = nil, nil // keep no reference to the caller's buffer
	if err != nil {
		return 0, err // the deadline passed or the connection closed while waiting
	}
	return n, rerr
}

// spinDone reports whether the current read should stop polling and wait
// in the poller: its ReadSpin has passed, or another reader waits there
// already. A spinning reader keeps the runtime's run queue busy, and a
// runtime whose run queue is never empty consults the poller only from its
// monitor, every 10ms: the parked reader's reply would wait that long, and
// under CPU contention (replies later than ReadSpin) the waits cascade.
// Once every reader waits, the processor goes idle and the poller wakes
// them all. The same holds when a watched socket (pollwait.Watch) has data
// for its reader.
func (s *spinReader) spinDone() bool {
	if pollwait.Waiting() > 0 || pollwait.Pending() {
		return true
	}
	now := time.Now()
	if s.until.IsZero() {
		s.until = now.Add(s.spin)
		return false
	}
	return now.After(s.until)
}

// try is RawConn.Read's callback: true when the read is done (data, end of
// stream or an error), false to let the poller wait for the socket.
func (s *spinReader) try(fd uintptr) bool {
	for {
		n, err := syscall.Read(int(fd), s.p)
		switch {
		case err == syscall.EINTR:
			continue
		case err == syscall.EAGAIN:
			if s.spun {
				return false
			}
			if s.spinDone() {
				s.spun = true
				pollwait.Park() // the open loop's pacing stops spinning meanwhile
				return false
			}
			runtime.Gosched()
			continue
		case err != nil:
			s.err = fmt.Errorf("target: %w", os.NewSyscallError("read", err))
		case n == 0:
			s.err = io.EOF
		default:
			s.n = n
		}
		return true
	}
}
