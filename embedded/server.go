package embedded

import (
	"errors"
	"fmt"
	"os"
	"sync"

	"github.com/alicebob/miniredis/v2"
)

// Kinds of embedded target, the values of Server.Kind.
const (
	// KindRedisServer is a private redis-server child process.
	KindRedisServer = "redis-server"
	// KindMiniredis is the in-process emulator; numbers measured against it
	// say nothing about a real Redis.
	KindMiniredis = "miniredis"
)

// Server is a running embedded target. Stop it when done.
type Server struct {
	// Kind is KindRedisServer or KindMiniredis.
	Kind string
	// Addr is host:port on loopback (127.0.0.1), never port 6379.
	Addr string
	// Version is redis-server's version (e.g. "7.0.15", from
	// `redis-server --version`) when Kind is KindRedisServer and it could be
	// read; "" otherwise.
	Version string

	dir  string               // redis-server's temp --dir, removed by Stop
	proc *process             // the redis-server child, or nil
	mini *miniredis.Miniredis // the emulator, or nil

	stopOnce sync.Once
	stopErr  error
}

// URL returns "redis://" + Addr.
func (s *Server) URL() string {
	return "redis://" + s.Addr
}

// Stop stops the server: redis-server gets SIGTERM, then SIGKILL if it is
// still running after about 5 s, and its temp dir is removed; miniredis is
// closed. It reports a redis-server that died on its own before Stop. Stop
// is safe to call more than once (later calls return the first result) and
// on a nil Server.
func (s *Server) Stop() error {
	if s == nil {
		return nil
	}
	s.stopOnce.Do(func() { s.stopErr = s.stop() })
	return s.stopErr
}

// stop does Stop's work once.
func (s *Server) stop() error {
	var errs []error
	if s.mini != nil {
		s.mini.Close()
	}
	if s.proc != nil {
		if s.proc.exited() && s.proc.err != nil {
			errs = append(errs, fmt.Errorf("embedded: redis-server on %s died before Stop (%w)%s", s.Addr, s.proc.err, s.proc.tail.quote()))
		}
		if err := s.proc.stop(stopGrace); err != nil {
			errs = append(errs, err)
		}
	}
	if s.dir != "" {
		if err := os.RemoveAll(s.dir); err != nil {
			errs = append(errs, fmt.Errorf("embedded: remove temp dir: %w", err))
		}
	}
	return errors.Join(errs...)
}
