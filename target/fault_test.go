package target

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseFault(t *testing.T) {
	for _, tc := range []struct {
		in, str string
		want    Fault
	}{
		{"2s:failover", "2s:failover", Fault{At: 2 * time.Second, Kind: FaultFailover}},
		{"0:kill-clients", "0s:kill-clients", Fault{Kind: FaultKillClients}},
		{"1500ms:pause=500ms", "1.5s:pause=500ms", Fault{At: 1500 * time.Millisecond, Kind: FaultPause, Arg: 500 * time.Millisecond}},
		{"3s:debug-sleep=1s", "3s:debug-sleep=1s", Fault{At: 3 * time.Second, Kind: FaultDebugSleep, Arg: time.Second}},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseFault(tc.in)
			if err != nil || got != tc.want {
				t.Fatalf("ParseFault(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
			}
			if got.String() != tc.str {
				t.Errorf("String() = %q, want %q", got.String(), tc.str)
			}
		})
	}
	for _, tc := range []struct{ in, says string }{
		{"failover", "want AT:KIND"},
		{"x:failover", `AT "x" is not a duration`},
		{"-1s:failover", "is not a duration of 0 or more"},
		{"1s:reboot", `unknown kind "reboot"`},
		{"1s:pause", "pause needs a duration"},
		{"1s:pause=0s", "pause needs a duration"},
		{"1s:debug-sleep=forever", "debug-sleep needs a duration"},
		{"1s:failover=3", "failover takes no argument"},
	} {
		t.Run("invalid "+tc.in, func(t *testing.T) {
			_, err := ParseFault(tc.in)
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != "--fault" || !strings.Contains(err.Error(), tc.says) || !strings.Contains(err.Error(), "failover, pause=DUR, kill-clients or debug-sleep=DUR") {
				t.Errorf("ParseFault(%q) error %v: want a --fault FieldError saying %q and what it accepts", tc.in, err, tc.says)
			}
		})
	}
}

func TestNamedClients(t *testing.T) {
	list := "id=3 addr=127.0.0.1:5000 laddr=127.0.0.1:6379 fd=8 name=run:a age=1 cmd=get\n" +
		"id=4 addr=127.0.0.1:5001 laddr=127.0.0.1:6379 fd=9 name= age=1 cmd=client|list\n" +
		"id=7 addr=127.0.0.1:5002 laddr=127.0.0.1:6379 fd=10 name=run:a age=2 cmd=set\n" +
		"id=9 addr=127.0.0.1:5003 laddr=127.0.0.1:6379 fd=11 name=run:ab age=2 cmd=set\n"
	if got := namedClients(list, "run:a"); !slices.Equal(got, []string{"3", "7"}) {
		t.Errorf("namedClients = %v, want [3 7]", got)
	}
	if got := namedClients(list, ""); got != nil {
		t.Errorf("namedClients with no name = %v, want none", got)
	}
}
