package ncs

import "math"

// localPeak refines the extremum at sample m of z (dir −1 for a minimum, +1 for a maximum), searched
// within [lo, hi): a cubic is fitted to the samples around m that lie within peakDepth of the
// extreme sample's value, at least 3 on each side, and its extremum is returned as a fractional index
// and value. The cubic follows the asymmetry of a CMAP's peak, which biases a parabola's vertex.
func localPeak(z []float64, m, lo, hi int, dir float64) (idx, val float64) {
	const peakDepth = 0.1
	ref := dir * z[m]
	lim := ref * (1 - peakDepth)
	l, r := m, m
	for l-1 >= lo && dir*z[l-1] >= lim && m-l < 200 {
		l--
	}
	for r+1 < hi && dir*z[r+1] >= lim && r-m < 200 {
		r++
	}
	l = max(min(l, m-3), lo)
	r = min(max(r, m+3), hi-1)
	k := r - l + 1
	if k < 5 {
		return float64(m), z[m]
	}
	deg := 3
	if k < 7 {
		deg = 2
	}
	var c [6]float64
	if !polyFit(c[:deg+1], z[l:r+1], float64(m-l)) {
		return float64(m), z[m]
	}
	// Extremum: root of the derivative c1 + 2c2·u + 3c3·u² nearest to u = 0 within the window.
	ul, ur := float64(l-m), float64(r-m)
	best, bestV := 0.0, c[0]
	try := func(u float64) {
		if u < ul || u > ur || math.IsNaN(u) {
			return
		}
		v := c[0] + u*(c[1]+u*(c[2]+u*c[3]))
		if dir*v > dir*bestV {
			best, bestV = u, v
		}
	}
	if deg == 2 || math.Abs(c[3]) < 1e-12*math.Abs(c[2]) {
		if c[2] != 0 {
			try(-c[1] / (2 * c[2]))
		}
	} else {
		disc := 4*c[2]*c[2] - 12*c[3]*c[1]
		if disc >= 0 {
			sq := math.Sqrt(disc)
			try((-2*c[2] + sq) / (6 * c[3]))
			try((-2*c[2] - sq) / (6 * c[3]))
		}
	}
	if bestV == c[0] && best == 0 && dir*c[0] < ref {
		return float64(m), z[m]
	}
	return float64(m) + best, bestV
}

// polyFit fits y[i] ≈ Σ c[j]·(i − center)^j by least squares (degree len(c)−1 ≤ 5).
func polyFit(c, y []float64, center float64) bool {
	nc := len(c)
	var m [6][6]float64
	var v [6]float64
	for i, yi := range y {
		u := float64(i) - center
		var p [11]float64
		p[0] = 1
		for j := 1; j < 2*nc-1; j++ {
			p[j] = p[j-1] * u
		}
		for j := range nc {
			v[j] += p[j] * yi
			for k := 0; k <= j; k++ {
				m[j][k] += p[j+k]
			}
		}
	}
	return cholSolve(&m, v[:nc], c, nc)
}

