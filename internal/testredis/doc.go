// Package testredis gives tests of every package a Redis to talk to: Start
// runs a private redis-server (never the machine's 6379) and Emulator an
// in-process miniredis; StartCluster builds a cluster of private
// redis-servers with redis-cli --cluster create, StartSentinel a master, a
// replica and a sentinel, and StartTLS a TLS server with certificates made
// for the test. All are stopped when the test ends. A missing redis-server
// (or redis-cli) skips the test, except under CI=true, where it fails it.
package testredis
