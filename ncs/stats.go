package ncs

import "math"

// median returns the median of x, reordering x (quickselect, no allocation); NaN for an empty slice.
func median(x []float64) float64 {
	n := len(x)
	if n == 0 {
		return math.NaN()
	}
	k := n / 2
	if n <= 24 {
		// Short slices (a time point's value across the sweeps of a train): insertion sort does
		// fewer comparisons and no partitioning bookkeeping.
		for i := 1; i < n; i++ {
			v := x[i]
			j := i - 1
			for j >= 0 && x[j] > v {
				x[j+1] = x[j]
				j--
			}
			x[j+1] = v
		}
		if n%2 == 1 {
			return x[k]
		}
		return (x[k-1] + x[k]) / 2
	}
	hi := selectK(x, k)
	if n%2 == 1 {
		return hi
	}
	// The lower middle is the largest of x[:k], which selectK left below x[k].
	lo := x[0]
	for _, v := range x[1:k] {
		lo = max(lo, v)
	}
	return (lo + hi) / 2
}

// selectK reorders x so that x[k] is the k-th smallest, smaller values before it and larger after,
// and returns x[k] (Hoare's selection with median-of-three pivots).
func selectK(x []float64, k int) float64 {
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

// robustSD returns 1.4826 × the median absolute deviation of x from its median, using scratch
// (len ≥ len(x)); x is left unchanged.
func robustSD(x, scratch []float64) float64 {
	s := scratch[:len(x)]
	copy(s, x)
	m := median(s)
	for i, v := range x {
		s[i] = math.Abs(v - m)
	}
	return 1.4826 * median(s)
}

// diffSD returns the robust SD of the first differences of x divided by √2: the white-noise SD of x,
// insensitive to slow components such as drift, hum and most of a response.
func diffSD(x, scratch []float64) float64 {
	if len(x) < 3 {
		return 0
	}
	s := scratch[:len(x)-1]
	for i := range s {
		s[i] = math.Abs(x[i+1] - x[i])
	}
	// The differences have median zero for white noise, so the MAD is the median absolute value.
	return 1.4826 * median(s) / math.Sqrt2
}
