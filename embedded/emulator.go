package embedded

import (
	"fmt"
	"net"

	"github.com/alicebob/miniredis/v2"
)

// startEmulator starts miniredis in process on a free loopback port.
func startEmulator() (*Server, error) {
	for range portAttempts {
		m := miniredis.NewMiniRedis()
		if err := m.StartAddr("127.0.0.1:0"); err != nil {
			return nil, fmt.Errorf("embedded: start miniredis: %w", err)
		}
		addr := m.Addr()
		if _, port, _ := net.SplitHostPort(addr); port == fmt.Sprint(reservedPort) {
			m.Close()
			continue
		}
		return &Server{Kind: KindMiniredis, Addr: addr, mini: m}, nil
	}
	return nil, fmt.Errorf("embedded: start miniredis: the kernel kept offering port %d", reservedPort)
}
