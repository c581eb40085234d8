package pollwait

import (
	"syscall"
	"unsafe"
)

// readable reports whether raw's socket has bytes to read, without taking
// them (recv with MSG_PEEK and MSG_DONTWAIT into one byte; no allocation).
func readable(raw syscall.RawConn) bool {
	var b [1]byte
	ok := false
	_ = raw.Control(func(fd uintptr) {
		n, _, errno := syscall.Syscall6(syscall.SYS_RECVFROM, fd, uintptr(unsafe.Pointer(&b[0])), 1,
			syscall.MSG_PEEK|syscall.MSG_DONTWAIT, 0, 0)
		ok = errno == 0 && n > 0
	})
	return ok
}
