package scenario

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// ttlMixAccepted says what ParseTTLMix accepts; every error ends with it.
const ttlMixAccepted = "want TTL:SHARE pairs separated by commas, e.g. 1d:0.65,14d:0.27,12h:0.07 (TTLs as Go durations or whole days like 14d, whole milliseconds, up to 365d; shares > 0, scaled to sum to 1)"

// TTLMix is a parsed --ttl-mix: a mixture of TTLs, each with its share of
// the keys. Each key gets one TTL of the mix, chosen by its index and the
// seed, the way one kind of object in a production cache has one TTL (the
// Twitter study's "common TTL" column: "1d:0.65, 14d:0.27, 12h:0.07").
type TTLMix struct {
	ttls []time.Duration
	cum  []float64 // cumulative shares, the last 1
}

// maxMixTTL bounds a TTL of a mix.
const maxMixTTL = 365 * 24 * time.Hour

// ParseTTLMix parses "TTL:SHARE,…"; see ttlMixAccepted.
func ParseTTLMix(s string) (TTLMix, error) {
	bad := func(format string, args ...any) (TTLMix, error) {
		return TTLMix{}, fmt.Errorf("scenario: ttl-mix %q: %s; %s", s, fmt.Sprintf(format, args...), ttlMixAccepted)
	}
	var m TTLMix
	total := 0.0
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		ds, ws, ok := strings.Cut(part, ":")
		if !ok {
			return bad("%q is not TTL:SHARE", part)
		}
		d, err := parseMixTTL(strings.TrimSpace(ds))
		if err != nil || d <= 0 || d > maxMixTTL || d%time.Millisecond != 0 {
			return bad("%q is not a TTL of whole milliseconds up to 365d", ds)
		}
		w, err := strconv.ParseFloat(strings.TrimSpace(ws), 64)
		if err != nil || !(w > 0) || math.IsInf(w, 0) {
			return bad("share %q is not a number > 0", ws)
		}
		total += w
		m.ttls = append(m.ttls, d)
		m.cum = append(m.cum, total)
	}
	if len(m.ttls) == 0 {
		return bad("no TTLs")
	}
	for i := range m.cum {
		m.cum[i] /= total
	}
	m.cum[len(m.cum)-1] = 1
	return m, nil
}

// parseMixTTL parses a Go duration, or a number of days like "14d" or "1.5d".
func parseMixTTL(s string) (time.Duration, error) {
	if days, ok := strings.CutSuffix(s, "d"); ok {
		f, err := strconv.ParseFloat(days, 64)
		if err != nil || !(f > 0) || f > 365 {
			return 0, fmt.Errorf("bad days %q", s)
		}
		return time.Duration(math.Round(f * 24 * float64(time.Hour))).Truncate(time.Millisecond), nil
	}
	return time.ParseDuration(s)
}

// IsZero reports whether the mix is empty (no --ttl-mix).
func (m TTLMix) IsZero() bool { return len(m.ttls) == 0 }

// For returns key k's TTL: the same for a key throughout a run.
func (m TTLMix) For(k uint64, seed int64) time.Duration {
	u := float64(keyDistMix(k^keyDistMix(uint64(seed)^0x1f83d9abfb41bd6b))>>11) / (1 << 53)
	for i, c := range m.cum {
		if u < c {
			return m.ttls[i]
		}
	}
	return m.ttls[len(m.ttls)-1]
}
