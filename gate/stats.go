package gate

import (
	"math"
	"strconv"

	"github.com/cacheaside/bench/report"
)

// round rounds f to places decimals.
func round(f float64, places int) float64 {
	p := math.Pow10(places)
	return math.Round(f*p) / p
}

// changeWord formats a relative change as a signed percentage, "from 0"
// when the base was 0.
func changeWord(c float64) string {
	switch {
	case math.IsInf(c, 0):
		return "from 0"
	case c > 0:
		return "+" + report.Pct(c, 1)
	case c == 0:
		return report.Pct(0, 1)
	}
	return report.Pct(c, 1)
}

// magnitude formats the size of a relative change as a percentage, "from
// 0" when the base was 0.
func magnitude(c float64) string {
	if math.IsInf(c, 0) {
		return "from 0"
	}
	return report.Pct(math.Abs(c), 1)
}

// pValue formats a p-value with two significant digits, "<0.0001" below.
func pValue(p float64) string {
	if p < 1e-4 {
		return "<0.0001"
	}
	return strconv.FormatFloat(p, 'g', 2, 64)
}
