package filters

import (
	"math"
	"math/big"
	"math/cmplx"
	"sort"
)

// BesselNormalization says which frequency a Bessel filter's cutoff names, as SciPy's besselap norm.
// The zero value is BesselMag, the normalisation Bessel uses.
type BesselNormalization int

const (
	// BesselMag puts the −3 dB point of the magnitude response at the cutoff (SciPy norm="mag").
	BesselMag BesselNormalization = iota
	// BesselPhase puts the midpoint of the phase response at the cutoff; the magnitude asymptotes are
	// those of a Butterworth filter of the same order (SciPy norm="phase", SciPy's and MATLAB's default).
	BesselPhase
	// BesselDelay makes the low-pass group delay in the passband 1/(2π·cutoff) seconds: the cutoff is
	// the angular frequency 1/delay expressed in Hz (SciPy norm="delay").
	BesselDelay
)

// String returns SciPy's name of the normalisation ("mag", "phase", "delay").
func (n BesselNormalization) String() string {
	switch n {
	case BesselMag:
		return "mag"
	case BesselPhase:
		return "phase"
	case BesselDelay:
		return "delay"
	}
	return "BesselNormalization(?)"
}

// reverseBesselPoly returns the coefficients a_0 … a_n (lowest power first) of the reverse Bessel
// polynomial θ_n(s) = Σ a_k s^k, a_k = (2n−k)! / (2^(n−k)·k!·(n−k)!), each rounded once from the exact
// integer (A001498).
func reverseBesselPoly(n int) []float64 {
	a := make([]float64, n+1)
	for k := 0; k <= n; k++ {
		num := new(big.Int).MulRange(int64(n+1), int64(2*n-k)) // (2n−k)!/n!
		if 2*n-k < n+1 {
			num.SetInt64(1)
		}
		// (2n−k)!/((n−k)!·k!·2^(n−k)) = [(2n−k)!/n!]·[n!/((n−k)!·k!)] / 2^(n−k)
		num.Mul(num, new(big.Int).Binomial(int64(n), int64(k)))
		num.Rsh(num, uint(n-k)) // exact: the quotient is an integer
		a[k], _ = new(big.Float).SetInt(num).Float64()
	}
	return a
}

// polyEval returns θ(x) and θ'(x) for the coefficients c (lowest power first).
func besselPolyEval(c []float64, x complex128) (f, df complex128) {
	n := len(c) - 1
	f = complex(c[n], 0)
	for k := n - 1; k >= 0; k-- {
		df = df*x + f
		f = f*x + complex(c[k], 0)
	}
	return f, df
}

// besselRoots returns the n roots of the reverse Bessel polynomial θ_n — the poles of the
// delay-normalised Bessel filter — found by the Aberth–Ehrlich iteration, polished by Newton's method
// and made exactly conjugate-symmetric (the real root of an odd order has imaginary part 0).
func besselRoots(n int) []complex128 {
	c := reverseBesselPoly(n)
	// Start on a circle of the roots' geometric mean radius, at the Butterworth angles.
	r := math.Pow(c[0], 1/float64(n))
	x := make([]complex128, n)
	for i := range x {
		m := float64(-n + 1 + 2*i)
		x[i] = -complex(r, 0) * cmplx.Exp(complex(0, math.Pi*m/float64(2*n)))
	}
	for iter := 0; iter < 500; iter++ {
		done := true
		for i := range x {
			f, df := besselPolyEval(c, x[i])
			if f == 0 {
				continue
			}
			alpha := f / df
			var beta complex128
			for j := range x {
				if j != i {
					beta += 1 / (x[i] - x[j])
				}
			}
			step := alpha / (1 - alpha*beta)
			x[i] -= step
			if cmplx.Abs(step) > 1e-15*cmplx.Abs(x[i]) {
				done = false
			}
		}
		if done {
			break
		}
	}
	for i := range x {
		for range 3 {
			f, df := besselPolyEval(c, x[i])
			if f == 0 || df == 0 {
				break
			}
			x[i] -= f / df
		}
	}
	sort.Slice(x, func(i, j int) bool { return imag(x[i]) < imag(x[j]) })
	out := make([]complex128, n)
	for i := range x {
		out[i] = (x[i] + cmplx.Conj(x[n-1-i])) / 2
	}
	return out
}

// besselap is the analog Bessel low-pass prototype (SciPy besselap) with the given normalisation.
func besselap(n int, norm BesselNormalization) zpk {
	p := besselRoots(n)
	c := reverseBesselPoly(n)
	a0 := c[0] // θ_n(0) = (2n)!/(2^n·n!): unit DC gain with unit group delay
	switch norm {
	case BesselPhase:
		s := math.Pow(10, -math.Log10(a0)/float64(n))
		for i := range p {
			p[i] *= complex(s, 0)
		}
		return zpk{p: p, k: 1}
	case BesselMag:
		w := besselMagCutoff(p, a0)
		for i := range p {
			p[i] /= complex(w, 0)
		}
		return zpk{p: p, k: math.Pow(w, -float64(n)) * a0}
	}
	return zpk{p: p, k: a0}
}

// besselMagCutoff is the angular frequency w at which |k / Π(iw − p)| = 1/√2 (SciPy _norm_factor),
// found by Newton's method on log|Π(iw − p)|² − log 2k², safeguarded by bisection.
func besselMagCutoff(p []complex128, k float64) float64 {
	f := func(w float64) (v, dv float64) {
		for _, q := range p {
			re, im := -real(q), w-imag(q)
			m := re*re + im*im
			v += math.Log(m)
			dv += 2 * im / m
		}
		return v - math.Log(2*k*k), dv
	}
	lo, hi := 0.0, 1.0
	for v, _ := f(hi); v < 0; v, _ = f(hi) {
		lo, hi = hi, 2*hi
	}
	w := 1.5
	if w <= lo || w >= hi {
		w = (lo + hi) / 2
	}
	for range 100 {
		v, dv := f(w)
		if v == 0 {
			return w
		}
		if v < 0 {
			lo = w
		} else {
			hi = w
		}
		next := w - v/dv
		if !(next > lo && next < hi) {
			next = (lo + hi) / 2
		}
		if math.Abs(next-w) <= 2e-16*w {
			return next
		}
		w = next
	}
	return w
}
