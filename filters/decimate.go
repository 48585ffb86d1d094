package filters

import "fmt"

// Decimate low-pass filters x and keeps every q-th sample, as SciPy 1.10's decimate(x, q, ftype="iir",
// zero_phase=True) with its defaults: an 8th-order Chebyshev type I low-pass with 0.05 dB ripple and
// its cutoff at 0.8·(fs/2)/q, as second-order sections, applied by FiltFilt, then y[0], y[q], y[2q] ….
// The result has ⌈len(x)/q⌉ samples. dst nil allocates; otherwise it must have that length (it panics
// otherwise). q must be at least 1 (it panics otherwise). Decimate allocates a scratch copy of x.
func Decimate(dst, x []float64, q int) []float64 {
	if q < 1 {
		panic("filters: decimation factor < 1")
	}
	m := (len(x) + q - 1) / q
	dst = dstOfLen(dst, m)
	s, err := Chebyshev1(8, 0.05, Lowpass, 2, 0.8/float64(q))
	if err != nil {
		panic(fmt.Sprintf("filters: decimation filter: %v", err)) // unreachable: 0 < 0.8/q < 1
	}
	y := s.FiltFilt(nil, x)
	for i := range dst {
		dst[i] = y[i*q]
	}
	return dst
}
