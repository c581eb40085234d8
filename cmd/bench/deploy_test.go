package main

import (
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cacheaside/bench/internal/testredis"
	"github.com/cacheaside/bench/report"
	"github.com/cacheaside/bench/target"
)

func TestConnFlags(t *testing.T) {
	dir := t.TempDir()
	pwFile := filepath.Join(dir, "pw")
	if err := os.WriteFile(pwFile, []byte("file-s3cret\r\nsecond line\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	emptyFile := filepath.Join(dir, "empty")
	if err := os.WriteFile(emptyFile, []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"REDIS_PASSWORD": "env-s3cret"}
	for _, tc := range []struct {
		name  string
		args  []string
		want  target.ConnectOptions
		field string // the flag a *target.FieldError must name; "" = valid
	}{
		{name: "defaults: password from the environment", want: target.ConnectOptions{ReadFrom: "master", Password: "env-s3cret", PasswordFrom: "$REDIS_PASSWORD"}},
		{name: "everything", args: []string{"--user", "app", "--password-file", pwFile, "--resp", "2", "--read-from", "replica", "--tls-server-name", "cache", "--tls-insecure"},
			want: target.ConnectOptions{User: "app", Password: "file-s3cret", PasswordFrom: "--password-file " + pwFile, Protocol: 2, ReadFrom: "replica", TLSServerName: "cache", TLSInsecure: true}},
		{name: "resp 3", args: []string{"--resp", "3"}, want: target.ConnectOptions{Protocol: 3, ReadFrom: "master", Password: "env-s3cret", PasswordFrom: "$REDIS_PASSWORD"}},
		{name: "bad resp", args: []string{"--resp", "4"}, field: "--resp"},
		{name: "bad read-from", args: []string{"--read-from", "slave"}, field: "--read-from"},
		{name: "missing password file", args: []string{"--password-file", filepath.Join(dir, "none")}, field: "--password-file"},
		{name: "empty password file", args: []string{"--password-file", emptyFile}, field: "--password-file"},
		{name: "cert without key", args: []string{"--tls-cert", pwFile}, field: "--tls-key"},
		{name: "CA that is not PEM", args: []string{"--tls-ca", pwFile}, field: "--tls-ca"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := flag.NewFlagSet("test", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			c := addConnFlags(fs)
			if err := fs.Parse(tc.args); err != nil {
				t.Fatal(err)
			}
			got, err := c.options(func(k string) string { return env[k] })
			if tc.field == "" {
				if err != nil || got != tc.want {
					t.Errorf("options = %+v, %v; want %+v", got, err, tc.want)
				}
				return
			}
			var fe *target.FieldError
			if !errors.As(err, &fe) || !strings.Contains(err.Error(), tc.field+":") {
				t.Fatalf("error %v: want a *target.FieldError naming %s", err, tc.field)
			}
			if code := exitCode(err); code != exitUsage {
				t.Errorf("exit code %d, want %d", code, exitUsage)
			}
			if strings.Contains(err.Error(), "s3cret") {
				t.Errorf("error %q shows a password", err)
			}
		})
	}
}

func TestConnFlagsHelp(t *testing.T) {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	addConnFlags(fs)
	for _, name := range []string{"user", "password-file", "tls-ca", "tls-cert", "tls-key", "tls-server-name", "tls-insecure", "resp", "read-from"} {
		f := fs.Lookup(name)
		if f == nil || len(f.Usage) < 20 {
			t.Errorf("flag --%s: missing or undocumented", name)
		}
	}
}

func TestConnWarnings(t *testing.T) {
	plain, _ := target.ParseTarget("redis://h:1")
	tls, _ := target.ParseTarget("rediss://h:1")
	for _, tc := range []struct {
		name    string
		o       target.ConnectOptions
		targets []target.Target
		want    []string
	}{
		{"nothing to say", target.ConnectOptions{TLSCAFile: "ca.pem"}, []target.Target{plain, tls}, nil},
		{"insecure", target.ConnectOptions{TLSInsecure: true}, []target.Target{tls}, []string{"NOT verified"}},
		{"tls flags unused", target.ConnectOptions{TLSCAFile: "ca.pem"}, []target.Target{plain}, []string{"no target uses TLS"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := connWarnings(tc.o, tc.targets)
			if len(got) != len(tc.want) {
				t.Fatalf("warnings %q, want %d", got, len(tc.want))
			}
			for i, w := range tc.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("warning %q lacks %q", got[i], w)
				}
			}
		})
	}
}

