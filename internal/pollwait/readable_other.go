//go:build !linux

package pollwait

import "syscall"

// readable is Linux's MSG_PEEK look elsewhere: never, so spinning goes on
// as without a watched socket.
func readable(syscall.RawConn) bool { return false }
