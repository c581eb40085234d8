package bench

import (
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
)

// recordLatency records d into h, a dense histogram of a Result built by
// hand, clamped to [0, 60 s] as the engine's recorders clamp it.
func recordLatency(h *hdrhistogram.Histogram, d time.Duration) {
	_ = h.RecordValue(min(max(int64(d), 0), highestLatency)) // cannot fail: within range
}
