package patch

import (
	"math"
)

// localPeak estimates the extreme of a response from a local polynomial
// fit rather than from its single most extreme sample, whose value is
// biased outwards by the noise (the largest of several noisy samples) and
// whose time jumps by whole samples.
//
// y is the baseline-subtracted current, sign the response's sign (−1
// inward), i0 the extreme of a lightly smoothed copy ys and [lo, hi) the
// samples it may use. The fit window holds the samples around i0 whose
// smoothed value is within depth of the top — a depth of 2 % of the
// amplitude, so that a cubic describes the top of the response (rising
// edge and start of the decay) to well under the noise, but at least 3 SD
// of the noise so that a flat or small response is averaged over its whole
// top — and at least 7 samples; a dip below that level shorter than gap
// samples (noise on a flat top) does not end the window. A cubic is fitted
// by least squares (time centred and scaled, so the normal equations stay
// well conditioned) and its extreme inside the window is the peak. On a
// flat, noisy top the smoothed extreme the window started from is itself
// biased outwards; when the fitted peak lies more than half the depth
// below it, the window is chosen again around the fitted peak. It returns
// the signed peak value, its index position (fractional) and whether the
// extreme lies at the window's edge (the polynomial kept rising: the true
// top may lie outside).
func localPeak(y, ys []float64, sign float64, i0, lo, hi int, sd float64, gap int) (peak, pos float64, atEdge bool) {
	top := ys[i0] * sign
	peak, pos, atEdge, ok := cubicTop(y, ys, sign, i0, lo, hi, top, math.Max(0.02*top, 3*sd), gap)
	if !ok {
		return y[i0], float64(i0), true
	}
	if d := math.Max(0.02*top, 3*sd); top-peak*sign > d/2 {
		i1 := min(max(int(math.Round(pos)), lo), hi-1)
		top = peak * sign
		if p2, pos2, e2, ok := cubicTop(y, ys, sign, i1, lo, hi, top, math.Max(0.02*top, 3*sd), gap); ok {
			peak, pos, atEdge = p2, pos2, e2
		}
	}
	return peak, pos, atEdge
}

// cubicTop fits the cubic over the window around i0 within depth of top
// (see localPeak) and returns its extreme.
func cubicTop(y, ys []float64, sign float64, i0, lo, hi int, top, depth float64, gap int) (peak, pos float64, atEdge, ok bool) {
	level := top - depth
	a, b := i0, i0+1
	for k := a - 1; k >= lo && a-k <= gap; k-- {
		if ys[k]*sign >= level {
			a = k
		}
	}
	for k := b; k < hi && k-(b-1) <= gap; k++ {
		if ys[k]*sign >= level {
			b = k + 1
		}
	}
	for b-a < 7 && (a > lo || b < hi) {
		if a > lo {
			a--
		}
		if b < hi && b-a < 7 {
			b++
		}
	}
	if b-a < 4 {
		return 0, 0, false, false
	}
	c := 0.5 * float64(a+b-1)
	h := math.Max(0.5*float64(b-1-a), 1)
	x0 := float64(a) - c
	p, okFit := polyFit(y[a:b], 3, func(k int) float64 { return (x0 + float64(k)) / h })
	if !okFit {
		return 0, 0, false, false
	}
	// Extreme of sign·p on [−1, 1] (x = (i − c)/h): the ends and the roots
	// of p′ = p1 + 2p2·x + 3p3·x² inside.
	best, bx := math.Inf(-1), 0.0
	try := func(x float64) {
		if x < -1 || x > 1 {
			return
		}
		if v := sign * polyEval3(p, x); v > best {
			best, bx = v, x
		}
	}
	try(-1)
	try(1)
	if q := 3 * p[3]; math.Abs(q) > 1e-12*math.Abs(p[1])+1e-300 {
		disc := 4*p[2]*p[2] - 4*q*p[1]
		if disc >= 0 {
			r := math.Sqrt(disc)
			for _, x := range []float64{(-2*p[2] - r) / (2 * q), (-2*p[2] + r) / (2 * q)} {
				if sign*(2*p[2]+6*p[3]*x) < 0 { // a maximum of sign·p
					try(x)
				}
			}
		}
	} else if p[2] != 0 && sign*p[2] < 0 {
		try(-p[1] / (2 * p[2]))
	}
	return sign * best, c + bx*h, bx <= -1 || bx >= 1, true
}

// polyFit fits y[k] ≈ Σ_{j ≤ deg} p_j·x(k)^j (deg ≤ 3) by least squares:
// the normal equations on an abscissa the caller scales to |x| ≲ 1, solved
// by Cholesky (solve4, the unused coefficients held at 0 by identity rows).
// It is the one polynomial fit of the package: the peak's local cubic and
// the I–V curve's fit around the reversal.
func polyFit(y []float64, deg int, x func(k int) float64) ([4]float64, bool) {
	var g [4][4]float64
	var r [4]float64
	for k, v := range y {
		xk := x(k)
		pw := [4]float64{1, xk, xk * xk, xk * xk * xk}
		for i := 0; i <= deg; i++ {
			r[i] += pw[i] * v
			for j := i; j <= deg; j++ {
				g[i][j] += pw[i] * pw[j]
			}
		}
	}
	for i := 0; i < 4; i++ {
		for j := 0; j < i; j++ {
			g[i][j] = g[j][i]
		}
	}
	for i := deg + 1; i < 4; i++ {
		g[i][i] = 1
	}
	return solve4(g, r)
}

// solve4 solves the symmetric positive definite 4×4 system g·p = r by
// Cholesky.
func solve4(g [4][4]float64, r [4]float64) ([4]float64, bool) {
	var l [4][4]float64
	for i := 0; i < 4; i++ {
		for j := 0; j <= i; j++ {
			s := g[i][j]
			for k := 0; k < j; k++ {
				s -= l[i][k] * l[j][k]
			}
			if i == j {
				if !(s > 1e-12*g[i][i]) {
					return [4]float64{}, false
				}
				l[i][i] = math.Sqrt(s)
			} else {
				l[i][j] = s / l[j][j]
			}
		}
	}
	var z, p [4]float64
	for i := 0; i < 4; i++ {
		s := r[i]
		for k := 0; k < i; k++ {
			s -= l[i][k] * z[k]
		}
		z[i] = s / l[i][i]
	}
	for i := 3; i >= 0; i-- {
		s := z[i]
		for k := i + 1; k < 4; k++ {
			s -= l[k][i] * p[k]
		}
		p[i] = s / l[i][i]
	}
	return p, true
}

func polyEval3(p [4]float64, x float64) float64 {
	return p[0] + x*(p[1]+x*(p[2]+x*p[3]))
}
