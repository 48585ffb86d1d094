package filters

import (
	"fmt"
	"math"
	"math/cmplx"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	dspfft "github.com/mjibson/go-dsp/fft"
	"gonum.org/v1/gonum/dsp/fourier"
)

// benchInput is deterministic noise in [−0.5, 0.5) (xorshift64).
func benchInput(n int) []float64 {
	x := make([]float64, n)
	s := uint64(0x9E3779B97F4A7C15)
	for i := range x {
		s ^= s << 13
		s ^= s >> 7
		s ^= s << 17
		x[i] = float64(s>>11)*0x1p-53 - 0.5
	}
	return x
}

// naiveDFT is the reference: X[k] = Σ_j x[j]·exp(−2πi·j·k/n), k ≤ n/2, with
// the angle reduced exactly (j·k mod n) so it is accurate to a few ulps per
// term.
func naiveDFT(x []float64) []complex128 {
	n := len(x)
	out := make([]complex128, n/2+1)
	for k := range out {
		var s complex128
		for j, v := range x {
			r := (j * k) % n
			s += complex(v, 0) * cmplx.Exp(complex(0, -2*math.Pi*float64(r)/float64(n)))
		}
		out[k] = s
	}
	return out
}

// maxRelDiff is max |a−b| / max |b| over complex slices.
func maxRelDiff(a, b []complex128) float64 {
	var e, m float64
	for i := range b {
		e = math.Max(e, cmplx.Abs(a[i]-b[i]))
		m = math.Max(m, cmplx.Abs(b[i]))
	}
	return e / m
}

// fftTol: FFT rounding grows like eps·log n and the naive DFT's like eps·√n
// (random-walk accumulation of n terms); for n ≤ 5000, 1e-12 of the largest
// coefficient is a few hundred times both.
const fftTol = 1e-12

func TestFFTAgainstNaiveDFT(t *testing.T) {
	// 257, 1021 and 2·1013 have a prime factor ≥ 200 (Bluestein); 8, 64 and 4096 take the radix-2
	// path; the rest are gonum's.
	for _, n := range []int{1, 2, 3, 4, 5, 7, 8, 12, 17, 30, 64, 100, 127, 257, 1000, 1021, 2026, 4096} {
		x := benchInput(n)
		want := naiveDFT(x)
		// The plan's own choice, then Bluestein forced. (gonum's generic pass
		// for a large prime p is less accurate, ≈ p·eps: 4e-12 at n = 1021,
		// one more reason the plan leaves such lengths to Bluestein.)
		for _, blue := range []bool{largestPrimeFactor(n) >= bluesteinMinPrime, true} {
			var f FFT
			f.reset(n, blue)
			got := f.Coefficients(nil, x)
			if e := maxRelDiff(got, want); e > fftTol {
				t.Errorf("n=%d bluestein=%v: rel err %.3g > %g", n, blue, e, fftTol)
			}
			// Sequence inverts Coefficients up to the factor n.
			back := f.Sequence(nil, got)
			for i := range back {
				back[i] /= float64(n)
			}
			if e := peakRelErr(back, x); e > fftTol {
				t.Errorf("n=%d bluestein=%v: round trip rel err %.3g > %g", n, blue, e, fftTol)
			}
		}
		if blue := NewFFT(n).onBlue; blue != (largestPrimeFactor(n) >= bluesteinMinPrime) {
			t.Errorf("n=%d: Bluestein path %v", n, blue)
		}
	}
}

func TestFFTAgainstGoDSP(t *testing.T) {
	for _, n := range []int{8, 100, 1024, 1021, 100003} {
		if n > 46340 && math.MaxInt == math.MaxInt32 {
			// go-dsp's Bluestein overflows a 32-bit int past √2³¹ points: on 386 its n = 100003
			// transform is off by 0.38 of the largest coefficient against a DFT (ours 6e-15).
			continue
		}
		x := benchInput(n)
		want := dspfft.FFTReal(x)[:n/2+1]
		got := NewFFT(n).Coefficients(nil, x)
		// go-dsp itself is off by up to 1e-11 of the largest coefficient at
		// n = 100003 (measured against a compensated DFT at every 997th bin;
		// ours 1.4e-15), so the cross-check allows 1e-10.
		var m float64
		for _, c := range want {
			m = math.Max(m, cmplx.Abs(c))
		}
		approx := cmpopts.EquateApprox(0, 1e-10*m)
		cmpC := cmp.Comparer(func(a, b complex128) bool {
			return cmp.Equal(real(a), real(b), approx) && cmp.Equal(imag(a), imag(b), approx)
		})
		if d := cmp.Diff(want, got, cmpC); d != "" {
			t.Errorf("n=%d: FFT differs from go-dsp (-go-dsp +ours):\n%.2000s", n, d)
		}
	}
}

