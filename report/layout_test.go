package report

import (
	"bytes"
	"strings"
	"testing"
)

func TestSafeName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"default", "default"},
		{"mixed/naive", "mixed_naive"},
		{"a.b c", "a_b_c"},
		{"../etc", "___etc"},
		{"", "unnamed"},
		{"é", "_"},
		{"Run-1_x", "Run-1_x"},
	} {
		if got := safeName(tc.in); got != tc.want {
			t.Errorf("safeName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := safeName(strings.Repeat("x", 200)); len(got) != 80 {
		t.Errorf("long name kept %d bytes", len(got))
	}
}

func TestFileNamesUnique(t *testing.T) {
	// Two targets whose names map to the same file name, and a workload
	// name repeated within a target, still get distinct files.
	r := fixtureReport(t, "a/b", "a.b")
	r.Targets[0].Workloads[1].Name = r.Targets[0].Workloads[0].Name
	files, err := renderFiles(r)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range files {
		if seen[f.name] {
			t.Fatalf("file %s rendered twice", f.name)
		}
		seen[f.name] = true
	}
	for _, want := range []string{"a_b.mixed_naive.read.hgrm", "a_b.mixed_naive.read-2.hgrm", "spectrum.a_b.mixed_naive-2.svg"} {
		if !seen[want] {
			t.Errorf("no file %s among %d", want, len(files))
		}
	}
}

func TestUndecodableHistogram(t *testing.T) {
	r := fixtureReport(t, "local")
	w := &r.Targets[0].Workloads[0]
	l := w.Latency["hit"]
	l.HDR = "HISTFAAAnot-base64!"
	w.Latency["hit"] = l
	files, err := renderFiles(r)
	if err != nil {
		t.Fatalf("a broken histogram fails the whole render: %v", err)
	}
	for _, f := range files {
		if f.name == "local.mixed_naive.hit.hgrm" {
			t.Error("a .hgrm file for an undecodable histogram")
		}
	}
	md := files[0].data
	if !bytes.Contains(md, []byte("**render**")) || !bytes.Contains(md, []byte("histogram hit could not be decoded")) {
		t.Error("report.md does not say a histogram could not be decoded")
	}
}
