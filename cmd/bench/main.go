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
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := runContext(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	code := exitCode(err)
	if err != nil && !isQuietFailure(err) {
		fmt.Fprintln(os.Stderr, "bench:", err)
	}
	os.Exit(code)
}
