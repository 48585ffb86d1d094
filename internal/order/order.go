// Package order holds endplate's order statistics: the median and the k-th
// smallest value of a slice, by selection rather than sorting (O(n), no
// allocation), for the robust noise and level estimates of ncs and patch.
//
// Both functions reorder their argument; neither allocates nor panics on
// an empty slice (Median returns NaN). They are safe for concurrent use on
// distinct slices.
package order

import "math"

// shortLen is the length up to which Median sorts by insertion: on a
// handful of values (a time point across the sweeps of a train) that does
// fewer comparisons than selection and no partitioning bookkeeping.
const shortLen = 24

// Median returns the median of x (the mean of the two middle values for an
// even length), reordering x; NaN for an empty slice. Its value is the
// same as sorting x and reading the middle.
func Median(x []float64) float64 {
	n := len(x)
	if n == 0 {
		return math.NaN()
	}
	k := n / 2
	if n <= shortLen {
		insertionSort(x)
		if n%2 == 1 {
			return x[k]
		}
		return (x[k-1] + x[k]) / 2
	}
	hi := Select(x, k)
	if n%2 == 1 {
		return hi
	}
	// The lower middle is the largest of x[:k], which Select left below x[k].
	lo := x[0]
	for _, v := range x[1:k] {
		lo = max(lo, v)
	}
	return (lo + hi) / 2
}

// Select reorders x so that x[k] is the k-th smallest (0-based), no larger
// value before it and no smaller after it, and returns x[k] (Hoare's
// selection with a median-of-three pivot). It panics if k is out of range.
func Select(x []float64, k int) float64 {
	if k < 0 || k >= len(x) {
		panic("order: index out of range")
	}
	lo, hi := 0, len(x)-1
	for hi > lo {
		mid := lo + (hi-lo)/2
		if x[mid] < x[lo] {
			x[mid], x[lo] = x[lo], x[mid]
		}
		if x[hi] < x[lo] {
			x[hi], x[lo] = x[lo], x[hi]
		}
		if x[hi] < x[mid] {
			x[hi], x[mid] = x[mid], x[hi]
		}
		p := x[mid]
		i, j := lo, hi
		for i <= j {
			for x[i] < p {
				i++
			}
			for x[j] > p {
				j--
			}
			if i <= j {
				x[i], x[j] = x[j], x[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return x[k]
		}
	}
	return x[k]
}

func insertionSort(x []float64) {
	for i := 1; i < len(x); i++ {
		v := x[i]
		j := i - 1
		for j >= 0 && x[j] > v {
			x[j+1] = x[j]
			j--
		}
		x[j+1] = v
	}
}
