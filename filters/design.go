package filters

import (
	"fmt"
	"math"
)

// MaxOrder is the highest prototype order the IIR designs accept. A band-pass or band-stop filter
// has twice as many poles. Orders near the limit with cutoffs far below Nyquist are ill-conditioned in
// any implementation; 8 is the highest the package is tested against SciPy.
const MaxOrder = 20

// DesignError reports why a filter cannot be designed: a cutoff outside (0, fs/2) or too close to
// either end for float64, the wrong number of cutoffs, an order outside 1…MaxOrder, a NaN or infinite
// parameter.
type DesignError struct {
	Design string // "butterworth", "bessel", "chebyshev1", "notch", "comb"
	Reason string
}

func (e *DesignError) Error() string { return "filters: " + e.Design + ": " + e.Reason }

func designErr(design, format string, args ...any) error {
	return &DesignError{Design: design, Reason: fmt.Sprintf(format, args...)}
}

func iirFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// checkDesign validates the arguments shared by the IIR designs and returns the cutoffs normalised to
// Nyquist (SciPy's Wn = 2·f/fs).
func checkDesign(design string, order int, band Band, fs float64, cutoffHz []float64) ([]float64, error) {
	if order < 1 || order > MaxOrder {
		return nil, designErr(design, "order %d outside 1…%d", order, MaxOrder)
	}
	if !iirFinite(fs) || fs <= 0 {
		return nil, designErr(design, "sampling rate %v Hz is not a positive finite number", fs)
	}
	want := 1
	switch band {
	case Lowpass, Highpass:
	case Bandpass, Bandstop:
		want = 2
	default:
		return nil, designErr(design, "unknown band %d", int(band))
	}
	if len(cutoffHz) != want {
		return nil, designErr(design, "%v needs %d cutoff frequencies, got %d", band, want, len(cutoffHz))
	}
	wn := make([]float64, len(cutoffHz))
	for i, c := range cutoffHz {
		if !iirFinite(c) || c <= 0 || c >= fs/2 {
			return nil, designErr(design, "cutoff %v Hz outside (0, %v) Hz, the open band below Nyquist at fs = %v Hz", c, fs/2, fs)
		}
		wn[i] = 2 * c / fs
		if !(wn[i] > 0 && wn[i] < 1) { // rounding at the very edge
			return nil, designErr(design, "cutoff %v Hz outside (0, %v) Hz", c, fs/2)
		}
	}
	if want == 2 && !(cutoffHz[0] < cutoffHz[1]) {
		return nil, designErr(design, "lower cutoff %v Hz is not below the upper cutoff %v Hz", cutoffHz[0], cutoffHz[1])
	}
	return wn, nil
}

// digital turns the analog low-pass prototype proto into the digital filter of the band with the
// normalised cutoffs wn, as SciPy's iirfilter: cutoffs pre-warped to 4·tan(π·wn/2), the band
// transform, the bilinear transform at fs = 2, then zpk2sos with "nearest" pairing.
func digital(design string, proto zpk, band Band, wn []float64) (SOS, error) {
	warped := make([]float64, len(wn))
	for i, w := range wn {
		warped[i] = 2 * 2.0 * math.Tan(math.Pi*w/2.0)
	}
	var a zpk
	switch band {
	case Lowpass:
		a = proto.lp2lp(warped[0])
	case Highpass:
		a = proto.lp2hp(warped[0])
	case Bandpass:
		a = proto.lp2bp(math.Sqrt(warped[0]*warped[1]), warped[1]-warped[0])
	case Bandstop:
		a = proto.lp2bs(math.Sqrt(warped[0]*warped[1]), warped[1]-warped[0])
	}
	s, ok := a.bilinear(2).sos()
	if !ok {
		return nil, designErr(design, "poles or zeros lost their conjugates (design too ill-conditioned)")
	}
	for _, row := range s {
		for _, v := range row {
			if !iirFinite(v) {
				return nil, designErr(design, "coefficients are not finite (design too ill-conditioned)")
			}
		}
		if !wellConditioned(&row) {
			fs := make([]float64, len(wn))
			for i, w := range wn {
				fs[i] = w / 2
			}
			return nil, designErr(design, "cutoffs at %v of the sampling rate put poles so close to z = ±1 that rounding the coefficients "+
				"changes the gain at DC or Nyquist by more than 0.1 %%; filter in stages (decimate first)", fs)
		}
	}
	return s, nil
}

