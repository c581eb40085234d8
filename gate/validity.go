package gate

import (
	"fmt"

	"github.com/cacheaside/bench/report"
)

// DefaultMaxErrorRate is the fraction of failed operations above which
// `bench compare` counts a workload's run as invalid (as --max-error-rate
// of `bench run` does).
const DefaultMaxErrorRate = 0.01

// InvalidReasons says why a workload's numbers cannot be trusted for a
// comparison, empty when they can: the run said so (Invalid: missed its
// rate, too many errors, …), it was interrupted, the client limited it,
// more than maxErrorRate of its operations failed, or its target failed the
// baseline verification. A reason the run recorded itself is not repeated:
// too many errors (report.ReasonTooManyErrors); the engine records a
// client-bound run as a warning, never as a reason, so that one is always
// compare's.
func InvalidReasons(r *report.Report, t *report.Target, w *report.Workload, maxErrorRate float64) []string {
	var out []string
	out = append(out, w.Invalid...)
	if w.Interrupted || r.Interrupted {
		out = append(out, "the run was interrupted")
	}
	if c := w.Client; c != nil && c.Bound {
		out = append(out, fmt.Sprintf("client-bound: the load generator limited the run (CPU %s of %d cores)", report.Pct(c.CPUUtil, 0), c.GOMAXPROCS))
	}
	if n := w.ErrorTotal(); w.Ops > 0 && float64(n)/float64(w.Ops) > maxErrorRate && !w.HasReason(report.ReasonTooManyErrors) {
		out = append(out, fmt.Sprintf("too many errors: %d of %d operations failed (%s), above %s", n, w.Ops, report.Pct(float64(n)/float64(w.Ops), 2), report.Pct(maxErrorRate, 2)))
	}
	if v := t.Verification; v != nil && !v.Passed {
		if o := v.Outcome(); o != "FAIL" {
			out = append(out, "the baseline verification did not finish ("+o+") on target "+t.Name)
		} else {
			out = append(out, "the baseline verification failed on target "+t.Name)
		}
	}
	return out
}
