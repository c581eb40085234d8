//go:build unix && !linux

package embedded

import (
	"os"
	"syscall"
)

// sysProcAttr puts the child in its own process group, so that a terminal's
// Ctrl-C reaches only us and Stop ends the server in order. Outside Linux
// there is no Pdeathsig: a crash of this process leaves the server running.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}

// terminate asks the process to shut down.
func terminate(p *os.Process) error {
	return p.Signal(syscall.SIGTERM)
}