// deployRun runs `bench run` briefly against url and returns the report's
// only target.
func deployRun(t *testing.T, url string, extra ...string) report.Target {
	t.Helper()
	dir := t.TempDir()
	args := append([]string{"run", "--target", url, "--out", dir, "--duration", "700ms", "--warmup", "0s",
		"--workers", "4", "--keys", "300", "--key-dist", "uniform", "--source-latency", "1ms", "--ttl", "1h",
		"--invalidate-rate", "0.05", "--quiet"}, extra...)
	err, out, errb := cli(t, args...)
	if err != nil {
		t.Fatalf("run: %v\n%s\n%s", err, out, errb)
	}
	r := readReport(t, dir)
	if len(r.Targets) != 1 {
		t.Fatalf("%d targets", len(r.Targets))
	}
	tg := r.Targets[0]
	if tg.Verification == nil || !tg.Verification.Passed || len(tg.Workloads) != 1 {
		t.Fatalf("verification %+v, %d workloads", tg.Verification, len(tg.Workloads))
	}
	w := tg.Workloads[0]
	if w.Hits == 0 || w.Misses == 0 || w.Writes == 0 || len(w.Errors) != 0 {
		t.Errorf("workload: %d ops, %d hits, %d misses, %d writes, errors %v", w.Ops, w.Hits, w.Misses, w.Writes, w.Errors)
	}
	if tg.KeysRemoved < 100 || tg.Error != "" {
		t.Errorf("keys removed %d, error %q", tg.KeysRemoved, tg.Error)
	}
	if strings.Contains(out+errb, "s3cret") {
		t.Errorf("a password was printed:\n%s\n%s", out, errb)
	}
	return tg
}

func TestRunOnCluster(t *testing.T) {
	cl := testredis.StartCluster(t, 3, 0)
	if cl == nil {
		return
	}
	tg := deployRun(t, "redis://"+cl.Masters[1])
	if tg.Server.Mode != "cluster" || strings.Join(tg.Server.Nodes, ",") != strings.Join(cl.Masters, ",") {
		t.Errorf("server: mode %q, nodes %v; want cluster, %v", tg.Server.Mode, tg.Server.Nodes, cl.Masters)
	}
	for i, n := range cl.DBSizes(t) {
		if n != 0 {
			t.Errorf("master %s keeps %d keys", cl.Masters[i], n)
		}
	}
}

func TestRunOnSentinel(t *testing.T) {
	s := testredis.StartSentinel(t, "s3cret-data")
	if s == nil {
		return
	}
	tg := deployRun(t, "ha="+s.URL())
	if tg.Name != "ha" || strings.Contains(tg.URL, "s3cret") {
		t.Errorf("target name %q, url %q", tg.Name, tg.URL)
	}
	if tg.Server.Mode != "sentinel" {
		t.Errorf("mode %q, want sentinel", tg.Server.Mode)
	}
	if strings.Join(tg.Server.Nodes, ",") != s.Master+","+s.Replica || tg.Server.ReadFrom != "master" {
		t.Errorf("server: nodes %v, read from %q", tg.Server.Nodes, tg.Server.ReadFrom)
	}
}

func TestRunOnUnixSocket(t *testing.T) {
	dir, err := os.MkdirTemp("", "rs")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	sock := filepath.Join(dir, "r.sock")
	if testredis.Start(t, "--unixsocket", sock) == nil {
		return
	}
	tg := deployRun(t, "unix://"+sock)
	if tg.Name != sock || tg.Server.Mode != "standalone" {
		t.Errorf("target %q, mode %q", tg.Name, tg.Server.Mode)
	}
}

func TestRunWithConnFlags(t *testing.T) {
	s := testredis.StartTLS(t, true, "--requirepass", "s3cret-tls")
	if s == nil {
		return
	}
	pw := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pw, []byte("s3cret-tls\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tg := deployRun(t, s.URL(), "--password-file", pw, "--tls-ca", s.CAFile, "--tls-cert", s.ClientCertFile,
		"--tls-key", s.ClientKeyFile, "--resp", "2")
	if tg.Server.Protocol != 2 {
		t.Errorf("protocol %d, want 2", tg.Server.Protocol)
	}
}
