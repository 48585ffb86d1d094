package filters

import "math"

// Welch estimates the one-sided power spectral density of x, sampled at fs
// Hz, by Welch's method with SciPy's defaults, as
// scipy.signal.welch(x, fs, nperseg=nperseg): segments of nperseg samples
// overlapping by nperseg/2, each with its mean removed and multiplied by a
// periodic Hann window w, transformed without zero padding; the periodograms
// are averaged (mean) and scaled to a density, 1/(fs·Σw²), doubled at every
// frequency except 0 Hz and, for even nperseg, Nyquist.
//
// freqHz[k] = k·fs/nperseg for k = 0 … nperseg/2, and psd is in the squared
// unit of x per Hz. A nperseg above len(x) is reduced to len(x), as SciPy does
// (with a warning). An empty x gives empty results. Samples left over after
// the last whole segment are ignored, as in SciPy.
//
// Welch panics if nperseg < 1 or fs is not positive and finite.
func Welch(x []float64, fs float64, nperseg int) (freqHz, psd []float64) {
	if nperseg < 1 {
		panic("filters: Welch nperseg < 1")
	}
	if !(fs > 0) || math.IsInf(fs, 1) {
		panic("filters: Welch fs not positive and finite")
	}
	n := len(x)
	if n == 0 {
		return []float64{}, []float64{}
	}
	nperseg = min(nperseg, n)
	nf := nperseg/2 + 1
	freqHz = make([]float64, nf)
	for k := range freqHz {
		freqHz[k] = float64(k) * fs / float64(nperseg)
	}
	psd = make([]float64, nf)

	// Periodic Hann (get_window("hann", nperseg), sym=False); a one-sample
	// window is 1, as in SciPy.
	win := make([]float64, nperseg)
	var wss float64
	for i := range win {
		win[i] = 1
		if nperseg > 1 {
			win[i] = 0.5 - 0.5*math.Cos(2*math.Pi*float64(i)/float64(nperseg))
		}
		wss += win[i] * win[i]
	}

	fft := NewFFT(nperseg)
	seg := make([]float64, nperseg)
	spec := make([]complex128, nf)
	step := nperseg - nperseg/2
	nseg := (n-nperseg)/step + 1
	for s := 0; s < nseg; s++ {
		xs := x[s*step : s*step+nperseg]
		var mean float64
		for _, v := range xs {
			mean += v
		}
		mean /= float64(nperseg)
		for i, v := range xs {
			seg[i] = (v - mean) * win[i]
		}
		fft.Coefficients(spec, seg)
		for k, c := range spec {
			psd[k] += real(c)*real(c) + imag(c)*imag(c)
		}
	}

	scale := 1 / (fs * wss * float64(nseg))
	for k := range psd {
		psd[k] *= scale
		if k > 0 && (nperseg%2 == 1 || k < nf-1) {
			psd[k] *= 2
		}
	}
	return freqHz, psd
}
