package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cacheaside/bench/scenario/trace"
)

func writeTraceFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestTraceStatsCommand(t *testing.T) {
	p := writeTraceFile(t, "t.csv", "0,a,1,10,1,get,0\n0,a,1,10,1,set,60\n1,b,1,20,1,delete,0\n")
	var out, errOut bytes.Buffer
	if err := run([]string{"trace", "stats", p, "--format", "json"}, &out, &errOut); err != nil {
		t.Fatalf("%v (stderr %s)", err, errOut.String())
	}
	var s trace.Stats
	if err := json.Unmarshal(out.Bytes(), &s); err != nil {
		t.Fatalf("%v: %s", err, out.String())
	}
	if s.Requests != 3 || s.Format != "twitter" || s.Ops["set"] != 1 || s.UniqueKeys != 2 {
		t.Fatalf("stats %+v", s)
	}
	out.Reset()
	if err := run([]string{"trace", "stats", "--head", "1", p}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "requests         1 (the first ones only: --head)") {
		t.Fatalf("text output:\n%s", out.String())
	}
}

func TestTraceStatsUsageErrors(t *testing.T) {
	good := writeTraceFile(t, "t.csv", "0,a,1,10,1,get,0\n")
	unknown := writeTraceFile(t, "u.txt", "hello\n")
	for name, args := range map[string][]string{
		"no subcommand":  {"trace"},
		"no file":        {"trace", "stats"},
		"missing file":   {"trace", "stats", filepath.Join(t.TempDir(), "absent")},
		"bad format":     {"trace", "stats", good, "--format", "yaml"},
		"bad head":       {"trace", "stats", good, "--head", "-1"},
		"bad trace fmt":  {"trace", "stats", good, "--trace-format", "parquet"},
		"undetectable":   {"trace", "stats", unknown},
		"wrong declared": {"trace", "stats", good, "--trace-format", "csv"},
	} {
		t.Run(name, func(t *testing.T) {
			err := run(args, &bytes.Buffer{}, &bytes.Buffer{})
			if code := exitCode(err); code != exitUsage {
				t.Fatalf("exit %d (%v), want %d", code, err, exitUsage)
			}
		})
	}
}
