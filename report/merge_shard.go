package report

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseShard parses --shard I/N: shard I of N, 1 ≤ I ≤ N. Errors say what
// is accepted.
func ParseShard(s string) (Shard, error) {
	i, n, ok := strings.Cut(strings.TrimSpace(s), "/")
	index, err1 := strconv.Atoi(i)
	count, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil || count < 1 || index < 1 || index > count {
		return Shard{}, fmt.Errorf("report: shard %q: want I/N with 1 ≤ I ≤ N, e.g. 1/4", s)
	}
	return Shard{Index: index, Count: count}, nil
}

// String is "I/N".
func (s Shard) String() string { return strconv.Itoa(s.Index) + "/" + strconv.Itoa(s.Count) }

// checkShards verifies that reports are all shards of one run with
// distinct indexes, or all unsharded; it returns a label for each report
// ("shard 2/4" or "run ID") and the shards missing from a complete set.
func checkShards(reports []*Report) (labels []string, missing []int, err error) {
	sharded := 0
	for _, r := range reports {
		if r.Shard != nil {
			sharded++
		}
	}
	if sharded != 0 && sharded != len(reports) {
		return nil, nil, fmt.Errorf("report: merge: %d of %d reports are shards of a run and the others are not", sharded, len(reports))
	}
	labels = make([]string, len(reports))
	if sharded == 0 {
		for i, r := range reports {
			labels[i] = "run " + r.RunID
		}
		return labels, nil, nil
	}
	count := reports[0].Shard.Count
	seen := map[int]bool{}
	for i, r := range reports {
		s := *r.Shard
		switch {
		case s.Count != count:
			return nil, nil, fmt.Errorf("report: merge: run %s is shard %s but run %s is of %d shards", r.RunID, s, reports[0].RunID, count)
		case s.Index < 1 || s.Index > s.Count:
			return nil, nil, fmt.Errorf("report: merge: run %s has an impossible shard %s", r.RunID, s)
		case seen[s.Index]:
			return nil, nil, fmt.Errorf("report: merge: shard %s is given twice (run %s)", s, r.RunID)
		}
		seen[s.Index] = true
		labels[i] = "shard " + s.String()
	}
	for i := 1; i <= count; i++ {
		if !seen[i] {
			missing = append(missing, i)
		}
	}
	return labels, missing, nil
}
