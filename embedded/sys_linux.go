//go:build linux

package embedded

import (
	"os"
	"syscall"
)

// sysProcAttr puts the child in its own process group (a terminal's Ctrl-C
// reaches only us; Stop ends the server in order) and has the kernel
// SIGKILL it when we die, even on a crash. Pdeathsig fires when the OS
// thread that started the child exits; Go keeps its threads alive unless a
// goroutine that locked its thread exits, which this package never does.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// terminate asks the process to shut down.
func terminate(p *os.Process) error {
	return p.Signal(syscall.SIGTERM)
}
