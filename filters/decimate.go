package filters

import "fmt"

// Decimate low-pass filters x and keeps every q-th sample, as SciPy 1.10's decimate(x, q, ftype="iir",
// zero_phase=True) with its defaults: an 8th-order Chebyshev type I low-pass with 0.05 dB ripple and
// its cutoff at 0.8·(fs/2)/q, as second-order sections, applied by FiltFilt, then y[0], y[q], y[2q] ….
// The result has ⌈len(x)/q⌉ samples (one when q ≥ len(x)). dst nil allocates; otherwise it must have
// that length (it panics otherwise). q must be in 1…MaxDecimation (it panics otherwise). Decimate
// allocates a scratch copy of x.
func Decimate(dst, x []float64, q int) []float64 {
	if q < 1 || q > MaxDecimation {
		panic("filters: decimation factor outside 1…MaxDecimation")
	}
	m := (len(x) + q - 1) / q
	dst = dstOfLen(dst, m)
	s, err := Chebyshev1(8, 0.05, Lowpass, 2, 0.8/float64(q))
	if err != nil {
		panic(fmt.Sprintf("filters: decimation filter: %v", err)) // unreachable for q ≤ MaxDecimation
	}
	y := s.FiltFilt(nil, x)
	for i := range dst {
		dst[i] = y[i*q]
	}
	return dst
}

// MaxDecimation is the largest factor Decimate takes in one step. Beyond about 1.1·10⁶ the
// anti-aliasing filter's poles lie too close to z = 1 for float64 (see Butterworth's errors); SciPy
// advises steps of at most 13, by calling decimate repeatedly.
const MaxDecimation = 1_000_000
