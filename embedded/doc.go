// Package embedded starts the default target when the user names none: a
// private redis-server from PATH on a free loopback port with persistence
// off, or, where there is no redis-server, an in-process emulator
// (miniredis). It speaks no Redis client protocol beyond a PING to wait for
// readiness.
package embedded