// takeoff estimates the onset of the CMAP whose negative peak is at sample m with amplitude amp: the
// first time the noise-free CMAP departs from baseline by frac·amp.
//
// The take-off is fitted, not read off a noisy threshold crossing: on the samples from the baseline
// before the CMAP (preSamples before a first estimate of its start) up to where the CMAP reaches
// level·amp, the model is zero before a knot t₀ and −(b·u + c·u²) after it (u = t − t₀, b ≥ 0): the
// physiology of the rise, motor units each starting with a linear ramp and recruited ever faster, is
// a curve that leaves zero with a kink and bends downwards. For each t₀ the fit is linear in b, c,
// so t₀ is found by a search over its profile sum of squares. The onset is where the fitted curve
// reaches frac·amp — a level below the noise on a small CMAP is reached by the fit's extrapolation.
// It returns the onset as a fractional sample index.
//
// The first estimate of the start walks back from the peak until the CMAP is within
// max(frac·amp, 2·noise, startFrac·amp) of baseline; startFrac > 0 keeps a small residual offset
// (an F-wave on what remains of the M response) from carrying the walk far back.
func takeoff(z []float64, m, lo int, amp, frac, level, preSamples, noise, startFrac float64) (float64, bool) {
	hiLevel := level * amp
	// Window end: the first sample (walking back from the peak) above −hiLevel, plus one.
	e := m
	for e > lo && z[e] < -hiLevel {
		e--
	}
	e = min(e+1, m)
	// First estimate of the start: walking on back until the CMAP is within the noise.
	floor := max(frac*amp, 2*noise, startFrac*amp)
	s := e
	for s > lo && z[s] < -floor {
		s--
	}
	// A steep CMAP crosses the level within a sample or two: too few samples on the rise to place
	// a knot, a slope and a bend. Then the bend is dropped (a straight take-off from the knot) and
	// the window reaches three samples past the start.
	linear := e-s < 3
	if linear {
		e = max(e, min(s+3, m-1))
	}
	w0 := max(lo, s-int(math.Ceil(preSamples)))
	if e-w0 < 4 {
		return math.NaN(), false
	}
	y := z[w0 : e+1]
	// Profile over the knot position k (fractional index into y), on a grid of quarter samples, then
	// golden-section refinement around the best grid point.
	sse := func(k float64) (float64, float64, float64) { return hingeFit(y, k, linear) }
	kmax := float64(len(y) - 2)
	best, bestS := 0.0, math.Inf(1)
	for k := 0.0; k <= kmax; k += 0.25 {
		if v, _, _ := sse(k); v < bestS {
			best, bestS = k, v
		}
	}
	a, b := max(best-0.25, 0), min(best+0.25, kmax)
	const g = 0.6180339887498949
	x1, x2 := b-g*(b-a), a+g*(b-a)
	f1, _, _ := sse(x1)
	f2, _, _ := sse(x2)
	for range 30 {
		if f1 < f2 {
			b, x2, f2 = x2, x1, f1
			x1 = b - g*(b-a)
			f1, _, _ = sse(x1)
		} else {
			a, x1, f1 = x1, x2, f2
			x2 = a + g*(b-a)
			f2, _, _ = sse(x2)
		}
	}
	k := (a + b) / 2
	if v, _, _ := sse(k); v > bestS {
		k = best
	}
	_, cb, cc := sse(k)
	// Solve cb·u + cc·u² = frac·amp for the smallest u > 0.
	target := frac * amp
	var u float64
	switch {
	case cc == 0:
		if cb <= 0 {
			return math.NaN(), false
		}
		u = target / cb
	default:
		disc := cb*cb + 4*cc*target
		if disc < 0 {
			return math.NaN(), false
		}
		u = 2 * target / (cb + math.Sqrt(disc))
	}
	if !(u >= 0) || math.IsInf(u, 0) {
		return math.NaN(), false
	}
	return float64(w0) + k + u, true
}

// hingeFit fits y ≈ 0 before the knot k (fractional index) and −(b·u + c·u²) after it, u = i − k,
// b ≥ 0 (c = 0 when linear), and returns the sum of squared residuals with b and c.
func hingeFit(y []float64, k float64, linear bool) (sse, b, c float64) {
	var syy, s2, s3, s4, sy1, sy2 float64
	for i, v := range y {
		syy += v * v
		u := float64(i) - k
		if u <= 0 {
			continue
		}
		u2 := u * u
		s2 += u2
		s3 += u2 * u
		s4 += u2 * u2
		sy1 -= v * u
		sy2 -= v * u2
	}
	if s4 == 0 {
		return syy, 0, 0
	}
	if linear {
		b = max(sy1/s2, 0)
		return syy - b*sy1, b, 0
	}
	det := s2*s4 - s3*s3
	if det > 1e-12*s2*s4 {
		b = (s4*sy1 - s3*sy2) / det
		c = (s2*sy2 - s3*sy1) / det
		if b >= 0 {
			return syy - (b*sy1 + c*sy2), b, c
		}
	}
	c = sy2 / s4
	return syy - c*sy2, 0, c
}
