package report

import "slices"

// ReasonKind classifies a reason in a workload's Invalid list or a finding
// in its Warnings, so that decisions rest on the kind: the text is for
// people and may change.
type ReasonKind string

// Kinds that decisions rest on.
const (
	// ReasonTooManyErrors: more operations failed than --max-error-rate
	// allows (an Invalid reason; bench run exits 1).
	ReasonTooManyErrors ReasonKind = "too_many_errors"
	// ReasonClientBound: the load generator, not the server, limited the
	// run (the engine's warning).
	ReasonClientBound ReasonKind = "client_bound"
	// ReasonGeneratorDominated: in the open loop, operations waited longer
	// to start (lag p99) than the server took to serve half of them
	// (service p50): the latencies say more about the generator than the
	// server (a warning; see docs/generator.md).
	ReasonGeneratorDominated ReasonKind = "generator_dominated"
)

// AddInvalid records why w does not measure what it was asked to.
func (w *Workload) AddInvalid(k ReasonKind, text string) {
	w.Invalid = append(w.Invalid, text)
	w.addReasonKind(k)
}

// HasReason reports whether w recorded a reason or warning of kind k.
func (w *Workload) HasReason(k ReasonKind) bool { return slices.Contains(w.ReasonKinds, k) }

// addReasonKind adds k to w.ReasonKinds unless it is there.
func (w *Workload) addReasonKind(k ReasonKind) {
	if !w.HasReason(k) {
		w.ReasonKinds = append(w.ReasonKinds, k)
	}
}
