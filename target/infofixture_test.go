package target

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alicebob/miniredis/v2/server"

	"github.com/cacheaside/bench/internal/testredis"
)

// infoSections reads a recorded INFO reply under testdata/info and splits
// it into its sections by lower-case name ("server", "stats", …), each
// with its header and CRLF line ends as a server sends them.
func infoSections(t *testing.T, name string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "info", name))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, part := range strings.Split(strings.TrimSpace(string(b)), "\n\n") {
		head, _, _ := strings.Cut(part, "\n")
		sec := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(head, "#")))
		out[sec] = strings.ReplaceAll(part, "\n", "\r\n") + "\r\n"
	}
	return out
}

// fakeInfo starts a miniredis whose INFO answers from sections (INFO with
// no argument or "all": every section) and refuses a section it lacks,
// and returns its address. Every other command is miniredis's own.
func fakeInfo(t *testing.T, sections map[string]string) string {
	t.Helper()
	m := testredis.Emulator(t)
	m.Server().SetPreHook(func(p *server.Peer, cmd string, args ...string) bool {
		if cmd != "INFO" {
			return false
		}
		if len(args) == 0 || strings.EqualFold(args[0], "all") {
			var all []string
			for _, s := range []string{"server", "clients", "memory", "stats", "cpu", "commandstats", "keyspace"} {
				if sections[s] != "" {
					all = append(all, sections[s])
				}
			}
			p.WriteBulk(strings.Join(all, "\r\n"))
			return true
		}
		var parts []string
		for _, a := range args {
			s, ok := sections[strings.ToLower(a)]
			if !ok {
				p.WriteError("ERR unknown section " + a)
				return true
			}
			parts = append(parts, s)
		}
		p.WriteBulk(strings.Join(parts, "\r\n"))
		return true
	})
	return m.Addr()
}
