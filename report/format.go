package report

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Every number in a rendered file goes through these helpers: fixed
// formats, so a report renders to the same bytes wherever it is rendered
// (the exported ones serve the gate's comparison tables too).

// Num formats f with places decimals; NaN and infinities become "–".
func Num(f float64, places int) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "–"
	}
	s := strconv.FormatFloat(f, 'f', places, 64)
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-") // no "-0.000"
	}
	return s
}

// times formats a ratio such as a speedup, "–" when it is 0 (unknown).
func times(f float64) string {
	if f == 0 || math.IsNaN(f) || math.IsInf(f, 0) {
		return "–"
	}
	return Num(f, 1) + "x"
}

// Pct formats a fraction as a percentage with places decimals.
func Pct(f float64, places int) string { return Num(100*f, places) + "%" }

// orDash returns s, or "–" when s is empty.
func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// passFail is PASS or FAIL.
func passFail(ok bool) string {
	if ok {
		return "PASS"
	}
	return "FAIL"
}

// Code quotes s as inline Markdown code.
func Code(s string) string {
	if s == "" {
		return "–"
	}
	if strings.Contains(s, "`") {
		return "`` " + s + " ``"
	}
	return "`" + s + "`"
}

// Cell makes s safe inside a Markdown table cell: one line, no bare pipe.
func Cell(s string) string {
	s = strings.ReplaceAll(s, "\r", " ")
	s = strings.ReplaceAll(s, "\n", " ")
	return strings.ReplaceAll(s, "|", `\|`)
}

// orderedKeys returns m's keys: those in first, in that order, then the rest sorted.
func orderedKeys[V any](m map[string]V, first []string) []string {
	out := make([]string, 0, len(m))
	seen := make(map[string]bool, len(first))
	for _, k := range first {
		if _, ok := m[k]; ok && !seen[k] {
			out = append(out, k)
			seen[k] = true
		}
	}
	rest := make([]string, 0, len(m))
	for k := range m {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}

// jsonValue formats a value decoded from JSON for a table cell: integers
// without exponent, other numbers shortest, strings as they are.
func jsonValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "–"
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case string:
		return orDash(x)
	case bool:
		return strconv.FormatBool(x)
	default:
		b, err := json.Marshal(x)
		if err != nil {
			return fmt.Sprint(x)
		}
		return string(b)
	}
}

// alt makes s safe as the text of a Markdown link or image: no brackets,
// one line.
func alt(s string) string {
	return strings.NewReplacer("[", "(", "]", ")", "\n", " ", "\r", " ").Replace(s)
}
