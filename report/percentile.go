package report

import (
	"fmt"
	"strconv"
	"strings"
)

// ParsePercentile parses a percentile as metric names write it: "max" is
// 100; "pN" is N in (0, 100], with p999 meaning 99.9 and p9999 99.99
// (three or more digits starting with 99 and no point); otherwise a point
// may be written (p99.5, p97.5).
func ParsePercentile(p string) (float64, error) {
	if p == "max" {
		return 100, nil
	}
	digits, ok := strings.CutPrefix(p, "p")
	if !ok || digits == "" {
		return 0, fmt.Errorf("percentile %q is not pN or max", p)
	}
	if !strings.Contains(digits, ".") && len(digits) > 2 && strings.HasPrefix(digits, "99") {
		digits = digits[:2] + "." + digits[2:] // p999 = 99.9, p9999 = 99.99
	}
	for _, c := range digits {
		if (c < '0' || c > '9') && c != '.' {
			return 0, fmt.Errorf("percentile %q is not pN or max", p)
		}
	}
	q, err := strconv.ParseFloat(digits, 64)
	if err != nil || !(q > 0 && q <= 100) {
		return 0, fmt.Errorf("percentile %q is not in (0, 100]", p)
	}
	return q, nil
}

// PercentileName writes a percentile as ParsePercentile reads it: "p50",
// "p99", "p999" (99.9), "p9999" (99.99), "p97.5", "max" (100).
func PercentileName(q float64) string {
	if q >= 100 {
		return "max"
	}
	n := strconv.FormatFloat(q, 'f', -1, 64)
	if strings.HasPrefix(n, "99.") {
		n = strings.Replace(n, ".", "", 1)
	}
	return "p" + n
}
