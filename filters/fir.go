package filters

import (
	"fmt"
	"math"

	"github.com/mjibson/go-dsp/window"
)

// Window selects the taper of a windowed-sinc FIR design. The zero value is
// Hamming, SciPy firwin's default. The windows are go-dsp's symmetric windows
// (scipy.signal.get_window(name, numtaps, fftbins=False)).
type Window int

const (
	Hamming     Window = iota // 0.54 − 0.46·cos(2πn/(N−1))
	Hann                      // 0.5 − 0.5·cos(2πn/(N−1))
	Blackman                  // 0.42 − 0.5·cos(2πn/(N−1)) + 0.08·cos(4πn/(N−1))
	Rectangular               // all ones (SciPy's "boxcar")
)

// String returns SciPy's name of the window.
func (w Window) String() string {
	switch w {
	case Hamming:
		return "hamming"
	case Hann:
		return "hann"
	case Blackman:
		return "blackman"
	case Rectangular:
		return "boxcar"
	}
	return "Window(?)"
}

func (w Window) taps(n int) []float64 {
	switch w {
	case Hamming:
		return window.Hamming(n)
	case Hann:
		return window.Hann(n)
	case Blackman:
		return window.Blackman(n)
	case Rectangular:
		return window.Rectangular(n)
	}
	return nil
}

// FIRWin designs a linear-phase FIR filter of numtaps taps by the window
// method, as scipy.signal.firwin(numtaps, cutoff, window=win, pass_zero=band,
// scale=True, fs=fs): the ideal response's impulse response (a sum of sincs
// centred at (numtaps−1)/2) times the window, scaled to unit gain at 0 Hz
// (low-pass, band-stop), at Nyquist (high-pass) or at the centre of the pass
// band (band-pass).
//
// Low- and high-pass take one cutoff, band-pass and band-stop two, in Hz,
// inside (0, fs/2) and increasing. A filter that passes Nyquist (high-pass,
// band-stop) needs an odd numtaps, and numtaps may not exceed MaxFIRTaps. Bad
// parameters return a *DesignError.
func FIRWin(numtaps int, band Band, win Window, fs float64, cutoffHz ...float64) ([]float64, error) {
	fail := func(format string, args ...any) ([]float64, error) {
		return nil, &DesignError{Design: "firwin", Reason: fmt.Sprintf(format, args...)}
	}
	if numtaps < 1 || numtaps > MaxFIRTaps {
		return fail("numtaps %d outside 1…%d", numtaps, MaxFIRTaps)
	}
	if win.taps(1) == nil {
		return fail("unknown window %d", int(win))
	}
	if math.IsNaN(fs) || math.IsInf(fs, 0) || fs <= 0 {
		return fail("sampling rate %v Hz is not a positive finite number", fs)
	}
	var passZero bool
	want := 1
	switch band {
	case Lowpass:
		passZero = true
	case Highpass:
	case Bandpass:
		want = 2
	case Bandstop:
		want, passZero = 2, true
	default:
		return fail("unknown band %d", int(band))
	}
	if len(cutoffHz) != want {
		return fail("%v needs %d cutoff frequencies, got %d", band, want, len(cutoffHz))
	}
	nyq := fs / 2
	var edges []float64 // normalised to Nyquist, pairs of pass-band edges
	if passZero {
		edges = append(edges, 0)
	}
	for i, c := range cutoffHz {
		w := c / nyq
		if !(w > 0 && w < 1) {
			return fail("cutoff %v Hz outside (0, %v) Hz, the open band below Nyquist at fs = %v Hz", c, nyq, fs)
		}
		if i > 0 && !(cutoffHz[i-1] < c) {
			return fail("cutoffs %v Hz are not increasing", cutoffHz)
		}
		edges = append(edges, w)
	}
	passNyquist := len(cutoffHz)%2 == 1 != passZero
	if passNyquist {
		if numtaps%2 == 0 {
			return fail("a %v filter passes Nyquist and needs an odd number of taps, got %d", band, numtaps)
		}
		edges = append(edges, 1)
	}

	h := make([]float64, numtaps)
	alpha := 0.5 * float64(numtaps-1)
	for i := range h {
		m := float64(i) - alpha
		for b := 0; b < len(edges); b += 2 {
			left, right := edges[b], edges[b+1]
			h[i] += right*sinc(right*m) - left*sinc(left*m)
		}
	}
	for i, w := range win.taps(numtaps) {
		h[i] *= w
	}

	// Unit gain at the frequency that matters most: 0 Hz when the first band
	// starts there, Nyquist when it ends there, else the band's centre.
	left, right := edges[0], edges[1]
	var f float64
	switch {
	case left == 0:
		f = 0
	case right == 1:
		f = 1
	default:
		f = 0.5 * (left + right)
	}
	var s float64
	for i, v := range h {
		s += v * math.Cos(math.Pi*(float64(i)-alpha)*f)
	}
	for i := range h {
		h[i] /= s
	}
	return h, nil
}

