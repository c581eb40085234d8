package evidence

import (
	"math"
	"slices"
)

// Median is the middle value of v (the mean of the two middle values for an
// even count); NaN for no values.
func Median(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// HalfRange is half the distance between the smallest and the largest of
// v: the spread of the repeats; 0 for fewer than two values.
func HalfRange(v []float64) float64 {
	if len(v) < 2 {
		return 0
	}
	return (slices.Max(v) - slices.Min(v)) / 2
}

// RelChange is (cur − base) / |base|: ±Inf from a base of 0, 0 when both
// are equal.
func RelChange(base, cur float64) float64 {
	switch {
	case base == cur:
		return 0
	case base == 0:
		return math.Inf(int(math.Copysign(1, cur)))
	}
	return (cur - base) / math.Abs(base)
}

// Factor is how many times larger the larger of a and b is than the
// smaller (both positive): 1 when equal, +Inf when one is 0 and the other
// not.
func Factor(a, b float64) float64 {
	a, b = math.Abs(a), math.Abs(b)
	lo, hi := math.Min(a, b), math.Max(a, b)
	switch {
	case lo == hi:
		return 1
	case lo == 0:
		return math.Inf(1)
	}
	return hi / lo
}