func TestFFTImaginaryPartsIgnored(t *testing.T) {
	// Sequence ignores Im c[0] and, for even n, Im c[n/2], as gonum does.
	for _, n := range []int{8, 9, 1022, 1021} {
		x := benchInput(n)
		f := NewFFT(n)
		c := f.Coefficients(nil, x)
		want := f.Sequence(nil, c)
		c[0] += 5i
		if n%2 == 0 {
			c[n/2] -= 3i
		}
		if e := peakRelErr(f.Sequence(nil, c), want); e > fftTol {
			t.Errorf("n=%d: imaginary parts changed Sequence by %.3g", n, e)
		}
	}
}

func TestFFTPanics(t *testing.T) {
	f := NewFFT(8)
	for name, fn := range map[string]func(){
		"zero length":    func() { NewFFT(0) },
		"input length":   func() { f.Coefficients(nil, make([]float64, 7)) },
		"dst length":     func() { f.Coefficients(make([]complex128, 4), make([]float64, 8)) },
		"coeff length":   func() { f.Sequence(nil, make([]complex128, 4)) },
		"seq dst length": func() { f.Sequence(make([]float64, 5), make([]complex128, 5)) },
	} {
		if !panics(fn) {
			t.Errorf("%s: no panic", name)
		}
	}
}

func TestFFTNoAllocs(t *testing.T) {
	for _, n := range []int{1024, 1021} {
		f := NewFFT(n)
		x := benchInput(n)
		c := make([]complex128, n/2+1)
		y := make([]float64, n)
		if a := testing.AllocsPerRun(10, func() { f.Coefficients(c, x); f.Sequence(y, c) }); a != 0 {
			t.Errorf("n=%d: %v allocations per transform pair", n, a)
		}
	}
}

func panics(f func()) (p bool) {
	defer func() { p = recover() != nil }()
	f()
	return false
}

// BenchmarkFFTPrimeFactor runs both paths on n = 64·p; it sets
// bluesteinMinPrime (gonum's generic pass costs O(n·p)).
func BenchmarkFFTPrimeFactor(b *testing.B) {
	for _, p := range []int{61, 97, 127, 167, 251, 509} {
		n := 64 * p
		x := benchInput(n)
		dst := make([]complex128, n/2+1)
		for _, blue := range []bool{false, true} {
			name := "gonum"
			if blue {
				name = "bluestein"
			}
			b.Run(fmt.Sprintf("p=%d/%s", p, name), func(b *testing.B) {
				var f FFT
				f.reset(n, blue)
				b.ReportAllocs()
				for b.Loop() {
					f.Coefficients(dst, x)
				}
			})
		}
	}
}

// BenchmarkFFT: the plan beside go-dsp (which allocates) and, at small sizes,
// the naive DFT.
func BenchmarkFFT(b *testing.B) {
	for _, n := range []int{256, 1021, 4096, 65536, 100003} {
		x := benchInput(n)
		dst := make([]complex128, n/2+1)
		b.Run(fmt.Sprintf("n=%d/plan", n), func(b *testing.B) {
			f := NewFFT(n)
			b.SetBytes(int64(8 * n))
			b.ReportAllocs()
			for b.Loop() {
				f.Coefficients(dst, x)
			}
		})
		b.Run(fmt.Sprintf("n=%d/go-dsp", n), func(b *testing.B) {
			b.SetBytes(int64(8 * n))
			b.ReportAllocs()
			for b.Loop() {
				dspfft.FFTReal(x)
			}
		})
		if n <= 1021 {
			b.Run(fmt.Sprintf("n=%d/naive", n), func(b *testing.B) {
				b.SetBytes(int64(8 * n))
				b.ReportAllocs()
				for b.Loop() {
					naiveDFT(x)
				}
			})
		}
	}
}

// The radix-2 path for powers of two agrees with gonum's FFTPACK transform, forward and backward, at
// every size from 8 to 2^16. Both round like eps·log₂ n (measured against the naive DFT up to 2^14:
// ours 2e-16 … 8.2e-15 of the largest coefficient, gonum's 2e-16 … 8.5e-15), so 1e-14 of the largest
// coefficient bounds their difference with room to spare.
func TestFFTRadix2AgainstGonum(t *testing.T) {
	for n := 8; n <= 1<<16; n *= 2 {
		f := NewFFT(n)
		if !f.onR2 {
			t.Fatalf("n=%d: not on the radix-2 path", n)
		}
		x := benchInput(n)
		g := fourier.NewFFT(n)
		want := g.Coefficients(nil, x)
		got := f.Coefficients(nil, x)
		if e := maxRelDiff(got, want); e > 1e-14 {
			t.Errorf("n=%d: coefficients differ from gonum's by %.3g of the largest", n, e)
		}
		// A spectrum with imaginary parts at 0 and n/2, which Sequence must ignore, as gonum does.
		want[0] += 3i
		want[n/2] -= 2i
		ws := g.Sequence(nil, want)
		gs := f.Sequence(nil, want)
		if e := peakRelErr(gs, ws); e > 1e-14 {
			t.Errorf("n=%d: sequence differs from gonum's by %.3g of the peak", n, e)
		}
	}
}
