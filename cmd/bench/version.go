package main

import (
	"runtime"
	"runtime/debug"
	"strings"
)

// commands are bench's commands, for the did-you-mean of a mistyped one.
var commands = []string{"run", "verify", "capacity", "compare", "merge", "report", "scenarios", "clean", "trace", "version", "completion", "help"}

// versionLine says which build this is, from the build information Go
// embeds: the tool's version, the module's version (a tag, or "(devel)"
// for a build from a checkout), the VCS revision and whether the tree had
// changes, and the Go version and platform.
func versionLine() string {
	parts := []string{"cacheaside-bench " + version}
	if bi, ok := debug.ReadBuildInfo(); ok {
		mod := bi.Main.Path
		if bi.Main.Version != "" {
			mod += " " + bi.Main.Version
		}
		parts = append(parts, "module "+mod)
		var rev, modified string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
		if rev != "" {
			r := "revision " + rev
			if modified == "true" {
				r += " (with uncommitted changes)"
			}
			parts = append(parts, r)
		}
	}
	parts = append(parts, runtime.Version()+" "+runtime.GOOS+"/"+runtime.GOARCH)
	return strings.Join(parts, ", ")
}
