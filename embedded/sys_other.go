//go:build !unix

package embedded

import (
	"os"
	"syscall"
)

// sysProcAttr returns no special attributes outside unix.
func sysProcAttr() *syscall.SysProcAttr {
	return nil
}

// terminate kills the process: there is no SIGTERM outside unix.
func terminate(p *os.Process) error {
	return p.Kill()
}
