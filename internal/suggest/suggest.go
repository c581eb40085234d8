// Package suggest finds, for a name a user mistyped (a flag, a scenario
// field), the valid name they most likely meant: the one fewest edits
// away (Levenshtein distance, as git and cobra suggest commands), when it
// is close enough to be a typo rather than another word.
package suggest

import "strings"

// Nearest returns the candidate closest to name, case aside, and whether it
// is close enough: at most 2 edits, or a third of name's length for longer
// names; a candidate that starts with name (a prefix typed, 3 letters or
// more) counts as 2 edits. Ties go to the fewer real edits, then to the
// earlier candidate.
func Nearest(name string, candidates []string) (string, bool) {
	name = strings.ToLower(name)
	best, bestD, bestReal := "", -1, 0
	for _, c := range candidates {
		lc := strings.ToLower(c)
		real := distance(name, lc)
		d := real
		if len(name) >= 3 && strings.HasPrefix(lc, name) {
			d = min(d, 2)
		}
		if bestD < 0 || d < bestD || d == bestD && real < bestReal {
			best, bestD, bestReal = c, d, real
		}
	}
	return best, bestD >= 0 && bestD <= max(2, len(name)/3)
}

// distance is the Levenshtein distance of a and b (insertions, deletions
// and substitutions of bytes), in two rows of memory.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
