package filters

import "math"

// Gaussian smooths x with a Gaussian kernel of standard deviation sigma
// samples, as scipy.ndimage.gaussian_filter1d(x, sigma) with its defaults
// (truncate=4.0, mode="reflect"): the kernel exp(−k²/(2σ²)) for
// |k| ≤ r = int(4σ + 0.5), normalised to unit sum, the signal extended beyond
// its ends by reflection about the edge (see MovingAverage). Kernels longer
// than FIR's direct limit (200 samples with AVX2 and FMA, else 24) are
// applied by FFT convolution.
//
// sigma = 0 copies x. If dst is nil it is allocated; a dst of another length
// panics with "filters: dst length mismatch". dst may be x itself or overlap
// it: x is read into a padded copy first. Gaussian panics if sigma is
// negative or not finite.
func Gaussian(dst, x []float64, sigma float64) []float64 {
	if !(sigma >= 0) || math.IsInf(sigma, 1) {
		panic("filters: Gaussian sigma negative or not finite")
	}
	dst = dstOfLen(dst, len(x))
	n := len(x)
	if n == 0 {
		return dst
	}
	r := int(4*sigma + 0.5)
	if r == 0 {
		copy(dst, x)
		return dst
	}
	w := GaussianKernel(sigma)
	xp := make([]float64, n+2*r)
	for i := range xp {
		j := i - r
		if j < 0 || j >= n {
			j = reflectIndex(j, n)
		}
		xp[i] = x[j]
	}
	if len(w) > firDirectMaxTaps() {
		// Output i is sample i+2r of the full convolution (the kernel is symmetric).
		NewFIR(w).convolve(dst, xp, 2*r)
		return dst
	}
	correlate(dst, xp, w)
	return dst
}

// GaussianKernel returns the kernel Gaussian applies for sigma > 0: 2r+1
// weights, r = int(4σ + 0.5), proportional to exp(−k²/(2σ²)) for k = −r … r
// and summing to 1 ([1] for sigma = 0). It panics as Gaussian does.
func GaussianKernel(sigma float64) []float64 {
	if !(sigma >= 0) || math.IsInf(sigma, 1) {
		panic("filters: Gaussian sigma negative or not finite")
	}
	r := int(4*sigma + 0.5)
	if r == 0 {
		return []float64{1}
	}
	w := make([]float64, 2*r+1)
	var s float64
	for i := range w {
		k := float64(i - r)
		w[i] = math.Exp(-0.5 / (sigma * sigma) * k * k)
		s += w[i]
	}
	for i := range w {
		w[i] /= s
	}
	return w
}
