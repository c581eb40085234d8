//go:build linux

package testredis

import "syscall"

// procAttr has the kernel SIGKILL a helper's child when the test binary
// dies, so that a crashed test leaves no sentinel behind.
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
