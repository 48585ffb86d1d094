package figure

import "math"

// maxPoints is how many points a drawn trace keeps at most: a figure is at most ~1000 pixels wide,
// so 2 × 2000 points (each column's minimum and maximum) draw what every sample would, while a
// ten-minute recording at 2 kHz stays a small SVG.
const maxPoints = 2000

// envelope returns the points (x(i), y(i)) for i in [0, n), or, when n > 2·buckets, each of
// buckets equal runs of samples reduced to its minimum and maximum in their time order, so that the
// drawn line covers exactly the range the samples cover in every column. The reference is the
// plain loop over every sample (envelope with buckets ≥ n/2).
func envelope(n, buckets int, x func(int) float64, y func(int) float64) (xs, ys []float64) {
	if n <= 2*buckets {
		xs, ys = make([]float64, n), make([]float64, n)
		for i := range n {
			xs[i], ys[i] = x(i), y(i)
		}
		return xs, ys
	}
	xs, ys = make([]float64, 0, 2*buckets), make([]float64, 0, 2*buckets)
	for b := range buckets {
		lo, hi := b*n/buckets, (b+1)*n/buckets
		imin, imax := lo, lo
		vmin, vmax := math.Inf(1), math.Inf(-1)
		for i := lo; i < hi; i++ {
			v := y(i)
			if v < vmin {
				vmin, imin = v, i
			}
			if v > vmax {
				vmax, imax = v, i
			}
		}
		a, c := imin, imax
		if a > c {
			a, c = c, a
		}
		xs = append(xs, x(a), x(c))
		ys = append(ys, y(a), y(c))
	}
	return xs, ys
}
