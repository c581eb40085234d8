package report

import "strings"

// Identity names the server: its product and version ("valkey 8.0.1"),
// the version alone in reports written before the product was kept, ""
// when nothing is known.
func (s Server) Identity() string {
	return strings.TrimSpace(s.Product + " " + s.Version)
}

// identityLong is Identity with the Redis version a product claims
// compatibility with, where it reports one of its own ("valkey 8.0.1,
// Redis-compatible 7.2.4").
func (s Server) identityLong() string {
	id := s.Identity()
	if s.CompatVersion != "" {
		id += ", Redis-compatible " + s.CompatVersion
	}
	return id
}
