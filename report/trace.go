package report

// Trace is a trace replay's account (--trace): what was read from the
// trace, what was replayed, and how closely the replay kept the trace's
// clock.
type Trace struct {
	// File is the trace file as given.
	File string `json:"file"`
	// Format is twitter, oracle-general or csv; Compression none, gzip or zstd.
	Format      string `json:"format"`
	Compression string `json:"compression"`
	// Speed is the multiple of the trace's pace it was replayed at; 0 in
	// order (closed loop, or spread over the workload's target rate).
	Speed float64 `json:"speed"`
	// Requests are the measured requests replayed (warm-up excluded):
	// Reads + Writes + Deletes, each class as the trace names it.
	Requests int64 `json:"requests"`
	Reads    int64 `json:"reads"`
	Writes   int64 `json:"writes"`
	Deletes  int64 `json:"deletes"`
	// Read counts the requests taken from the trace, warm-up included.
	Read int64 `json:"read"`
	// Ended is true when the replay reached the end of the trace.
	Ended bool `json:"ended"`
	// Skipped counts the lines that could not be parsed; SkipReasons are
	// the first few, each naming its line.
	Skipped     int64    `json:"skipped"`
	SkipReasons []string `json:"skip_reasons,omitempty"`
	// CoveredS is the trace time from the first request read to the last;
	// at a speed, as spread (requests sharing a timestamp are spaced up to
	// the next one, at most a second: docs/traces.md).
	CoveredS float64 `json:"covered_s"`
	// AchievedSpeed is CoveredS over the wall time of the replay (warm-up
	// included), with Speed > 0 only: below Speed, the replay fell behind
	// the trace's clock.
	AchievedSpeed float64 `json:"achieved_speed,omitempty"`
	// LagP50Ms, LagP99Ms and LagMaxMs summarise, with Speed > 0, how late
	// requests started against the trace's clock (latency.lag).
	LagP50Ms float64 `json:"lag_p50_ms,omitempty"`
	LagP99Ms float64 `json:"lag_p99_ms,omitempty"`
	LagMaxMs float64 `json:"lag_max_ms,omitempty"`
}
