package filters

import (
	"math"
	"math/cmplx"

	"gonum.org/v1/gonum/dsp/fourier"
)

// bluesteinMinPrime is the smallest prime factor of a length for which FFT
// takes the Bluestein path instead of gonum's mixed-radix transform. gonum's
// FFTPACK code handles a prime factor p with an O(p) pass over the data, so a
// length with a large prime factor costs O(n·p); Bluestein costs about three
// complex power-of-two transforms of at least 2n−1 points whatever n is. 200 is
// where BenchmarkFFTPrimeFactor has Bluestein overtake gonum for good
// (BENCHMARKS.md, "Where the filters change paths").
const bluesteinMinPrime = 200

// FFT is a plan for the discrete Fourier transform of real sequences of one
// length. Powers of two from 8 use a radix-2 transform of the samples packed
// in pairs (radix2, faster than gonum's); other lengths whose prime
// factors are all small use gonum's dsp/fourier.FFT; lengths with a prime
// factor of at least 200 use Bluestein's chirp-z algorithm on power-of-two
// complex transforms, so every length costs O(n log n).
//
// The transforms are unnormalized, as gonum's: Coefficients followed by
// Sequence multiplies the sequence by Len.
//
// An FFT owns its scratch space: it does not allocate once made, and it is
// not safe for concurrent use. Use one FFT per goroutine.
type FFT struct {
	n      int
	r2     *radix2      // powers of two from 8
	gonum  *fourier.FFT // other smooth lengths
	blu    *bluestein   // lengths with a large prime factor
	onR2   bool
	onBlue bool
}

// NewFFT returns an FFT plan for sequences of length n. It panics if n < 1.
func NewFFT(n int) *FFT {
	var f FFT
	f.Reset(n)
	return &f
}

// Len returns the length of the sequences the plan transforms.
func (f *FFT) Len() int { return f.n }

// Reset makes the plan transform sequences of length n, reusing its memory
// where it can. It panics if n < 1.
func (f *FFT) Reset(n int) {
	if n < 1 {
		panic("filters: FFT length < 1")
	}
	f.reset(n, largestPrimeFactor(n) >= bluesteinMinPrime)
}

// reset sets the plan up for length n on the path chosen by blue; tests and
// benchmarks use it to run both paths on one length.
func (f *FFT) reset(n int, blue bool) {
	if n < 1 {
		panic("filters: FFT length < 1")
	}
	f.n = n
	f.onBlue = blue
	f.onR2 = !blue && n >= 8 && n&(n-1) == 0
	if f.onR2 {
		if f.r2 == nil {
			f.r2 = &radix2{}
		}
		f.r2.reset(n)
		return
	}
	if blue {
		if f.blu == nil {
			f.blu = &bluestein{}
		}
		f.blu.reset(n)
		return
	}
	if f.gonum == nil {
		f.gonum = fourier.NewFFT(n)
	} else {
		f.gonum.Reset(n)
	}
}

// Coefficients computes the unnormalized Fourier coefficients
//
//	dst[k] = Σ_j x[j]·exp(−2πi·j·k/n),  k = 0 … n/2,
//
// of the real sequence x of length n = f.Len(), places them in dst and
// returns it. If dst is nil a slice of length n/2+1 is allocated; otherwise a
// dst of another length panics with "filters: dst length mismatch". A wrong
// length of x panics with "filters: FFT input length mismatch".
func (f *FFT) Coefficients(dst []complex128, x []float64) []complex128 {
	if len(x) != f.n {
		panic("filters: FFT input length mismatch")
	}
	if dst == nil {
		dst = make([]complex128, f.n/2+1)
	} else if len(dst) != f.n/2+1 {
		panic("filters: dst length mismatch")
	}
	if f.onR2 {
		f.r2.coefficients(dst, x)
		return dst
	}
	if !f.onBlue {
		return f.gonum.Coefficients(dst, x)
	}
	b := f.blu
	for j, v := range x {
		b.a[j] = complex(v, 0)
	}
	b.transform()
	copy(dst, b.a[:len(dst)])
	return dst
}

