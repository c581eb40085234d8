//go:build !linux

package testredis

import "syscall"

// procAttr is the default outside Linux: no parent-death signal there.
func procAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{} }