// MaxFIRTaps is the longest filter FIRWin designs: a transition band of about 3.3·fs/numtaps Hz
// (Hamming) is then 1 Hz at 20 kHz, narrower than recordings need; filtering with it (FFT overlap-add
// on blocks of 2¹⁹ points) takes about 30 MB of scratch, which grows with the taps.
const MaxFIRTaps = 1 << 16

// sinc is the normalised sinc, sin(πx)/(πx).
func sinc(x float64) float64 {
	if x == 0 {
		return 1
	}
	return math.Sin(math.Pi*x) / (math.Pi * x)
}

// firDirectMaxTaps returns the longest kernel FIR.Filter convolves directly; longer
// kernels go through FFT overlap-add. The limits are where BenchmarkFIR has the
// FFT overtake the direct sum (BENCHMARKS.md, "Where the filters change paths").
func firDirectMaxTaps() int {
	if firFMA {
		return 200
	}
	return 24
}

// FIR applies a finite impulse response filter, the taps h[0…m−1]:
//
//	y[i] = Σ_k h[k]·x[i−k],  x[j] = 0 for j < 0,
//
// directly for kernels of up to 200 taps (24 without AVX2 and FMA) and by FFT
// overlap-add (blocks of a power of two ≥ 8m points) for longer ones. Both
// paths agree to rounding.
//
// A FIR owns its scratch: Filter does not allocate once the FIR is made (other
// than dst when it is nil), and a FIR is not safe for concurrent use.
type FIR struct {
	taps []float64
	rev  []float64 // taps reversed: the direct path is a forward dot product

	// overlap-add, for long kernels
	fft   *FFT
	block int          // FFT length N
	step  int          // input samples per block, N − m + 1
	hspec []complex128 // spectrum of the taps, divided by N
	buf   []float64
	spec  []complex128
	tail  []float64 // contributions pending for the next block, m − 1
}

// NewFIR returns a filter with a copy of the taps. It panics with
// "filters: FIR with no taps" if taps is empty.
func NewFIR(taps []float64) *FIR {
	m := len(taps)
	if m == 0 {
		panic("filters: FIR with no taps")
	}
	f := &FIR{taps: append([]float64(nil), taps...), rev: make([]float64, m)}
	for i, v := range taps {
		f.rev[m-1-i] = v
	}
	if m > firDirectMaxTaps() {
		f.setupOverlapAdd()
	}
	return f
}

// newFIROverlapAdd returns a FIR set up for overlap-add whatever its length.
func newFIROverlapAdd(taps []float64) *FIR {
	f := NewFIR(taps)
	if f.fft == nil {
		f.setupOverlapAdd()
	}
	return f
}

func (f *FIR) setupOverlapAdd() {
	m, taps := len(f.taps), f.taps
	{
		n := 1
		for n < 8*m {
			n <<= 1
		}
		f.block, f.step = n, n-m+1
		f.fft = NewFFT(n)
		f.buf = make([]float64, n)
		f.spec = make([]complex128, n/2+1)
		f.tail = make([]float64, m-1)
		copy(f.buf, taps)
		f.hspec = f.fft.Coefficients(nil, f.buf)
		inv := complex(1/float64(n), 0)
		for i := range f.hspec {
			f.hspec[i] *= inv
		}
	}
}

// Taps returns the filter's taps; the slice must not be modified.
func (f *FIR) Taps() []float64 { return f.taps }

// Filter applies the filter to x with zero initial state, as
// scipy.signal.lfilter(h, 1, x), places the len(x) outputs in dst and returns
// it. If dst is nil it is allocated; a dst of another length panics with
// "filters: dst length mismatch". dst may be x itself (filtering in place) but
// must not otherwise overlap it.
func (f *FIR) Filter(dst, x []float64) []float64 {
	dst = dstOfLen(dst, len(x))
	f.convolve(dst, x, 0)
	return dst
}

// Convolve returns the full linear convolution of x and h, of length
// len(x)+len(h)−1, as numpy.convolve(x, h): directly when the shorter
// operand has up to 200 samples (24 without AVX2 and FMA), by FFT overlap-add
// otherwise. If dst is nil it is allocated; a dst of another length panics
// with "filters: dst length mismatch". dst must not overlap x or h. Empty x or
// h gives an empty result.
func Convolve(dst, x, h []float64) []float64 {
	if len(x) == 0 || len(h) == 0 {
		return dstOfLen(dst, 0)
	}
	if len(h) > len(x) {
		x, h = h, x
	}
	dst = dstOfLen(dst, len(x)+len(h)-1)
	NewFIR(h).convolve(dst, x, 0)
	return dst
}

