package filters

import "math"

// Notch designs a second-order IIR notch at f0Hz with quality factor q (centre frequency over the
// −3 dB bandwidth), equal to SciPy's iirnotch(f0Hz, q, fs), as one section. 0 < f0Hz < fs/2, q > 0.
// Its gain is 1 at DC and Nyquist and 0 at f0Hz. It returns a *DesignError for invalid arguments.
func Notch(f0Hz, q, fs float64) (SOS, error) {
	if err := checkNotch("notch", f0Hz, q, fs); err != nil {
		return nil, err
	}
	return SOS{notchSection(f0Hz, q, fs)}, nil
}

func checkNotch(design string, f0Hz, q, fs float64) error {
	if !iirFinite(fs) || fs <= 0 {
		return designErr(design, "sampling rate %v Hz is not a positive finite number", fs)
	}
	if !iirFinite(f0Hz) || f0Hz <= 0 || f0Hz >= fs/2 {
		return designErr(design, "frequency %v Hz outside (0, %v) Hz", f0Hz, fs/2)
	}
	if !iirFinite(q) || q <= 0 {
		return designErr(design, "quality factor %v is not a positive finite number", q)
	}
	return nil
}

// notchSection follows iirnotch (Orfanidis, Introduction to Signal Processing, eq. 11.3.4–11.3.7).
func notchSection(f0Hz, q, fs float64) [6]float64 {
	w0 := 2 * f0Hz / fs
	bw := w0 / q * math.Pi
	w0 *= math.Pi
	gb := 1 / math.Sqrt(2)
	beta := (math.Sqrt(1-gb*gb) / gb) * math.Tan(bw/2)
	gain := 1 / (1 + beta)
	cw := math.Cos(w0)
	return [6]float64{gain, gain * (-2 * cw), gain, 1, -2 * gain * cw, 2*gain - 1}
}

// NotchComb designs a cascade of notches at f0Hz and its harmonics k·f0Hz below Nyquist, for mains
// hum (50 or 60 Hz and its odd and even harmonics), one section per harmonic. Every notch has the
// bandwidth of the first, f0Hz/q Hz (harmonic k has quality factor k·q), as in SciPy's iircomb; unlike
// iircomb, fs need not be a multiple of f0Hz and the count can be limited: harmonics ≤ 0 means every
// harmonic below fs/2, otherwise at most that many (1 gives Notch alone). A harmonic whose notch would
// reach Nyquist (k·f0Hz + bandwidth/2 ≥ fs/2) is left out. A comb of more than MaxCombSections
// notches is a *DesignError (a fundamental far below the rate: 1e-6 Hz at 1 kHz would be 5·10⁸
// sections); ask for fewer harmonics.
func NotchComb(f0Hz, q, fs float64, harmonics int) (SOS, error) {
	if err := checkNotch("comb", f0Hz, q, fs); err != nil {
		return nil, err
	}
	bw := f0Hz / q
	// Harmonics k·f0Hz + bw/2 < fs/2: k < (fs/2 − bw/2)/f0Hz, counted in float64 so that a tiny f0Hz
	// cannot overflow the count.
	below := (fs/2 - bw/2) / f0Hz
	count := math.Ceil(below) - 1
	if below <= 1 {
		count = 0
	}
	if harmonics > 0 {
		count = min(count, float64(harmonics))
	}
	if count == 0 {
		return nil, designErr("comb", "notch at %v Hz with bandwidth %v Hz reaches Nyquist (%v Hz)", f0Hz, bw, fs/2)
	}
	if count > MaxCombSections {
		return nil, designErr("comb", "%.4g harmonics of %v Hz lie below Nyquist (%v Hz), more than MaxCombSections (%d); limit harmonics",
			count, f0Hz, fs/2, MaxCombSections)
	}
	n := int(count)
	s := make(SOS, 0, n)
	for k := 1; k <= n; k++ {
		f := float64(k) * f0Hz
		if f+bw/2 >= fs/2 { // rounding at the last harmonic
			break
		}
		s = append(s, notchSection(f, float64(k)*q, fs))
	}
	if len(s) == 0 {
		return nil, designErr("comb", "notch at %v Hz with bandwidth %v Hz reaches Nyquist (%v Hz)", f0Hz, bw, fs/2)
	}
	return s, nil
}

// MaxCombSections is the most notches NotchComb designs: every harmonic of 50 Hz below Nyquist up to
// a rate of 400 kHz. Each section costs as much to run as a band-pass of order 2.
const MaxCombSections = 4096
