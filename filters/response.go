package filters

import (
	"math"
	"math/cmplx"
)

// Response returns the complex frequency response H(e^{iω}) of the cascade at the frequencies freqHz
// (Hz, ω = 2π·f/fs), as SciPy's sosfreqz(s, worN=freqHz, fs=fs). |H| is the gain, arg H the phase in
// radians. dst nil allocates; otherwise len(dst) must equal len(freqHz) (it panics otherwise).
func (s SOS) Response(dst []complex128, freqHz []float64, fs float64) []complex128 {
	if dst == nil {
		dst = make([]complex128, len(freqHz))
	}
	if len(dst) != len(freqHz) {
		panic("filters: dst length mismatch")
	}
	for i, f := range freqHz {
		w := 2 * math.Pi * f / fs
		e1 := cmplx.Exp(complex(0, -w)) // z⁻¹
		e2 := e1 * e1
		h := complex(1, 0)
		for _, c := range s {
			num := complex(c[0], 0) + complex(c[1], 0)*e1 + complex(c[2], 0)*e2
			den := complex(c[3], 0) + complex(c[4], 0)*e1 + complex(c[5], 0)*e2
			h *= num / den
		}
		dst[i] = h
	}
	return dst
}

// GroupDelay returns the group delay −dφ/dω of the cascade at the frequencies freqHz, in seconds (the
// delay in samples divided by fs), as SciPy's group_delay summed over the sections. Where a section's
// numerator or denominator vanishes (a zero on the unit circle, as at a notch's centre) the delay is
// undefined and GroupDelay returns NaN there; SciPy returns 0 with a warning. dst nil allocates;
// otherwise len(dst) must equal len(freqHz) (it panics otherwise).
func (s SOS) GroupDelay(dst, freqHz []float64, fs float64) []float64 {
	dst = dstOfLen(dst, len(freqHz))
	for i, f := range freqHz {
		w := 2 * math.Pi * f / fs
		e1 := cmplx.Exp(complex(0, -w))
		e2 := e1 * e1
		// For P(ω) = Σ c_k e^{−iωk}, −d arg P/dω = Re(Σ k·c_k e^{−iωk} / P).
		delay := func(c0, c1, c2 float64) float64 {
			p := complex(c0, 0) + complex(c1, 0)*e1 + complex(c2, 0)*e2
			dp := complex(c1, 0)*e1 + complex(2*c2, 0)*e2
			if cmplx.Abs(p) < 1e-12*(math.Abs(c0)+math.Abs(c1)+math.Abs(c2)) {
				return math.NaN()
			}
			return real(dp / p)
		}
		d := 0.0
		for _, c := range s {
			d += delay(c[0], c[1], c[2]) - delay(c[3], c[4], c[5])
		}
		dst[i] = d / fs
	}
	return dst
}
