// Package embedded starts the default target when the user names none: a
// private redis-server from PATH on a free loopback port with persistence
// off, or, where there is no redis-server, an in-process emulator
// (miniredis). It speaks no Redis client protocol beyond a PING to wait for
// readiness and an INFO server to make sure the answer comes from its own
// child and not from another process that took the port.
package embedded
