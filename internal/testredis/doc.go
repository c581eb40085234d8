// Package testredis gives tests of every package a Redis to talk to: Start
// runs a private redis-server (never the machine's 6379) and Emulator an
// in-process miniredis, both stopped when the test ends. A missing
// redis-server skips the test, except under CI=true, where it fails it.
package testredis
