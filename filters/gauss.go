package filters

import "math"

// Gaussian smooths x with a Gaussian kernel of standard deviation sigma
// samples, as scipy.ndimage.gaussian_filter1d(x, sigma) with its defaults
// (truncate=4.0, mode="reflect"): the kernel exp(−k²/(2σ²)) for
// |k| ≤ r = int(4σ + 0.5), normalised to unit sum, the signal extended beyond
// its ends by reflection about the edge (see MovingAverage). Kernels longer
// than FIR's direct limit (200 samples with AVX2 and FMA, else 24) are
// applied by FFT convolution. A kernel longer than the reflected signal's
// period 2·len(x) is folded onto one period first, so memory stays O(len(x)).
//
// sigma = 0 copies x. If dst is nil it is allocated; a dst of another length
// panics with "filters: dst length mismatch". dst may be x itself or overlap
// it: x is read into a padded copy first. Gaussian panics if sigma is
// negative, NaN or above MaxGaussianSigma.
func Gaussian(dst, x []float64, sigma float64) []float64 {
	checkSigma(sigma)
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
	var w []float64
	if p := 2 * n; 2*r+1 > p {
		// Output i is Σ_k w[k]·ext(i+k−r) and ext has period p: the weights of k ≡ j (mod p) act
		// as one weight on ext(i+j−r).
		w = foldedGaussian(sigma, r, p)
	} else {
		w = GaussianKernel(sigma)
	}
	m := len(w)
	r = len(w) / 2 // the folded kernel's offset keeps k − r ≡ j − r (mod p)
	xp := make([]float64, n+m-1)
	for i := range xp {
		j := i - r
		if j < 0 || j >= n {
			j = reflectIndex(j, n)
		}
		xp[i] = x[j]
	}
	if m > firDirectMaxTaps() {
		// Output i is sample i+m−1 of the full convolution with the reversed kernel.
		rev := make([]float64, m)
		for j, v := range w {
			rev[m-1-j] = v
		}
		NewFIR(rev).convolve(dst, xp, m-1)
		return dst
	}
	correlate(dst, xp, w)
	return dst
}

// MaxGaussianSigma is the largest sigma Gaussian and GaussianKernel accept, in samples (50 s at
// 20 kHz): its kernel has 8·10⁶ + 1 weights (64 MB), each an exponential to evaluate.
const MaxGaussianSigma = 1e6

func checkSigma(sigma float64) {
	if !(sigma >= 0 && sigma <= MaxGaussianSigma) {
		panic("filters: Gaussian sigma negative, NaN or above MaxGaussianSigma")
	}
}

// foldedGaussian returns GaussianKernel(sigma) (radius r) folded onto period p < 2r+1: p weights,
// weight j the sum of the kernel's weights k ≡ j (mod p), k counted from 0 at offset −r, laid out so
// that its own centre index p/2 stands for offset 0 as GaussianKernel's r does.
func foldedGaussian(sigma float64, r, p int) []float64 {
	w := make([]float64, p)
	c := p / 2
	var s float64
	for k := -r; k <= r; k++ {
		v := math.Exp(-0.5 / (sigma * sigma) * float64(k) * float64(k))
		s += v
		j := (k + c) % p
		if j < 0 {
			j += p
		}
		w[j] += v
	}
	for j := range w {
		w[j] /= s
	}
	return w
}

// GaussianKernel returns the kernel Gaussian applies for sigma > 0: 2r+1
// weights, r = int(4σ + 0.5), proportional to exp(−k²/(2σ²)) for k = −r … r
// and summing to 1 ([1] for sigma = 0). It panics as Gaussian does.
func GaussianKernel(sigma float64) []float64 {
	checkSigma(sigma)
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