// convolve writes samples first … first+len(dst)−1 of the full convolution of
// x with the taps into dst. dst may be x itself when first is 0 and
// len(dst) == len(x).
func (f *FIR) convolve(dst, x []float64, first int) {
	if len(dst) == 0 {
		return
	}
	if f.fft == nil || len(x) < f.step/4 {
		f.convolveDirect(dst, x, first)
		return
	}
	f.overlapAdd(dst, x, first)
}

// convolveDirect computes each output as a dot product, from the last output
// back so that dst may be x (output i reads inputs ≤ i only). Where the CPU has
// AVX2 and FMA, outputs whose window lies wholly inside x go 32 at a time
// through firBlocksFMA (its reference: convolveDirectRef).
func (f *FIR) convolveDirect(dst, x []float64, first int) {
	m, n := len(f.rev), len(x)
	// Outputs ia ≤ i < ib have full windows; the top 32·nb of them take the vector kernel.
	ia, ib := max(m-1, first)-first, min(n, first+len(dst))-first
	nb := 0
	if firFMA && ib-ia >= 32 {
		nb = (ib - ia) / 32
	}
	if nb == 0 {
		f.convolveDirectRef(dst, x, first)
		return
	}
	i0 := ib - 32*nb
	f.convolveDirectRef(dst[ib:], x, first+ib)
	firBlocksFMA(&dst[i0], &x[first+i0-m+1], &f.rev[0], nb, m)
	f.convolveDirectRef(dst[:i0], x, first)
}

// correlate sets dst[i] = Σ_j w[j]·x[i+j] for i < len(dst) (x must hold
// len(dst)+len(w)−1 samples): the direct path of Gaussian and SavGol, 32
// outputs at a time through firBlocksFMA where the CPU has it, else and for the
// rest dotProduct. dst must not overlap x.
func correlate(dst, x, w []float64) {
	m := len(w)
	x = x[:len(dst)+m-1]
	nb := 0
	if firFMA && m > 0 {
		nb = len(dst) / 32
	}
	if nb > 0 {
		firBlocksFMA(&dst[0], &x[0], &w[0], nb, m)
	}
	for i := 32 * nb; i < len(dst); i++ {
		dst[i] = dotProduct(w, x[i:i+m])
	}
}

// convolveDirectRef is the direct convolution in Go, each output a dot product
// (dotProduct), from the last output back.
func (f *FIR) convolveDirectRef(dst, x []float64, first int) {
	m, n := len(f.rev), len(x)
	for i := len(dst) - 1; i >= 0; i-- {
		o := first + i
		lo, hi := max(0, o-(n-1)), min(m-1, o) // taps k with 0 ≤ o−k < n
		if lo > hi {
			dst[i] = 0
			continue
		}
		dst[i] = dotProduct(f.rev[m-1-hi:m-lo], x[o-hi:o-lo+1])
	}
}

// overlapAdd convolves block by block: each block of step input samples is
// transformed, multiplied by the taps' spectrum and transformed back; the
// first step outputs are final once the previous block's tail is added, the
// last m−1 are carried to the next block. Block b's outputs are written only
// after its inputs are read, so dst may be x when first is 0.
func (f *FIR) overlapAdd(dst, x []float64, first int) {
	m, n := len(f.taps), len(x)
	total := n + m - 1
	clear(f.tail)
	for s := 0; s < total && s < first+len(dst); s += f.step {
		l := min(f.step, max(0, n-s)) // input samples in this block
		buf := f.buf
		copy(buf, x[s:s+l])
		clear(buf[l:])
		if l > 0 {
			f.fft.Coefficients(f.spec, buf)
			for i, h := range f.hspec {
				f.spec[i] *= h
			}
			f.fft.Sequence(buf, f.spec)
		}
		for i, t := range f.tail {
			buf[i] += t
		}
		out := min(f.step, total-s) // outputs final after this block
		for i := 0; i < out; i++ {
			if j := s + i - first; j >= 0 && j < len(dst) {
				dst[j] = buf[i]
			}
		}
		copy(f.tail, buf[f.step:f.step+m-1])
	}
}

// dotProduct returns Σ a[i]·b[i]; len(b) must be at least len(a). Four partial sums
// keep the adds independent.
func dotProduct(a, b []float64) float64 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(a); i += 4 {
		aa, bb := a[i:i+4:i+4], b[i:i+4:i+4]
		s0 += aa[0] * bb[0]
		s1 += aa[1] * bb[1]
		s2 += aa[2] * bb[2]
		s3 += aa[3] * bb[3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// dstOfLen returns dst, or a new slice of length n when dst is nil; a non-nil
// dst of another length panics.
func dstOfLen(dst []float64, n int) []float64 {
	if dst == nil {
		return make([]float64, n)
	}
	if len(dst) != n {
		panic("filters: dst length mismatch")
	}
	return dst
}
