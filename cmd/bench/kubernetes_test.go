package main

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/cacheaside/bench/report"
	"github.com/cacheaside/bench/scenario"
)

// k8sJob is the part of a batch/v1 Job the tests read.
type k8sJob struct {
	Kind string `yaml:"kind"`
	Spec struct {
		CompletionMode string `yaml:"completionMode"`
		Completions    int    `yaml:"completions"`
		Parallelism    int    `yaml:"parallelism"`
		Template       struct {
			Spec struct {
				Containers []struct {
					Command []string `yaml:"command"`
					Args    []string `yaml:"args"`
					Env     []struct {
						Name  string `yaml:"name"`
						Value string `yaml:"value"`
					} `yaml:"env"`
				} `yaml:"containers"`
			} `yaml:"spec"`
		} `yaml:"template"`
	} `yaml:"spec"`
}

func readJob(t *testing.T, file string) k8sJob {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "deploy", "kubernetes", file))
	if err != nil {
		t.Fatal(err)
	}
	var j k8sJob
	if err := yaml.Unmarshal(b, &j); err != nil {
		t.Fatal(err)
	}
	if j.Kind != "Job" || len(j.Spec.Template.Spec.Containers) != 1 {
		t.Fatalf("%s: not a Job of one container: %+v", file, j)
	}
	return j
}

// shellRun runs a container's `sh -c SCRIPT` with env, bench being a stub
// that records its arguments, and returns each invocation's arguments.
func shellRun(t *testing.T, command, args []string, env []string) [][]string {
	t.Helper()
	if len(command) != 2 || command[0] != "sh" || command[1] != "-c" || len(args) != 1 {
		t.Fatalf("want command [sh -c] and one script, got %q %q", command, args)
	}
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	dir := t.TempDir()
	log := filepath.Join(dir, "calls")
	stub := "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\037' \"$a\"; done >> " + log + "\nprintf '\\n' >> " + log + "\n"
	if err := os.WriteFile(filepath.Join(dir, "bench"), []byte(stub), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(sh, "-c", args[0])
	cmd.Env = append([]string{"PATH=" + dir + ":" + os.Getenv("PATH")}, env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("sh -c %q: %v\n%s", args[0], err, out)
	}
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	var calls [][]string
	for _, line := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		calls = append(calls, strings.Split(strings.TrimSuffix(line, "\x1f"), "\x1f"))
	}
	return calls
}

// The Indexed Job's pods run shards 1..N of N, their command lines parse
// with bench's own parser, and their key spaces and rates add up to the
// whole run's.
func TestKubernetesIndexedJob(t *testing.T) {
	j := readJob(t, "job.yaml")
	n := j.Spec.Completions
	c := j.Spec.Template.Spec.Containers[0]
	env := map[string]string{}
	for _, e := range c.Env {
		env[e.Name] = e.Value
	}
	if j.Spec.CompletionMode != "Indexed" || n < 2 || j.Spec.Parallelism != n || env["SHARDS"] != itoa(n) {
		t.Fatalf("completionMode %q, completions %d, parallelism %d, SHARDS %q: want Indexed and all equal",
			j.Spec.CompletionMode, n, j.Spec.Parallelism, env["SHARDS"])
	}
	var keys uint64
	var rate float64
	var whole *scenario.Plan
	for i := range n {
		calls := shellRun(t, c.Command, c.Args, []string{"JOB_COMPLETION_INDEX=" + itoa(i), "SHARDS=" + env["SHARDS"], "REDIS_URL=" + env["REDIS_URL"]})
		if len(calls) != 1 || calls[0][0] != "run" {
			t.Fatalf("pod %d: calls %q, want one bench run", i, calls)
		}
		o, err := parseRunFlags("run", calls[0][1:], io.Discard)
		if err != nil {
			t.Fatalf("pod %d: %q does not parse: %v", i, calls[0], err)
		}
		if o.shard == nil || *o.shard != (report.Shard{Index: i + 1, Count: n}) {
			t.Fatalf("pod %d: shard %v, want %d/%d", i, o.shard, i+1, n)
		}
		if !strings.Contains(o.out, "shard-"+itoa(i)) {
			t.Errorf("pod %d writes to %q, not its own folder", i, o.out)
		}
		keys += o.plan.KeySpace(0)
		rate += o.plan.BenchConfig(0).Rate
		if whole == nil {
			w, err := parseRunFlags("run", removeShard(calls[0][1:]), io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			whole = w.plan
		}
	}
	if keys != whole.KeySpace(0) || rate != whole.BenchConfig(0).Rate {
		t.Errorf("the shards draw %d keys at %v ops/s, the whole run %d at %v", keys, rate, whole.KeySpace(0), whole.BenchConfig(0).Rate)
	}
}

// removeShard drops --shard and its value.
func removeShard(args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		if args[i] == "--shard" {
			i++
			continue
		}
		out = append(out, args[i])
	}
	return out
}

// The merge job's command lines merge every shard's report and render the
// merged one: run here, by bench itself, on reports shaped like the
// Indexed Job's.
func TestKubernetesMergeJob(t *testing.T) {
	n := readJob(t, "job.yaml").Spec.Completions
	c := readJob(t, "merge-job.yaml").Spec.Template.Spec.Containers[0]
	root := t.TempDir()
	for i := range n {
		r := fixtureRun(t, "shard"+itoa(i), 20, 0)
		r.Shard = &report.Shard{Index: i + 1, Count: n}
		js, err := r.MarshalIndent()
		if err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join(root, "shard-"+itoa(i))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "report.json"), js, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	script := strings.ReplaceAll(c.Args[0], "/results", root)
	calls := shellRun(t, c.Command, []string{script}, nil)
	if len(calls) != 2 || calls[0][0] != "merge" || calls[1][0] != "report" || len(calls[0]) != 3+n {
		t.Fatalf("calls %q: want bench merge -o OUT and %d shards, then bench report", calls, n)
	}
	for _, call := range calls {
		if err, out, _ := cli(t, call...); err != nil {
			t.Fatalf("bench %q: %v\n%s", call, err, out)
		}
	}
	merged, err := report.Read(filepath.Join(root, "merged", "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(merged.MergedShards) != n || merged.Targets[0].Workloads[0].Ops != int64(n)*1000 {
		t.Errorf("merged %d shards, %d ops", len(merged.MergedShards), merged.Targets[0].Workloads[0].Ops)
	}
	if _, err := os.Stat(filepath.Join(root, "merged", "report.md")); err != nil {
		t.Errorf("bench report wrote no report.md: %v", err)
	}
}
