package gate

import "strings"

// exprOps are the operators of METRIC OP LIMIT, longest first so that "<="
// is not read as "<".
var exprOps = []string{"<=", ">=", "<", ">"}

// splitExpr splits METRIC OP LIMIT at its first operator, spaces ignored:
// "read.p99 < 2ms" is read.p99, <, 2ms. ok is false when there is no
// operator or no metric before it.
func splitExpr(s string) (metric, op, limit string, ok bool) {
	text := strings.Join(strings.Fields(s), "")
	i := -1
	for _, o := range exprOps {
		if j := strings.Index(text, o); j >= 0 && (i < 0 || j < i || (j == i && len(o) > len(op))) {
			i, op = j, o
		}
	}
	if i <= 0 {
		return "", "", "", false
	}
	return text[:i], op, text[i+len(op):], true
}
