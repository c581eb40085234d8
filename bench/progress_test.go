package bench

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

func TestProgressLine(t *testing.T) {
	counts := intervalCounts{ops: 3000, reads: 2000, hits: 1500, errors: 2}
	tests := []struct {
		name string
		s    progressStats
		want string
	}{
		{
			name: "warm-up",
			s:    progressStats{name: "reads", warmup: 1500 * time.Millisecond, duration: 10 * time.Second},
			want: "reads  warm-up, measuring in 1.5s",
		},
		{
			name: "nothing collected yet",
			s:    progressStats{elapsed: 500 * time.Millisecond, duration: 10 * time.Second},
			want: "0.5s/10.0s  - ops/s  hit -  p99 read 0.00ms  errors 0  9.5s left",
		},
		{
			name: "duration",
			s: progressStats{name: "reads", elapsed: 3 * time.Second, duration: 10 * time.Second,
				covered: 2 * time.Second, counts: counts, p99: 1200 * time.Microsecond},
			want: "reads  3.0s/10.0s  1500 ops/s  hit 75.0%  p99 read 1.20ms  errors 2  7.0s left",
		},
		{
			name: "ops",
			s:    progressStats{elapsed: 3 * time.Second, target: 6000, covered: 2 * time.Second, counts: counts},
			want: "3.0s  3000/6000 ops  1500 ops/s  hit 75.0%  p99 read 0.00ms  errors 2  2.0s left",
		},
		{
			name: "ops before duration",
			s: progressStats{elapsed: 3 * time.Second, duration: time.Minute, target: 4500,
				covered: 2 * time.Second, counts: counts},
			want: "3.0s/60.0s  3000/4500 ops  1500 ops/s  hit 75.0%  p99 read 0.00ms  errors 2  1.0s left",
		},
		{
			name: "done",
			s:    progressStats{name: "reads", elapsed: 2 * time.Second, covered: 2 * time.Second, counts: counts, done: "interrupted"},
			want: "reads  2.0s  1500 ops/s  hit 75.0%  p99 read 0.00ms  errors 2  interrupted",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.s.line(); got != tt.want {
				t.Errorf("line() =\n%q, want\n%q", got, tt.want)
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
			if !strings.HasPrefix(last, "load  ") || !strings.Contains(last, "errors 30  done") {
				t.Errorf("final line %q, want the name, 30 errors and done", last)
			}
		})
	}
}
