package main

import (
	"testing"
)

// The help and a typo, as a user sees them: `bench --help` lists the
// commands with an example each; `bench run --help` groups the flags and
// gives each its real default or the scenario's; a mistyped flag is one
// line naming the nearest flag, exit 2; --version says the build.
func TestGoldenHelp(t *testing.T) {
	for _, tc := range []struct {
		golden string
		args   []string
		exit   int
	}{
		{"help.txt", []string{"--help"}, exitOK},
		{"run-help.txt", []string{"run", "--help"}, exitOK},
		{"compare-help.txt", []string{"compare", "-h"}, exitOK},
		{"typo.txt", []string{"run", "--duraton", "3s"}, exitUsage},
		{"typo-command.txt", []string{"verfy"}, exitUsage},
		{"missing-value.txt", []string{"run", "--ttl"}, exitUsage},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			err, out, errOut := cli(t, tc.args...)
			if exitCode(err) != tc.exit {
				t.Fatalf("exit %d (%v), want %d", exitCode(err), err, tc.exit)
			}
			golden(t, "cli/"+tc.golden, transcript(tc.args, nil, err, out, errOut))
		})
	}
	err, out, _ := cli(t, "--version")
	if err != nil || len(out) < len("cacheaside-bench ") || out[:len("cacheaside-bench "+version)] != "cacheaside-bench "+version {
		t.Errorf("--version: %v %q", err, out)
	}
	if err, out2, _ := cli(t, "version"); err != nil || out2 != out {
		t.Errorf("version: %v %q, want %q", err, out2, out)
	}
}
