package target

import (
	"fmt"
	"strings"
	"time"
)

// Fault kinds (--fault AT:KIND[=ARG]).
const (
	// FaultFailover promotes a replica: SENTINEL FAILOVER on a Sentinel
	// target, CLUSTER FAILOVER on a replica of one master of a cluster.
	FaultFailover = "failover"
	// FaultPause is CLIENT PAUSE for Arg on the master (the first master of
	// a cluster).
	FaultPause = "pause"
	// FaultKillClients is CLIENT KILL of this run's connections (those
	// named ConnectOptions.ClientName) on every node.
	FaultKillClients = "kill-clients"
	// FaultDebugSleep is DEBUG SLEEP for Arg on the master (the first
	// master of a cluster), where the server allows DEBUG.
	FaultDebugSleep = "debug-sleep"
	// FaultExternalFailover is a change of master that the run did not
	// cause, seen while it ran (Topology).
	FaultExternalFailover = "external-failover"
)

// Fault is one --fault: something done to the deployment at an offset into
// each workload's measured window.
type Fault struct {
	// At is the offset into the measured window.
	At time.Duration
	// Kind is FaultFailover, FaultPause, FaultKillClients or
	// FaultDebugSleep.
	Kind string
	// Arg is how long, for pause and debug-sleep; 0 otherwise.
	Arg time.Duration
}

// String returns the fault as --fault takes it.
func (f Fault) String() string {
	s := f.At.String() + ":" + f.Kind
	if f.Arg > 0 {
		s += "=" + f.Arg.String()
	}
	return s
}

// faultAccepts says what --fault accepts, for its errors.
const faultAccepts = "want AT:KIND[=ARG], AT a duration into the measured window (2s), KIND failover, pause=DUR, kill-clients or debug-sleep=DUR"

// ParseFault parses one --fault value, AT:KIND[=ARG]. Errors are a
// *FieldError naming --fault and what it accepts.
func ParseFault(s string) (Fault, error) {
	at, rest, ok := strings.Cut(s, ":")
	if !ok {
		return Fault{}, fieldErr("--fault", "%q: %s", s, faultAccepts)
	}
	d, err := time.ParseDuration(at)
	if err != nil || d < 0 {
		return Fault{}, fieldErr("--fault", "%q: AT %q is not a duration of 0 or more; %s", s, at, faultAccepts)
	}
	kind, arg, hasArg := strings.Cut(rest, "=")
	f := Fault{At: d, Kind: kind}
	switch kind {
	case FaultFailover, FaultKillClients:
		if hasArg {
			return Fault{}, fieldErr("--fault", "%q: %s takes no argument; %s", s, kind, faultAccepts)
		}
	case FaultPause, FaultDebugSleep:
		a, err := time.ParseDuration(arg)
		if !hasArg || err != nil || a < time.Millisecond || a > time.Hour {
			return Fault{}, fieldErr("--fault", "%q: %s needs a duration from 1ms to 1h (%s=500ms); %s", s, kind, kind, faultAccepts)
		}
		f.Arg = a
	default:
		return Fault{}, fieldErr("--fault", "%q: unknown kind %q; %s", s, kind, faultAccepts)
	}
	return f, nil
}

// NeedsClientName reports whether any of faults needs the run's
// connections to carry a name (kill-clients).
func NeedsClientName(faults []Fault) bool {
	for _, f := range faults {
		if f.Kind == FaultKillClients {
			return true
		}
	}
	return false
}

// describe is the fault in a sentence's words, for errors.
func (f Fault) describe() string { return fmt.Sprintf("--fault %s", f) }