// poleMargin is the least 1 ± a1 + a2 a designed section may have. That is the section's denominator
// at z = 1 (DC) and z = −1 (Nyquist), |1 − p|² for a pole pair p; the rounding of a1 and a2 (a few
// 2⁻⁵³ each, as both are near ±2 and 1 there) moves it by about 2⁻⁵⁰, so below 2⁻⁴⁰ the gain and the
// steady state (ZI) there are wrong by more than 2⁻¹⁰ ≈ 0.1 %. A 4th-order Butterworth low-pass
// reaches it near fc/fs = 1.5e-7 (SciPy's design returns silently wrong sections down to fc/fs =
// 1e-9, where sosfilt_zi fails with a singular matrix; below 1e-9 the poles round onto the circle and
// the output is NaN).
const poleMargin = 0x1p-40

// wellConditioned reports whether the section's poles lie inside the unit circle by poleMargin: |a2| < 1
// and 1 ± a1 + a2 ≥ poleMargin (Jury's conditions with a margin).
func wellConditioned(c *[6]float64) bool {
	a1, a2 := c[4], c[5]
	return math.Abs(a2) < 1 && 1+a1+a2 >= poleMargin && 1-a1+a2 >= poleMargin
}

// Butterworth designs a digital Butterworth filter of the given order (1…MaxOrder; band-pass and
// band-stop filters have twice as many poles) as second-order sections, equal to SciPy's
// butter(order, cutoffHz, band, fs=fs, output="sos"). The magnitude response is −3 dB at each cutoff.
// Lowpass and Highpass take one cutoff, Bandpass and Bandstop two (lower, upper), each strictly between
// 0 and fs/2 Hz. It returns a *DesignError for invalid arguments, and for cutoffs so close to 0 or
// fs/2 that rounding the coefficients would move a pole pair's gain at DC or Nyquist by more than
// 0.1 % (about fc/fs < 1.5e-7 for order 4; SciPy's designs are silently wrong there and fail below
// 1e-9): filter such bands after decimating.
func Butterworth(order int, band Band, fs float64, cutoffHz ...float64) (SOS, error) {
	wn, err := checkDesign("butterworth", order, band, fs, cutoffHz)
	if err != nil {
		return nil, err
	}
	return digital("butterworth", buttap(order), band, wn)
}

// Bessel designs a digital Bessel filter (maximally flat group delay) whose magnitude response is
// −3 dB at each cutoff, equal to SciPy's bessel(order, cutoffHz, band, norm="mag", fs=fs,
// output="sos"). Arguments and errors are as for Butterworth; BesselNorm gives the other
// normalisations.
func Bessel(order int, band Band, fs float64, cutoffHz ...float64) (SOS, error) {
	return BesselNorm(order, BesselMag, band, fs, cutoffHz...)
}

// BesselNorm designs a digital Bessel filter with the given normalisation of its cutoff, equal to
// SciPy's bessel(order, cutoffHz, band, norm=norm, fs=fs, output="sos"). Arguments and errors are as
// for Butterworth.
func BesselNorm(order int, norm BesselNormalization, band Band, fs float64, cutoffHz ...float64) (SOS, error) {
	wn, err := checkDesign("bessel", order, band, fs, cutoffHz)
	if err != nil {
		return nil, err
	}
	if norm != BesselMag && norm != BesselPhase && norm != BesselDelay {
		return nil, designErr("bessel", "unknown normalisation %d", int(norm))
	}
	return digital("bessel", besselap(order, norm), band, wn)
}

// Chebyshev1 designs a digital Chebyshev type I filter with rippleDB decibels of equiripple in the
// passband, equal to SciPy's cheby1(order, rippleDB, cutoffHz, band, fs=fs, output="sos"). The cutoff
// is where the gain first leaves the ripple band (−rippleDB dB), not −3 dB; even orders have a gain of
// −rippleDB dB at DC. rippleDB must be positive and finite; other arguments and errors are as for
// Butterworth.
func Chebyshev1(order int, rippleDB float64, band Band, fs float64, cutoffHz ...float64) (SOS, error) {
	wn, err := checkDesign("chebyshev1", order, band, fs, cutoffHz)
	if err != nil {
		return nil, err
	}
	if !iirFinite(rippleDB) || rippleDB <= 0 {
		return nil, designErr("chebyshev1", "passband ripple %v dB is not a positive finite number", rippleDB)
	}
	return digital("chebyshev1", cheb1ap(order, rippleDB), band, wn)
}
