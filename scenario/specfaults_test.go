package scenario

import (
	"strings"
	"testing"
)

func TestSpecFaults(t *testing.T) {
	b, ok := Builtin("failover")
	if !ok || len(b.Faults) != 1 || b.Faults[0] != "6s:failover" {
		t.Fatalf("built-in failover: %+v, %v; want one failover at 6s", b.Faults, ok)
	}
	if _, err := Prepare(b); err != nil {
		t.Errorf("built-in failover: %v", err)
	}
	_, err := Prepare(Spec{Faults: []string{"1s:failover", "2s:reboot"}})
	if err == nil || !strings.Contains(err.Error(), "faults[1]") || !strings.Contains(err.Error(), `unknown kind "reboot"`) || strings.Contains(err.Error(), "faults[0]") {
		t.Errorf("Prepare() = %v: want faults[1] named as an unknown kind", err)
	}
}
