package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/bench -run Golden -update to create it)", err)
	}
	if !bytes.Equal([]byte(got), want) {
		t.Errorf("%s differs (run with -update if the change is intended):\n got:\n%s\nwant:\n%s", path, got, want)
	}
}

// transcript is what a user sees of a command: its stdout and stderr, the
// line main prints for its error, and the exit code; subs are pairs of a
// text (a real port, a temporary path) and its placeholder, replaced in
// order.
func transcript(args []string, subs []string, err error, stdout, stderr string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "$ bench %s\n%s%s", strings.Join(args, " "), stdout, stderr)
	if err != nil && !isQuietFailure(err) {
		fmt.Fprintf(&b, "bench: %v\n", err)
	}
	fmt.Fprintf(&b, "exit %d\n", exitCode(err))
	s := b.String()
	for i := 0; i+1 < len(subs); i += 2 {
		s = strings.ReplaceAll(s, subs[i], subs[i+1])
	}
	return s
}
