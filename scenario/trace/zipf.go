package trace

import (
	"math"
	"slices"
)

// zipfMinFreq is the lowest frequency a rank must have to be fitted: below
// it, sampling noise and the ties of rare keys flatten the tail of the
// rank-frequency curve and bias α low.
const zipfMinFreq = 10

// fitZipf fits log(frequency) = c − α·log(rank) by least squares to the
// keys' request counts, over the top ranks down to the last with at least
// zipfMinFreq requests, sampled at geometrically spaced ranks (ratio 1.05)
// so that every decade of ranks weighs the same, as a plot on log-log axes
// shows it. With fewer than 3 such ranks it fits nothing (Ranks 0).
func fitZipf(counts []uint32) ZipfFit {
	slices.SortFunc(counts, func(a, b uint32) int { return int(b) - int(a) })
	top := len(counts)
	for top > 0 && counts[top-1] < zipfMinFreq {
		top--
	}
	if top < 3 {
		return ZipfFit{}
	}
	var xs, ys []float64
	last := 0
	for r := 1.0; int(r) <= top; r *= 1.05 {
		if int(r) == last {
			continue
		}
		last = int(r)
		xs = append(xs, math.Log(r))
		ys = append(ys, math.Log(float64(counts[last-1])))
	}
	slope, r2 := leastSquares(xs, ys)
	return ZipfFit{Alpha: math.Round(-slope*1000) / 1000, R2: math.Round(r2*1000) / 1000, Ranks: top}
}

// leastSquares returns the slope of the least-squares line through
// (xs, ys) and its coefficient of determination.
func leastSquares(xs, ys []float64) (slope, r2 float64) {
	n := float64(len(xs))
	var sx, sy, sxx, sxy, syy float64
	for i := range xs {
		sx += xs[i]
		sy += ys[i]
		sxx += xs[i] * xs[i]
		sxy += xs[i] * ys[i]
		syy += ys[i] * ys[i]
	}
	vx, vy, cxy := sxx-sx*sx/n, syy-sy*sy/n, sxy-sx*sy/n
	if vx == 0 {
		return 0, 0
	}
	slope = cxy / vx
	if vy == 0 {
		return slope, 1
	}
	return slope, cxy * cxy / (vx * vy)
}
