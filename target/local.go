package target

import (
	"net"
	"strings"
)

// Local reports whether the target's server runs on this machine, as far
// as its URL tells: a unix socket, or every address (for Sentinel, every
// sentinel's) on loopback: localhost, 127.0.0.0/8 or ::1. A cluster or a
// Sentinel's servers may still be elsewhere; the URL is all there is
// before connecting.
func (t Target) Local() bool {
	if t.Embedded != "" {
		return true
	}
	if t.opts != nil && t.opts.Network == "unix" {
		return true
	}
	addr := t.Addr()
	if addr == "" {
		return false
	}
	for _, a := range strings.Split(addr, ",") {
		host, _, err := net.SplitHostPort(a)
		if err != nil {
			return false
		}
		if !loopbackHost(host) {
			return false
		}
	}
	return true
}

// loopbackHost reports whether host names this machine's loopback.
func loopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
