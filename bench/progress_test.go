package bench

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestProgressLine(t *testing.T) {
	last := intervalCounts{ops: 1500, reads: 1000, hits: 750}
	tests := []struct {
		name string
		s    progressStats
		want string
	}{
		{
			name: "warm-up counts down",
			s:    progressStats{label: "plain/reads", warmup: 1500 * time.Millisecond, duration: 10 * time.Second},
			want: "plain/reads  warm-up, measuring in 1.5s for 10.0s",
		},
		{
			name: "nothing measured yet: no figures",
			s:    progressStats{elapsed: 500 * time.Millisecond, duration: 10 * time.Second},
			want: "0.5s/10.0s  measuring  9.5s left",
		},
		{
			name: "the last second",
			s: progressStats{label: "plain/reads", elapsed: 3 * time.Second, duration: 10 * time.Second,
				ops: 3000, errors: 2, last: last, span: time.Second, p99: 1200 * time.Microsecond},
			want: "plain/reads  3.0s/10.0s  1500 ops/s  hit 75.0%  p99 1.20ms  err 2  7.0s left",
		},
		{
			name: "open loop, slow reads",
			s: progressStats{label: "t/w", elapsed: 3 * time.Second, duration: 10 * time.Second, rate: 2000,
				ops: 3000, last: last, span: time.Second, p99: 270 * time.Millisecond},
			want: "t/w  3.0s/10.0s  1500 ops/s of 2000  hit 75.0%  p99 270ms  err 0  7.0s left",
		},
		{
			name: "a second without reads: no hit ratio or p99",
			s: progressStats{label: "t/w", elapsed: 2 * time.Second, duration: 10 * time.Second,
				ops: 500, last: intervalCounts{ops: 500}, span: time.Second},
			want: "t/w  2.0s/10.0s  500 ops/s  err 0  8.0s left",
		},
		{
			name: "ops",
			s:    progressStats{elapsed: 3 * time.Second, target: 6000, ops: 3000, errors: 2, last: last, span: time.Second},
			want: "3.0s  3000/6000 ops  1500 ops/s  hit 75.0%  p99 0.00ms  err 2  2.0s left",
		},
		{
			name: "ops before duration",
			s: progressStats{elapsed: 3 * time.Second, duration: time.Minute, target: 4500,
				ops: 3000, errors: 2, last: last, span: time.Second},
			want: "3.0s/60.0s  3000/4500 ops  1500 ops/s  hit 75.0%  p99 0.00ms  err 2  1.0s left",
		},
		{
			name: "done",
			s: progressStats{label: "reads", elapsed: 2 * time.Second, ops: 3000, errors: 2,
				last: intervalCounts{ops: 3000, reads: 2000, hits: 1500}, span: 2 * time.Second, done: "interrupted"},
			want: "reads  2.0s interrupted:  1500 ops/s  hit 75.0%  p99 0.00ms  err 2",
		},
		{
			name: "a long label is shortened from the left, then the last fields go",
			s: progressStats{label: "a-very-long-target-name-from-the-command-line/default", elapsed: 3 * time.Second, duration: 10 * time.Second,
				ops: 300000, last: intervalCounts{ops: 123456, reads: 100000, hits: 99000}, span: time.Second, p99: 12300 * time.Microsecond, rate: 150000},
			want: "…nd-line/default  3.0s/10.0s  123456 ops/s of 150000  hit 99.0%  p99 12.3ms",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.s.line()
			if got != tt.want {
				t.Errorf("line() =\n%q, want\n%q", got, tt.want)
			}
			if n := utf8.RuneCountInString(got); n > progressWidth {
				t.Errorf("%d columns, want at most %d", n, progressWidth)
			}
		})
	}
}

func TestProgressShowBlanksLongerLine(t *testing.T) {
	var buf bytes.Buffer
	p := &progress{w: &buf}
	p.show("abcdef")
	p.show("xy")
	p.show("123")
	if got, want := buf.String(), "\rabcdef\rxy    \r123"; got != want {
		t.Errorf("output %q, want %q", got, want)
	}
}

func TestRunProgress(t *testing.T) {
	tests := []struct {
		name     string
		progress bool
	}{
		{name: "shown", progress: true},
		{name: "quiet", progress: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			cfg := Config{Name: "load", Workers: 2, Ops: 100}
			if tt.progress {
				cfg.Progress = &buf
			}
			if _, err := Run(context.Background(), cfg, &fakeWorkload{script: mixedScript}); err != nil {
				t.Fatalf("Run: %v", err)
			}
			out := buf.String()
			if !tt.progress {
				if out != "" {
					t.Errorf("output %q without Progress", out)
				}
				return
			}
			if !strings.HasPrefix(out, "\r") || !strings.HasSuffix(out, "\n") || strings.Count(out, "\n") != 1 {
				t.Fatalf("output %q: want lines started by \\r and one final newline", out)
			}
			last := out[strings.LastIndex(out, "\r")+1:]
			if !strings.HasPrefix(last, "load  ") || !strings.Contains(last, "done:") || !strings.Contains(last, "err 30") {
				t.Errorf("final line %q, want the name, 30 errors and done", last)
			}
		})
	}
}
