package main

import (
	"bytes"
	"testing"
)

// The files beside the reports are counted by kind, in words that agree
// with their number.
func TestPrintWritten(t *testing.T) {
	for _, tc := range []struct {
		name  string
		paths []string
		want  string
	}{
		{"plots and hgrm", []string{"d/report.json", "d/report.md", "d/spectrum.t.w.svg", "d/timeseries.t.w.svg",
			"d/t.w.read.hgrm", "d/t.w.hit.hgrm", "d/t.w.miss.hgrm"},
			"wrote d/report.json\nwrote d/report.md\nwrote 2 plots and 3 .hgrm files beside them\n"},
		{"one of each", []string{"d/report.json", "d/a.svg", "d/a.hgrm"},
			"wrote d/report.json\nwrote 1 plot and 1 .hgrm file beside them\n"},
		{"reports alone", []string{"d/report.json", "d/report.md"}, "wrote d/report.json\nwrote d/report.md\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			printWritten(&b, tc.paths)
			if b.String() != tc.want {
				t.Errorf("got\n%q, want\n%q", b.String(), tc.want)
			}
		})
	}
	if got := plural(1, "key") + ", " + plural(0, "key") + ", " + plural(3, "key"); got != "1 key, 0 keys, 3 keys" {
		t.Errorf("plural: %s", got)
	}
}
