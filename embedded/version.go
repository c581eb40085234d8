package embedded

import (
	"context"
	"os/exec"
	"strings"
	"time"
)

// versionTimeout bounds `redis-server --version`.
const versionTimeout = 5 * time.Second

// redisVersion runs `bin --version` and returns the version, e.g. "7.0.15"
// from "Redis server v=7.0.15 sha=…", the whole first line when it has no
// v= field, or "" when the command fails: the version is informational.
func redisVersion(ctx context.Context, bin string) string {
	ctx, cancel := context.WithTimeout(ctx, versionTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--version")
	cmd.WaitDelay = waitDelay
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	return parseVersion(string(out))
}

// parseVersion extracts the version from `redis-server --version` output.
func parseVersion(out string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(out), "\n")
	for f := range strings.FieldsSeq(line) {
		if v, ok := strings.CutPrefix(f, "v="); ok {
			return v
		}
	}
	return strings.TrimSpace(line)
}