// Sequence computes the real sequence of length n = f.Len() whose
// coefficients (as Coefficients returns them) are in coeff, unnormalized:
//
//	dst[j] = Re Σ_k c[k]·exp(+2πi·j·k/n),  k = 0 … n−1, c[n−k] = conj(c[k]),
//
// so the imaginary parts of coeff[0] and, for even n, coeff[n/2] are ignored.
// If dst is nil a slice of length n is allocated; otherwise a dst of another
// length panics with "filters: dst length mismatch". A coeff of length other
// than n/2+1 panics.
func (f *FFT) Sequence(dst []float64, coeff []complex128) []float64 {
	if len(coeff) != f.n/2+1 {
		panic("filters: FFT coefficients length mismatch")
	}
	if dst == nil {
		dst = make([]float64, f.n)
	} else if len(dst) != f.n {
		panic("filters: dst length mismatch")
	}
	if f.onR2 {
		f.r2.sequence(dst, coeff)
		return dst
	}
	if !f.onBlue {
		return f.gonum.Sequence(dst, coeff)
	}
	// Σ_k c[k]·exp(+iθ) = conj(Σ_k conj(c[k])·exp(−iθ)): a forward transform of
	// the conjugated Hermitian spectrum; only the real part is kept.
	b := f.blu
	n := f.n
	a := b.a[:n]
	for k, c := range coeff {
		a[k] = cmplx.Conj(c)
	}
	for k := len(coeff); k < n; k++ {
		a[k] = coeff[n-k]
	}
	b.transform()
	for j := range dst {
		dst[j] = real(b.a[j])
	}
	return dst
}

// bluestein computes length-n complex DFTs as a circular convolution of
// length m (the smallest 2^a·3^b·5^c ≥ 2n−1), using
//
//	j·k = (j² + k² − (k−j)²)/2,
//	X[k] = w[k]·Σ_j (x[j]·w[j])·conj(w[k−j]),  w[q] = exp(−iπ·q²/n).
type bluestein struct {
	n, m  int
	w     []complex128 // w[q], q < n; q² is reduced mod 2n exactly
	bspec []complex128 // DFT of conj(w[q]) wrapped to length m, divided by m
	a     []complex128 // work, length m; holds the input and the result
	tmp   []complex128 // Stockham scratch, length m
	st    stockham     // the convolution's transforms, m a power of two
}

// The circular convolution runs on the next power of two m ≥ 2n−1 with the radix-2 transform,
// rather than on the smallest 2^a·3^b·5^c with gonum's: up to twice the points, but faster per point
// by more than that (BENCHMARKS.md has n = 100003).
func (b *bluestein) reset(n int) {
	m := 1
	for m < 2*n-1 {
		m <<= 1
	}
	b.n, b.m = n, m
	b.w = growComplex(b.w, n)
	b.bspec = growComplex(b.bspec, m)
	b.a = growComplex(b.a, m)
	b.tmp = growComplex(b.tmp, m)
	b.st.reset(m)
	n2 := uint64(2 * n)
	for q := range b.w {
		r := uint64(q) * uint64(q) % n2 // exact for n < 2³¹
		s, c := math.Sincos(math.Pi * float64(r) / float64(n))
		b.w[q] = complex(c, -s)
	}
	clear(b.bspec)
	b.bspec[0] = cmplx.Conj(b.w[0])
	for q := 1; q < n; q++ {
		c := cmplx.Conj(b.w[q])
		b.bspec[q] = c
		b.bspec[m-q] = c
	}
	b.forward(b.bspec)
	inv := complex(1/float64(m), 0)
	for i := range b.bspec {
		b.bspec[i] *= inv
	}
}

// transform replaces b.a[:n] with its DFT; b.a[n:] is scratch.
func (b *bluestein) transform() {
	n := b.n
	a := b.a[:b.m]
	w := b.w[:n]
	for j, wj := range w {
		a[j] *= wj
	}
	clear(a[n:])
	b.forward(a)
	// The inverse transform as conj(forward(conj(·))), the conjugations folded into the product.
	bs := b.bspec[:len(a)]
	for i := range a {
		a[i] = conj(a[i] * bs[i])
	}
	b.forward(a)
	for k, wk := range w {
		a[k] = conj(a[k]) * wk
	}
}

// forward transforms x (length m) in place.
func (b *bluestein) forward(x []complex128) {
	if z := b.st.transform(x, b.tmp[:len(x)]); &z[0] != &x[0] {
		copy(x, z)
	}
}

func growComplex(s []complex128, n int) []complex128 {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]complex128, n)
}

// largestPrimeFactor returns the largest prime factor of n ≥ 1 (1 for n ≤ 1).
func largestPrimeFactor(n int) int {
	p := 1
	if n < 1 {
		return p
	}
	for _, f := range [...]int{2, 3, 5} {
		for n%f == 0 {
			n /= f
			p = f
		}
	}
	for f := 7; f*f <= n; f += 2 {
		for n%f == 0 {
			n /= f
			p = f
		}
	}
	if n > 1 {
		p = n
	}
	return p
}
