package filters

import (
	"math"
	"slices"
)

// Median applies a running median of n samples (n odd) to x, as
// scipy.signal.medfilt(x, n): output i is the median of x[i−n/2 … i+n/2],
// samples beyond the ends taken as zero. (scipy.ndimage.median_filter, which
// reflects at the ends instead, differs in the first and last n/2 outputs.)
// NaN sorts above +Inf.
//
// The window is kept sorted as it slides (a binary search and a copy per
// sample), O(len(x)·n) moves but no sorting; medianNaive is the reference.
// If dst is nil it is allocated; a dst of another length panics with
// "filters: dst length mismatch". dst may be x itself (x is then copied
// first) but must not otherwise overlap it. Median panics if n is even or
// < 1 (SciPy's ValueError). A window of 2·len(x) samples or more gives zeros
// (most of every window lies beyond the ends) without allocating it.
func Median(dst, x []float64, n int) []float64 {
	if n < 1 || n%2 == 0 {
		panic("filters: Median n not odd and positive")
	}
	dst = dstOfLen(dst, len(x))
	if len(x) == 0 {
		return dst
	}
	if n >= 2*len(x) {
		// Every window holds at least n − len(x) > n/2 zeros from beyond the ends: the median is 0
		// (whatever else the window holds, NaN included). No window of n samples is needed.
		clear(dst)
		return dst
	}
	x = copyIfSame(dst, x)
	nx, h := len(x), n/2
	at := func(j int) float64 {
		if j < 0 || j >= nx {
			return 0
		}
		return x[j]
	}
	win := make([]float64, n)
	for j := range win {
		win[j] = at(j - h)
	}
	slices.SortFunc(win, cmpNaNLast)
	for i := range dst {
		dst[i] = win[h]
		if i+1 < nx {
			slideSorted(win, at(i-h), at(i+h+1))
		}
	}
	return dst
}

// slideSorted replaces one occurrence of old in the sorted win by v and keeps
// win sorted.
func slideSorted(win []float64, old, v float64) {
	p, _ := slices.BinarySearchFunc(win, old, cmpNaNLast)
	// p is old's first occurrence: it is in win.
	q, _ := slices.BinarySearchFunc(win, v, cmpNaNLast)
	switch {
	case q > p: // v goes after old's slot: shift win[p+1:q] left
		copy(win[p:q-1], win[p+1:q])
		win[q-1] = v
	default: // shift win[q:p] right
		copy(win[q+1:p+1], win[q:p])
		win[q] = v
	}
}

// cmpNaNLast orders floats ascending with NaN above +Inf (as numpy sorts).
func cmpNaNLast(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	case a == b:
		return 0
	}
	an, bn := math.IsNaN(a), math.IsNaN(b)
	switch {
	case an && bn:
		return 0
	case an:
		return 1
	}
	return -1
}
