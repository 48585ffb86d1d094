package biquad

import (
	"fmt"
	"math"
)

// step runs the sample x through the section c (b0 b1 b2 a0 a1 a2, a0 = 1) from its states z0, z1
// and returns the output and the new states: transposed direct form II in SciPy's sosfilt order of
// operations,
//
//	y  = b0·x + z0
//	z0 = (b1·x − a1·y) + z1
//	z1 = b2·x − a2·y
//
// It is the package's one statement of the recursion: the reference (Ref), the scalar kernel and the
// corrections of the long-channel method all run it, and the assembly kernels (asmgen) do its
// operations in its order. Each product is rounded on its own (the explicit conversions forbid the
// compiler to fuse it into the add, as Go does on arm64 and with GOAMD64=v3), so that every path gives
// the same bits on every platform, and SciPy's (numpy does not fuse).
func step(c *[6]float64, z0, z1, x float64) (y, n0, n1 float64) {
	y = float64(c[0]*x) + z0
	n0 = float64(float64(c[1]*x)-float64(c[4]*y)) + z1
	n1 = float64(c[2]*x) - float64(c[5]*y)
	return y, n0, n1
}

// Ref is the reference cascade, the plain statement every kernel is tested against: it runs x through
// the sections sos into dst, sample by sample and section by section, from the states z (one pair
// per section), which it updates. dst may be x.
func Ref(sos [][6]float64, z [][2]float64, dst, x []float64) {
	dst = dst[:len(x)]
	z = z[:len(sos)]
	for i, v := range x {
		for k := range sos {
			v, z[k][0], z[k][1] = step(&sos[k], z[k][0], z[k][1], v)
		}
		dst[i] = v
	}
}

// FiltFiltRef is the reference zero-phase filter, SciPy's sosfiltfilt stated plainly: x extended at
// each end by an odd reflection of edge = min(pad, len(x)−1) samples, Ref forward from zi scaled by
// the first sample, the result reversed and run again from zi scaled by its first sample, reversed
// back, and the extensions cut off.
func FiltFiltRef(sos [][6]float64, zi [][2]float64, pad int, x []float64) []float64 {
	n := len(x)
	if n == 0 {
		return []float64{}
	}
	edge := min(pad, n-1)
	ext := make([]float64, 0, n+2*edge)
	for i := edge; i >= 1; i-- {
		ext = append(ext, 2*x[0]-x[i])
	}
	ext = append(ext, x...)
	for i := 1; i <= edge; i++ {
		ext = append(ext, 2*x[n-1]-x[n-1-i])
	}
	z := make([][2]float64, len(sos))
	for range 2 {
		for k := range z {
			z[k] = [2]float64{zi[k][0] * ext[0], zi[k][1] * ext[0]}
		}
		Ref(sos, z, ext, ext)
		for i, j := 0, len(ext)-1; i < j; i, j = i+1, j-1 {
			ext[i], ext[j] = ext[j], ext[i]
		}
	}
	return ext[edge : edge+n]
}

// Check reports whether sos is a cascade the package can run: every row with a0 == 1 and finite
// coefficients, and a steady state for a step (no pole at z = 1, where lfilter_zi's system is
// singular).
func Check(sos [][6]float64) error {
	for k := range sos {
		c := &sos[k]
		for _, v := range c {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("section %d has a coefficient that is not finite: %v", k, *c)
			}
		}
		if c[3] != 1 {
			return fmt.Errorf("section %d has a0 = %v, not 1 (divide its row by a0)", k, c[3])
		}
		zi := lfilterZI(c)
		if math.IsNaN(zi[0]) || math.IsInf(zi[0], 0) || math.IsNaN(zi[1]) || math.IsInf(zi[1], 0) {
			return fmt.Errorf("section %d has a pole at z = 1 (1 + a1 + a2 = 0): it has no steady state", k)
		}
	}
	return nil
}

// ZI writes into dst (one pair per section) the states that put the cascade in the steady state of a
// unit step, SciPy's sosfilt_zi: each section's lfilter_zi scaled by the DC gain of the sections
// before it.
func ZI(sos [][6]float64, dst [][2]float64) {
	dst = dst[:len(sos)]
	scale := 1.0
	for k := range sos {
		c := &sos[k]
		zi := lfilterZI(c)
		dst[k] = [2]float64{scale * zi[0], scale * zi[1]}
		scale *= ((c[0] + c[1]) + c[2]) / ((c[3] + c[4]) + c[5])
	}
}

// lfilterZI is SciPy's lfilter_zi for one section (a0 == 1): the state z with which the section's step
// response starts in its steady state, the solution of (I − Aᵀ)·z = b[1:] − a[1:]·b0. The 2×2 system
// is solved as LAPACK's LU with partial pivoting would, so the rounding follows SciPy's.
func lfilterZI(c *[6]float64) [2]float64 {
	// I − companion(a)ᵀ = [[1 + a1, −1], [a2, 1]]
	m00, m01, m10, m11 := 1+c[4], -1.0, c[5], 1.0
	r0, r1 := c[1]-c[4]*c[0], c[2]-c[5]*c[0]
	if math.Abs(m10) > math.Abs(m00) {
		m00, m01, m10, m11 = m10, m11, m00, m01
		r0, r1 = r1, r0
	}
	l := m10 * (1 / m00)
	u11 := m11 - l*m01
	y1 := r1 - l*r0
	x1 := y1 / u11
	x0 := (r0 - m01*x1) / m00
	return [2]float64{x0, x1}
}

// PadLen is SciPy's sosfiltfilt default padlen: 3·(2·len(sos) + 1 − min(#sections with b2 = 0,
// #sections with a2 = 0)).
func PadLen(sos [][6]float64) int {
	nb, na := 0, 0
	for _, c := range sos {
		if c[2] == 0 {
			nb++
		}
		if c[5] == 0 {
			na++
		}
	}
	return 3 * (2*len(sos) + 1 - min(nb, na))
}
