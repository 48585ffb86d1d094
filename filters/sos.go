package filters

import (
	"runtime"

	"github.com/endplate/endplate/filters/internal/biquad"
)

// This file holds the SOS methods, one-off calls that each prepare an SOSFilter's cascade for the call;
// the recursion, its reference and its kernels are in package filters/internal/biquad.

// cascade prepares s for one call, with SciPy's padding. A row with a0 ≠ 1, a coefficient that is not
// finite or a pole at z = 1 is a programmer error here (NewSOSFilter returns it as an error).
func (s SOS) cascade() *biquad.Cascade {
	c, err := biquad.New(s, s.PadLen())
	if err != nil {
		panic(errBadSOS)
	}
	return c
}

const errBadSOS = "filters: SOS row with a0 != 1, a coefficient that is not finite or a pole at z = 1 (NewSOSFilter says which)"

// Filter applies the cascade causally to x with zero initial state, as SciPy's sosfilt(s, x), and
// returns the output in dst. dst nil allocates; otherwise len(dst) must equal len(x) (it panics
// otherwise). dst may be x itself (filtering in place). A long channel (from 64 Ki samples, where the
// CPU has AVX) is shared among up to GOMAXPROCS goroutines, with the same result however many run.
// It panics if a row of s has a0 ≠ 1, a coefficient that is not finite or a pole at z = 1; to filter
// many signals, or to choose the number of goroutines, make an SOSFilter.
func (s SOS) Filter(dst, x []float64) []float64 {
	dst = dstOfLen(dst, len(x))
	c := s.cascade()
	c.Filter(dst, x, runtime.GOMAXPROCS(0))
	c.Release()
	return dst
}

// ZI returns the initial states that put the cascade in the steady state of a unit step, as SciPy's
// sosfilt_zi(s): each section's lfilter_zi scaled by the DC gain of the sections before it. Scaled by
// the first input sample, they start a filter without the transient of a jump from zero. dst nil
// allocates; otherwise it must have len(s) rows.
func (s SOS) ZI(dst [][2]float64) [][2]float64 {
	if dst == nil {
		dst = make([][2]float64, len(s))
	}
	if len(dst) != len(s) {
		panic("filters: dst length mismatch")
	}
	biquad.ZI(s, dst)
	return dst
}

// PadLen is the length of the odd extension FiltFilt adds at each end of a sweep, as SciPy's
// sosfiltfilt default: 3·(2·len(s) + 1 − min(#sections with b2 = 0, #sections with a2 = 0)). A sweep
// of at most PadLen samples is padded by len(x) − 1 instead.
func (s SOS) PadLen() int { return biquad.PadLen(s) }

// FiltFilt applies the cascade forward and backward, so the output has no phase shift and the
// magnitude response squared, as SciPy's sosfiltfilt(s, x) with its defaults: x is extended at each
// end by an odd reflection of PadLen samples (2·x[0] − x[k], 2·x[n−1] − x[n−1−k]), each pass starts
// from ZI scaled by its first sample, and the extension is cut off again.
//
// SciPy refuses sweeps of PadLen samples or fewer; FiltFilt pads them by len(x) − 1 samples instead
// (no padding for a single sample), the longest odd extension there is, so short sweeps are filtered
// the way long ones are rather than failing.
//
// dst nil allocates; otherwise len(dst) must equal len(x) (it panics otherwise). dst may be x itself.
// Besides dst, FiltFilt allocates O(PadLen) scratch, not O(len(x)). Long channels are shared among
// goroutines and bad rows panic as for Filter.
func (s SOS) FiltFilt(dst, x []float64) []float64 {
	dst = dstOfLen(dst, len(x))
	c := s.cascade()
	c.FiltFilt(dst, x, runtime.GOMAXPROCS(0))
	c.Release()
	return dst
}

// FiltFiltBatch applies FiltFilt to every row of x, equal-length sweeps, writing row i's output to
// dst[i]; the result equals FiltFilt row by row. dst must have as many rows as x, each of the length of
// x's rows (it panics otherwise); dst[i] may be x[i] itself (in place) but must not overlap any other
// row of x. Where the CPU has AVX or AVX-512 the sweeps run 4 or 16 at a time side by side in the
// lanes of vector registers. A large batch (from about 128 sweeps of 2000 samples through 4 sections)
// is shared among up to GOMAXPROCS goroutines; the results are the same bits either way. Bad rows
// panic as for Filter. Each goroutine needs a buffer of 16 (AVX-512) or 4 (AVX) padded sweeps, taken
// from a pool that keeps those of earlier calls; an SOSFilter keeps its own between batches.
func (s SOS) FiltFiltBatch(dst, x [][]float64) {
	c := s.cascade()
	c.FiltFiltBatch(dst, x, runtime.GOMAXPROCS(0))
	c.Release()
}
