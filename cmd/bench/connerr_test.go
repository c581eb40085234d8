package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cacheaside/bench/embedded"
	"github.com/cacheaside/bench/internal/testredis"
)

// The exact text of failed connections: the target and its address once,
// what went wrong in words, where credentials came from and where they go,
// exit 3, never the password.
func TestGoldenConnectionErrors(t *testing.T) {
	srv := testredis.Start(t, "--requirepass", "right-pw")
	free, err := embedded.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	pwFile := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pwFile, []byte("not-it\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	port := strings.Split(srv.Addr, ":")[1]
	subs := []string{srv.Addr, "127.0.0.1:PORT", ":" + port, ":PORT", ":" + itoa(free), ":FREE", pwFile, "PWFILE"}
	for _, tc := range []struct {
		name, golden string
		env          string // $REDIS_PASSWORD
		args         []string
	}{
		{"unreachable host:port", "unreachable.txt", "", []string{"verify", "--target", "127.0.0.1:" + itoa(free)}},
		{"unreachable, named", "unreachable-named.txt", "", []string{"run", "--target", "cache=127.0.0.1:" + itoa(free)}},
		{"wrong password in the URL", "wrong-password-url.txt", "", []string{"verify", "--target", "redis://:not-it@" + srv.Addr}},
		{"wrong password in $REDIS_PASSWORD", "wrong-password-env.txt", "not-it", []string{"verify", "--target", srv.Addr}},
		{"wrong password in a file, with a user", "wrong-password-file.txt", "", []string{"verify", "--target", "c=" + srv.Addr, "--user", "app", "--password-file", pwFile}},
		{"no password", "no-password.txt", "", []string{"verify", "--target", ":" + port}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("REDIS_PASSWORD", tc.env)
			err, out, errOut := cli(t, append(tc.args, "--out", t.TempDir())...)
			if exitCode(err) != exitUnreachable {
				t.Fatalf("exit %d (%v), want 3", exitCode(err), err)
			}
			if strings.Contains(err.Error()+out+errOut, "not-it") {
				t.Errorf("the password is printed: %v\n%s%s", err, out, errOut)
			}
			got := transcript(tc.args, subs, err, out, errOut)
			golden(t, "connect/"+tc.golden, got)
		})
	}
}
