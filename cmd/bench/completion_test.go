package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The bash script completes commands and each command's flags, as its
// help lists them; zsh uses the same through bashcompinit; fish's names
// every flag.
func TestCompletion(t *testing.T) {
	err, script, _ := cli(t, "completion", "bash")
	if err != nil {
		t.Fatal(err)
	}
	bash, lerr := exec.LookPath("bash")
	if lerr != nil {
		t.Skip("no bash")
	}
	path := filepath.Join(t.TempDir(), "bench.bash")
	if err := os.WriteFile(path, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	complete := func(words ...string) string {
		t.Helper()
		prog := "source " + path + "; COMP_WORDS=(" + strings.Join(words, " ") + "); COMP_CWORD=" + itoa(len(words)-1) + "; _bench; echo \"${COMPREPLY[*]}\""
		out, err := exec.Command(bash, "-c", prog).CombinedOutput()
		if err != nil {
			t.Fatalf("bash: %v\n%s", err, out)
		}
		return strings.TrimSpace(string(out))
	}
	for _, tc := range []struct {
		words []string
		want  string
	}{
		{[]string{"bench", "ver"}, "verify version"},
		{[]string{"bench", "run", "--dur"}, "--duration"},
		{[]string{"bench", "--war"}, "--warmup"}, // run is the default command
		{[]string{"bench", "compare", "--map"}, "--map-target"},
		{[]string{"bench", "merge", "-"}, "--out -o"},
	} {
		if got := complete(tc.words...); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.words, got, tc.want)
		}
	}
	for _, shell := range []string{"zsh", "fish"} {
		err, out, _ := cli(t, "completion", shell)
		if err != nil || !strings.Contains(out, "duration") || !strings.Contains(out, "map-target") {
			t.Errorf("%s: %v\n%.300s", shell, err, out)
		}
	}
	if err, _, _ := cli(t, "completion", "tcsh"); exitCode(err) != exitUsage {
		t.Errorf("tcsh: %v, want exit 2", err)
	}
}
