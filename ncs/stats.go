package ncs

import (
	"math"

	"github.com/endplate/endplate/internal/order"
)

// robustSD returns 1.4826 × the median absolute deviation of x from its median, using scratch
// (len ≥ len(x)); x is left unchanged.
func robustSD(x, scratch []float64) float64 {
	s := scratch[:len(x)]
	copy(s, x)
	m := order.Median(s)
	for i, v := range x {
		s[i] = math.Abs(v - m)
	}
	return 1.4826 * order.Median(s)
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
	return 1.4826 * order.Median(s) / math.Sqrt2
}
