// Package filters is the signal toolbox of endplate: IIR design and filtering in second-order
// sections, FIR design and convolution, smoothing (moving average, median, Gaussian, Savitzky–Golay),
// Welch power spectra, decimation and the FFT they share. Where SciPy has the same function the result
// is SciPy 1.10's to 1e-9 of the output's peak, checked against stored SciPy outputs.
//
// # Units
//
// Frequencies are in Hz and sampling rates (fs) in samples per second; times (group delay) are in
// seconds. Sample values keep whatever unit the caller's trace has. Cutoffs must lie strictly between
// 0 and the Nyquist frequency fs/2.
//
// # IIR filters
//
// Butterworth, Bessel (−3 dB at the cutoff; BesselNorm for SciPy's "phase" and "delay"
// normalisations), Chebyshev1, Notch and NotchComb design digital filters as an SOS: a cascade of
// second-order sections, one row b0 b1 b2 a0 a1 a2 per section with a0 = 1, SciPy's layout. The designs
// follow SciPy's iirfilter step for step: an analog prototype in zeros, poles and gain, the cutoffs
// pre-warped (4·tan(π·f/fs) at fs = 2), the low-pass to low-/high-/band-pass/band-stop transform, the
// bilinear transform and zpk2sos with "nearest" pairing, so the sections come out as SciPy's
// butter/bessel/cheby1(..., output="sos", fs=fs). Orders run from 1 to MaxOrder (band filters have
// twice as many poles); the package is tested against SciPy for orders 1–8.
//
// An SOS filters causally (Filter, = sosfilt with zero initial state), with zero phase (FiltFilt, =
// sosfiltfilt with its odd padding and sosfilt_zi initial conditions) and over many equal-length sweeps
// at once (FiltFiltBatch, the same result row by row). These are one-off calls; NewSOSFilter prepares
// a cascade once (checked, its kernels and scratch ready) for filtering many signals without
// allocating, with a per-call number of goroutines and SciPy's padlen as an option. Response and
// GroupDelay evaluate a cascade at given frequencies; ZI and PadLen expose the steady states and
// padding FiltFilt uses. Decimate is SciPy's decimate(ftype="iir", zero_phase=True).
//
// High orders with cutoffs far below Nyquist put poles close to z = 1, where any implementation,
// SciPy's included, loses digits; second-order sections keep that loss small, but an 8th-order
// band-pass from 2 Hz at 25 kHz is still only good to about 1e-10.
//
// # Errors and panics
//
// Invalid design parameters (an order outside 1…MaxOrder, a cutoff at or beyond Nyquist or so close to
// 0 or Nyquist that float64 cannot hold the poles inside the unit circle, the wrong number of cutoffs,
// lower ≥ upper, NaN or infinite values, more than MaxCombSections notches or MaxFIRTaps taps) are an
// error of type *DesignError, whose message starts with "filters: ". Programmer errors panic with a
// constant "filters: " message: a dst of the wrong length ("filters: dst length mismatch"), batch rows
// of different lengths, a decimation factor outside 1…MaxDecimation, smoothing parameters out of
// range (a window or order below 1, a Savitzky–Golay order above MaxSavGolOrder, a Gaussian sigma
// above MaxGaussianSigma). Every parameter a caller passes takes time and memory bounded by it and the
// data (a moving-average or median window longer than the trace costs no more than one as long as
// it). The length of the data decides a panic in one place only: SavGol's window must fit in x, as
// SciPy requires; a caller smoothing traces read from files checks that first. Otherwise data do not
// panic: FiltFilt filters a sweep shorter than its padding by padding less (SciPy raises there), and
// NaN samples propagate as NaN.
//
// # Slices
//
// Functions that produce a slice take dst first and return it; a nil dst is allocated. Unless a
// function says otherwise, dst may be the input itself (filtering in place) but must not overlap it
// partially. The one-off SOS methods allocate their cascade and O(PadLen) scratch (FiltFiltBatch one
// padded group of sweeps per goroutine), independent of the number and length of sweeps; an
// SOSFilter allocates nothing once it has run at a size.
//
// # Concurrency
//
// Calls run on the caller's goroutine, except for large jobs whose parts are independent: the one-off
// FiltFiltBatch from about 128 sweeps of 2000 samples, and Filter and FiltFilt on long channels (from
// 64 Ki samples, with a SIMD kernel) share their work among up to GOMAXPROCS goroutines and wait for
// them; SOSFilter's methods take the number of goroutines instead. Their results are the same bits
// however many goroutines run. Designs (SOS, FIR taps) are plain values, safe to use from many
// goroutines at once as long as nobody modifies them. The reusable plans SOSFilter, FFT and FIR own
// scratch and are not safe for concurrent use (one per goroutine); SavGolFilter holds none and is.
//
// # Performance
//
// The cascades run in package filters/internal/biquad, which states the recursion once with its
// reference and runs it on a scalar kernel (four sections per pass, states in registers) or, where
// the CPU has AVX or AVX-512 (chosen once; -tags noasm turns it off), on assembly kernels that
// filter 4, 8 or 16 sweeps side by side in the lanes of vector registers (FiltFiltBatch), or the
// segments of a long channel, corrected exactly afterwards (Filter and FiltFilt from 64 Ki samples).
// The assembly kernels give the Go recursion's results bit for bit. FIR convolutions (FIR, Convolve,
// Gaussian, SavGol) run directly, 32 outputs per pass with fused multiply-adds where the CPU has AVX2
// and FMA (up to 200 taps; 24 otherwise), or by FFT overlap-add on a radix-2 real FFT; these differ
// from the Go loop by rounding only. Each fast kernel has a plain reference (biquad.Ref and
// FiltFiltRef, convolveDirectRef; gonum's FFT for the radix-2 path) that the tests compare it with,
// and a benchmark beside it.
package filters
