package filters

import "slices"

// medianNaive is Median's reference: each window copied and sorted.
func medianNaive(dst, x []float64, n int) []float64 {
	dst = dstOfLen(dst, len(x))
	x = copyIfSame(dst, x)
	h := n / 2
	win := make([]float64, n)
	for i := range dst {
		for j := range win {
			k := i - h + j
			win[j] = 0
			if k >= 0 && k < len(x) {
				win[j] = x[k]
			}
		}
		slices.SortFunc(win, cmpNaNLast)
		dst[i] = win[h]
	}
	return dst
}
