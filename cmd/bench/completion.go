package main

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// completionCommands are the commands a shell completes, with the
// arguments that make each print its flags.
var completionCommands = []struct {
	name string
	help []string
}{
	{"run", []string{"run", "--help"}}, {"verify", []string{"verify", "--help"}},
	{"capacity", []string{"capacity", "--help"}}, {"compare", []string{"compare", "--help"}},
	{"merge", []string{"merge", "--help"}}, {"report", []string{"report", "--help"}},
	{"scenarios", []string{"scenarios", "--help"}}, {"clean", []string{"clean", "--help"}},
	{"trace", []string{"trace", "stats", "--help"}}, {"version", nil}, {"completion", nil}, {"help", nil},
}

// helpFlag matches a flag at the start of a help line: "  --duration DURATION".
var helpFlag = regexp.MustCompile(`(?m)^  (--?[A-Za-z][\w-]*)`)

// commandFlags lists each command's flags as its help shows them, so
// that completion offers exactly what the parser takes.
func commandFlags() map[string][]string {
	out := map[string][]string{}
	for _, c := range completionCommands {
		if c.help == nil {
			continue
		}
		var b bytes.Buffer
		_ = run(c.help, &b, &b) // help is not an error
		for _, m := range helpFlag.FindAllStringSubmatch(b.String(), -1) {
			out[c.name] = append(out[c.name], m[1])
		}
	}
	return out
}

// completionCmd is `bench completion bash|zsh|fish`: a completion script
// for the shell, of the commands, their flags, and files for arguments.
// Source it (bash, zsh: source <(bench completion bash)) or write it where
// the shell loads completions (fish: bench completion fish >
// ~/.config/fish/completions/bench.fish).
func completionCmd(args []string, stdout io.Writer) error {
	if len(args) != 1 {
		return &usageError{"usage: bench completion bash|zsh|fish"}
	}
	var names []string
	for _, c := range completionCommands {
		names = append(names, c.name)
	}
	flags := commandFlags()
	switch args[0] {
	case "bash", "zsh":
		var b strings.Builder
		if args[0] == "zsh" {
			b.WriteString("autoload -U +X bashcompinit && bashcompinit\n")
		}
		b.WriteString("# bench completion: source <(bench completion " + args[0] + ")\n_bench() {\n")
		b.WriteString("  local cur=${COMP_WORDS[COMP_CWORD]} cmd=run w flags\n")
		b.WriteString("  for w in \"${COMP_WORDS[@]:1:COMP_CWORD-1}\"; do\n    case $w in " + strings.Join(names, "|") + ") cmd=$w; break;; esac\n  done\n")
		b.WriteString("  if [[ $COMP_CWORD -eq 1 && $cur != -* ]]; then\n    COMPREPLY=($(compgen -W \"" + strings.Join(names, " ") + "\" -- \"$cur\")); return\n  fi\n")
		b.WriteString("  case $cmd in\n")
		for _, c := range completionCommands {
			if fl := flags[c.name]; len(fl) > 0 {
				fmt.Fprintf(&b, "    %s) flags=\"%s\";;\n", c.name, strings.Join(fl, " "))
			}
		}
		b.WriteString("  esac\n")
		b.WriteString("  if [[ $cur == -* ]]; then\n    COMPREPLY=($(compgen -W \"$flags\" -- \"$cur\")); return\n  fi\n")
		b.WriteString("  COMPREPLY=($(compgen -f -- \"$cur\"))\n}\ncomplete -o filenames -F _bench bench\n")
		_, err := io.WriteString(stdout, b.String())
		return err
	case "fish":
		var b strings.Builder
		b.WriteString("# bench completion: bench completion fish > ~/.config/fish/completions/bench.fish\n")
		fmt.Fprintf(&b, "complete -c bench -n '__fish_use_subcommand' -f -a '%s'\n", strings.Join(names, " "))
		for _, c := range completionCommands {
			for _, f := range flags[c.name] {
				opt := "-l " + strings.TrimLeft(f, "-")
				if !strings.HasPrefix(f, "--") {
					opt = "-s " + strings.TrimLeft(f, "-")
				}
				cond := "__fish_seen_subcommand_from " + c.name
				if c.name == "run" {
					cond = "__fish_use_subcommand; or __fish_seen_subcommand_from run"
				}
				fmt.Fprintf(&b, "complete -c bench -n '%s' %s\n", cond, opt)
			}
		}
		_, err := io.WriteString(stdout, b.String())
		return err
	}
	return &usageError{fmt.Sprintf("completion: want bash, zsh or fish, got %q", args[0])}
}
