package filters

import "math"

// radix2 is the real FFT for lengths n = 2^k ≥ 8, the lengths of Welch segments and of FIR's
// overlap-add blocks. The n real samples are packed into m = n/2 complex ones, z[j] = x[2j] +
// i·x[2j+1], transformed by a radix-2 Stockham FFT (no bit reversal: each stage reads one buffer
// and writes the other), and split into the spectrum of x:
//
//	X[k] = E[k] + w^k·O[k],  E[k] = (Z[k] + conj(Z[m−k]))/2,  O[k] = (Z[k] − conj(Z[m−k]))/(2i),
//
// w = exp(−2πi/n), E and O the transforms of the even and odd samples. The inverse runs the same
// steps backward. It is several times faster than gonum's FFTPACK port (BenchmarkFFT, figures in
// BENCHMARKS.md), which spends much of its time in index helpers, and as accurate (TestFFT…).
type radix2 struct {
	n    int
	st   stockham
	rw   []complex128 // exp(−2πi·k/n), k < m: the split's twiddles
	a, b []complex128 // m each: the packed samples and the Stockham scratch
}

func (r *radix2) reset(n int) {
	m := n / 2
	r.n = n
	r.st.reset(m)
	r.rw = growComplex(r.rw, m)
	for k := range r.rw {
		s, c := math.Sincos(-2 * math.Pi * float64(k) / float64(n))
		r.rw[k] = complex(c, s)
	}
	r.a = growComplex(r.a, m)
	r.b = growComplex(r.b, m)
}

// stockham is the complex radix-2 Stockham FFT for one power-of-two length m.
type stockham struct {
	tw []complex128 // exp(−2πi·k/m), k < m/2
}

func (st *stockham) reset(m int) {
	st.tw = growComplex(st.tw, m/2)
	for k := range st.tw {
		s, c := math.Sincos(-2 * math.Pi * float64(k) / float64(m))
		st.tw[k] = complex(c, s)
	}
}

// transform transforms x forward, X[k] = Σ_j x[j]·exp(−2πi·jk/m), m = len(x) the plan's length,
// with y (of the same length) as scratch, and returns the one of the two that holds the result.
func (st *stockham) transform(x, y []complex128) []complex128 {
	m := len(x)
	tw := st.tw
	// Stage with sub-transforms of length l at stride s (l·s = m): for p < l/2 and q < s,
	// a = x[q + s·p], b = x[q + s·(p + l/2)] give y[q + s·2p] = a + b and
	// y[q + s·(2p+1)] = (a − b)·exp(−2πi·p/l), the twiddle tw[p·s].
	for l, s := m, 1; l > 1; l, s = l/2, s*2 {
		h := l / 2
		switch s {
		case 1:
			xa, xb, yy := x[:h], x[h:2*h], y[:2*h]
			for p := range xa {
				a, b := xa[p], xb[p]
				yy[2*p] = a + b
				yy[2*p+1] = (a - b) * tw[p]
			}
		case 2:
			xa, xb, yy := x[:2*h], x[2*h:4*h], y[:4*h]
			for p := 0; p < h; p++ {
				w := tw[2*p]
				a0, a1, b0, b1 := xa[2*p], xa[2*p+1], xb[2*p], xb[2*p+1]
				yy[4*p] = a0 + b0
				yy[4*p+1] = a1 + b1
				yy[4*p+2] = (a0 - b0) * w
				yy[4*p+3] = (a1 - b1) * w
			}
		default:
			for p := 0; p < h; p++ {
				w := tw[p*s]
				xa := x[s*p : s*p+s]
				xb := x[s*(p+h) : s*(p+h)+s]
				ya := y[2*s*p : 2*s*p+s]
				yb := y[2*s*p+s : 2*s*p+2*s]
				yb = yb[:len(xa)]
				xb = xb[:len(xa)]
				ya = ya[:len(xa)]
				for q, a := range xa {
					b := xb[q]
					ya[q] = a + b
					yb[q] = (a - b) * w
				}
			}
		}
		x, y = y, x
	}
	return x
}

// coefficients computes dst[k] = Σ_j x[j]·exp(−2πi·jk/n), k = 0 … n/2.
func (r *radix2) coefficients(dst []complex128, x []float64) {
	m := r.n / 2
	a := r.a[:m]
	x = x[:2*m]
	for j := range a {
		a[j] = complex(x[2*j], x[2*j+1])
	}
	z := r.st.transform(a, r.b[:m])
	z0 := z[0]
	dst[0] = complex(real(z0)+imag(z0), 0)
	dst[m] = complex(real(z0)-imag(z0), 0)
	rw := r.rw[:m]
	dst = dst[:m+1]
	for k := 1; k < m; k++ {
		zk, zc := z[k], conj(z[m-k])
		e := (zk + zc) * 0.5
		o := (zk - zc) * complex(0, -0.5)
		dst[k] = e + rw[k]*o
	}
}

// sequence computes dst[j] = Re Σ_k c[k]·exp(+2πi·jk/n) over the Hermitian extension of coeff
// (k = 0 … n−1), the imaginary parts of coeff[0] and coeff[n/2] ignored: coefficients backward,
// unnormalized.
func (r *radix2) sequence(dst []float64, coeff []complex128) {
	m := r.n / 2
	a := r.a[:m]
	coeff = coeff[:m+1]
	rw := r.rw[:m]
	// Z[k] = (X[k] + conj(X[m−k])) + i·exp(+2πi·k/n)·(X[k] − conj(X[m−k])) is twice the transform
	// of the packed samples; it is conjugated here so that the forward transform runs the inverse.
	x0, xm := real(coeff[0]), real(coeff[m])
	a[0] = conj(complex(x0+xm, 0) + complex(0, 1)*complex(x0-xm, 0))
	for k := 1; k < m; k++ {
		xk, xc := coeff[k], conj(coeff[m-k])
		a[k] = conj((xk + xc) + complex(0, 1)*conj(rw[k])*(xk-xc))
	}
	z := r.st.transform(a, r.b[:m])
	dst = dst[:2*m]
	for j, v := range z {
		dst[2*j] = real(v)
		dst[2*j+1] = -imag(v)
	}
}

func conj(z complex128) complex128 { return complex(real(z), -imag(z)) }
