package embedded

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"time"
)

// waitDelay bounds how long Wait keeps draining output after the process
// exits (a forked child, e.g. a BGSAVE, may hold the pipe open).
const waitDelay = 2 * time.Second

// process is a started child whose exit is watched by one goroutine.
type process struct {
	cmd  *exec.Cmd
	tail *tailWriter
	done chan struct{} // closed once Wait has returned
	err  error         // Wait's result, valid once done is closed
}

// spawn starts bin with args in dir, its output going to a tail kept for
// errors and to log (nil = discard).
func spawn(bin string, args []string, dir string, log io.Writer) (*process, error) {
	tail := newTailWriter(tailLines, log)
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	// The same comparable writer for both: exec then uses one pipe and one
	// goroutine, so lines are not interleaved mid-line.
	cmd.Stdout = tail
	cmd.Stderr = tail
	cmd.SysProcAttr = sysProcAttr()
	cmd.WaitDelay = waitDelay
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("embedded: start %s: %w", bin, err)
	}
	p := &process{cmd: cmd, tail: tail, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// pid returns the process id.
func (p *process) pid() int {
	return p.cmd.Process.Pid
}

// exited reports whether the process has exited (and been reaped).
func (p *process) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// stop sends SIGTERM, waits up to grace, then SIGKILLs, and waits for the
// exit. It returns an error only when the process cannot be signalled.
func (p *process) stop(grace time.Duration) error {
	if p.exited() {
		return nil
	}
	if err := terminate(p.cmd.Process); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return p.kill()
	}
	timer := time.NewTimer(grace)
	defer timer.Stop()
	select {
	case <-p.done:
		return nil
	case <-timer.C:
		return p.kill()
	}
}

// kill SIGKILLs the process and waits for its exit.
func (p *process) kill() error {
	err := p.cmd.Process.Kill()
	<-p.done
	if err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("embedded: kill redis-server (pid %d): %w", p.pid(), err)
	}
	return nil
}
