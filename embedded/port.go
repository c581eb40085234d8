package embedded

import (
	"errors"
	"fmt"
	"net"
)

// FreePort returns a free TCP port on 127.0.0.1, found by listening on port
// 0 and closing the listener. It never returns 6379. Another process may
// take the port before the caller binds it; Start retries when that happens.
func FreePort() (int, error) {
	for range portAttempts {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return 0, fmt.Errorf("embedded: find a free port: %w", err)
		}
		addr, ok := l.Addr().(*net.TCPAddr)
		if err := l.Close(); err != nil {
			return 0, fmt.Errorf("embedded: find a free port: %w", err)
		}
		if !ok {
			return 0, fmt.Errorf("embedded: find a free port: unexpected address %v", l.Addr())
		}
		if addr.Port != reservedPort {
			return addr.Port, nil
		}
	}
	return 0, errors.New("embedded: find a free port: the kernel kept offering 6379")
}
