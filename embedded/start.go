package embedded

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
)

// ErrNoRedisServer is returned (wrapped) by Start under Options.NoEmulator
// when the redis-server binary cannot be found.
var ErrNoRedisServer = errors.New("embedded: redis-server not found on PATH")

// Start launches a private redis-server on a free loopback port
// (127.0.0.1, never 6379) with persistence off (--save "" --appendonly
// no), its own temp --dir, no daemonize and protected-mode off, followed by
// opts.Args, and waits until it answers PING (up to opts.StartTimeout,
// default 10 s). When another process takes the port first, Start retries
// a few times on a new one. On Linux the child is SIGKILLed by the kernel
// if this process dies.
//
// When redis-server cannot be found, Start runs miniredis in process
// instead (Kind KindMiniredis), or, under opts.NoEmulator, fails with
// ErrNoRedisServer. A redis-server that is found but fails to start is an
// error, not a reason to fall back. On error Start leaves nothing behind:
// no process, no temp dir.
func Start(ctx context.Context, opts Options) (*Server, error) {
	return start(ctx, opts, FreePort)
}

// start is Start with the port chooser injected (tests race for ports).
func start(ctx context.Context, opts Options, pickPort func() (int, error)) (*Server, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("embedded: start: %w", err)
	}
	if err := checkArgs(opts.Args); err != nil {
		return nil, err
	}
	bin, err := lookRedisServer(opts.RedisServer)
	if err != nil {
		if opts.NoEmulator {
			return nil, fmt.Errorf("%w: %w", ErrNoRedisServer, err)
		}
		return startEmulator()
	}
	version := redisVersion(ctx, bin)
	var lastErr error
	for range portAttempts {
		port, err := pickPort()
		if err != nil {
			return nil, err
		}
		if port == reservedPort {
			lastErr = fmt.Errorf("embedded: refusing port %d", reservedPort)
			continue
		}
		s, err := startRedisServer(ctx, bin, port, opts)
		if err == nil {
			s.Version = version
			return s, nil
		}
		if !errors.Is(err, errPortTaken) {
			return nil, err
		}
		lastErr = err
	}
	return nil, fmt.Errorf("embedded: no free port after %d attempts: %w", portAttempts, lastErr)
}

// lookRedisServer resolves name (default "redis-server") on PATH, or
// checks it when it is a path.
func lookRedisServer(name string) (string, error) {
	if name == "" {
		name = "redis-server"
	}
	return exec.LookPath(name)
}

// serverArgs are Start's own redis-server arguments; user args follow.
func serverArgs(port int, dir string, extra []string) []string {
	args := []string{
		"--port", strconv.Itoa(port),
		"--bind", "127.0.0.1",
		"--dir", dir,
		"--daemonize", "no",
		"--protected-mode", "no",
		"--save", "",
		"--appendonly", "no",
	}
	return append(args, extra...)
}

// startRedisServer makes one attempt on port. On error it leaves nothing
// behind.
func startRedisServer(ctx context.Context, bin string, port int, opts Options) (*Server, error) {
	dir, err := os.MkdirTemp("", "bench-redis-*")
	if err != nil {
		return nil, fmt.Errorf("embedded: create temp dir: %w", err)
	}
	p, err := spawn(bin, serverArgs(port, dir, opts.Args), dir, opts.Log)
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	wctx, cancel := context.WithTimeout(ctx, opts.startTimeout())
	defer cancel()
	if err := waitReady(wctx, addr, p); err != nil {
		// kill only fails when the process cannot be signalled; the
		// startup error is the one worth returning.
		_ = p.kill()
		_ = os.RemoveAll(dir)
		return nil, err
	}
	return &Server{Kind: KindRedisServer, Addr: addr, dir: dir, proc: p}, nil
}
