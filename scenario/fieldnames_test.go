package scenario

import (
	"strings"
	"testing"
)

// An unknown field names the nearest valid one, or lists them all; never a
// Go type.
func TestUnknownFieldNamesTheNearest(t *testing.T) {
	for _, tc := range []struct {
		yaml, want string
	}{
		{"name: x\nworkloads:\n  - worker: 4\n", `line 3: unknown field "worker" in a workload: did you mean "workers"?`},
		{"nmae: x\n", `line 1: unknown field "nmae" in the scenario: did you mean "name"?`},
		{"workloads:\n  - colour: red\n", `line 2: unknown field "colour" in a workload; the fields: name, strategy,`},
	} {
		_, err := Parse([]byte(tc.yaml), false)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "scenario.") {
			t.Errorf("%q: error %v, want %q", tc.yaml, err, tc.want)
		}
	}
}
