// Command bench verifies that the cache-aside pattern works on a Redis
// deployment, then drives concurrent cache-aside workloads and writes JSON
// and Markdown reports. See the README for commands, flags and exit codes.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		// The first signal stops the load, removes the run's keys and
		// writes the partial report; a second one stops at once.
		<-sigs
		fmt.Fprintln(os.Stderr, "\nbench: interrupted: finishing in-flight work, removing keys, writing the partial report (again to quit at once)")
		cancel()
		<-sigs
		fmt.Fprintln(os.Stderr, "bench: interrupted twice: quitting at once")
		os.Exit(exitInterrupted)
	}()
	err := runContext(ctx, os.Args[1:], os.Stdout, os.Stderr)
	cancel()
	if err != nil && !isQuietFailure(err) {
		fmt.Fprintln(os.Stderr, "bench:", err)
	}
	os.Exit(exitCode(err))
}
