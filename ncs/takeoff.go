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
	// The fit reaches only as high as it must: a few noise SDs above the onset level, at least three
	// times it, at most level·amp. Where the onset level stands clear of the noise the fit stays on the
	// foot of the CMAP, the sparse earliest units, which a curve fitted higher up would miss; where
	// the noise hides it, the fit takes the rise up to level·amp and extrapolates.
	hiLevel := min(max(3*frac*amp, frac*amp+8*noise), level*amp)
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
	// A steep CMAP crosses the level within a sample or two: the knot and two coefficients need
	// three samples on the rise, so the window reaches at least three past the start (short of the
	// peak).
	e = max(e, min(s+3, m-1))
	rise := e - s
	w0 := max(lo, s-int(math.Ceil(preSamples)))
	if e-w0 < 4 || rise < 2 { // a fit of degree ≥ 1 needs two samples on the rise
		return math.NaN(), false
	}
	y := z[w0 : e+1]
	// The take-off's polynomial: straight only when the rise has too few samples for more; else a
	// bend (quadratic), or where the onset level stands clear of the noise and the fit interpolates
	// rather than extrapolates, a bend that may change (cubic: the sparse foot of a normal
	// distribution of velocities), chosen by the Bayesian information criterion. A straight
	// take-off fitted to more is biased late: a single unit's ramp bends away from it at once
	// (m ≈ e·x·(1 − 1.5x)), and the recruitment of further units bends it the other way.
	maxDeg := 2
	if frac*amp >= 4*noise {
		maxDeg = 3 // the onset level stands clear of the noise: the fit interpolates, not extrapolates
	}
	maxDeg = min(maxDeg, rise-1)
	if maxDeg < 1 {
		return math.NaN(), false
	}
	minDeg := min(2, maxDeg)
	// The knot lies at or before the sample after the first estimate of the start: every sample
	// from there on is deflected beyond the noise.
	fits := fitKnots(y, minDeg, maxDeg, float64(s-w0+1))
	best := hinge{sse: math.Inf(1)}
	bestBIC := math.Inf(1)
	nobs := float64(len(y))
	for _, h := range fits[minDeg-1 : maxDeg] {
		if h.sse <= 0 {
			best = h
			break
		}
		bic := nobs*math.Log(h.sse/nobs) + float64(h.deg+1)*math.Log(nobs)
		if bic < bestBIC {
			best, bestBIC = h, bic
		}
	}
	if math.IsInf(best.sse, 1) {
		return math.NaN(), false
	}
	// The first u > 0 where the fitted curve reaches frac·amp: scanned in steps of 1/20 sample up
	// to the window's end, then bisected.
	target := frac * amp
	umax := float64(len(y)-1) - best.k
	prev := 0.0
	for u := 0.05; u <= umax+1e-9; u += 0.05 {
		if best.at(u) >= target {
			lo, hi := prev, u
			for range 40 {
				mid := (lo + hi) / 2
				if best.at(mid) >= target {
					hi = mid
				} else {
					lo = mid
				}
			}
			return float64(w0) + best.k + (lo+hi)/2, true
		}
		prev = u
	}
	return math.NaN(), false
}

// hinge is a fitted take-off: zero before the knot k (fractional index into the window), then
// −Σⱼ c[j]·u^(j+1), u = i − k.
type hinge struct {
	deg int
	k   float64
	c   [3]float64
	sse float64
}

// at returns the fitted departure from baseline (positive) u samples after the knot.
func (h *hinge) at(u float64) float64 {
	v := 0.0
	for j := h.deg - 1; j >= 0; j-- {
		v = v*u + h.c[j]
	}
	return v * u
}

// fitKnots finds, for each degree minDeg…maxDeg, the knot of the take-off by its profile sum of
// squares: a grid of whole samples up to kLast (every degree from one pass over the window per
// knot), then golden-section refinement within a sample of the best grid point. Every sample after
// kLast stands clear of the baseline, so the knot lies before it.
func fitKnots(y []float64, minDeg, maxDeg int, kLast float64) [3]hinge {
	kmax := min(float64(len(y)-2), max(kLast, 0))
	var best [3]hinge
	for d := range best {
		best[d].sse = math.Inf(1)
	}
	for k := 0.0; k <= kmax; k++ {
		hs := hingeFits(y, k, maxDeg)
		for d := range maxDeg {
			if hs[d].sse < best[d].sse {
				best[d] = hs[d]
			}
		}
	}
	const g = 0.6180339887498949
	for d := minDeg - 1; d < maxDeg; d++ {
		deg := d + 1
		a, b := max(best[d].k-1, 0), min(best[d].k+1, kmax)
		x1, x2 := b-g*(b-a), a+g*(b-a)
		f1, f2 := hingeFit(y, x1, deg), hingeFit(y, x2, deg)
		for range 12 { // the bracket shrinks to 2·0.618^12 = 0.006 samples (0.3 µs at 20 kHz)
			if f1.sse < f2.sse {
				b, x2, f2 = x2, x1, f1
				x1 = b - g*(b-a)
				f1 = hingeFit(y, x1, deg)
			} else {
				a, x1, f1 = x1, x2, f2
				x2 = a + g*(b-a)
				f2 = hingeFit(y, x2, deg)
			}
		}
		if h := hingeFit(y, (a+b)/2, deg); h.sse < best[d].sse {
			best[d] = h
		}
	}
	return best
}

// hingeFits is hingeFit for every degree 1…maxDeg at once: the moments are shared.
func hingeFits(y []float64, k float64, maxDeg int) [3]hinge {
	var mom [7]float64 // Σ u^j, j = 2…6
	var v [3]float64   // −Σ y·u^j, j = 1…3
	syy := 0.0
	for i, yi := range y {
		syy += yi * yi
		u := float64(i) - k
		if u <= 0 {
			continue
		}
		u2 := u * u
		u3 := u2 * u
		mom[2] += u2
		mom[3] += u3
		mom[4] += u2 * u2
		mom[5] += u2 * u3
		mom[6] += u3 * u3
		v[0] -= yi * u
		v[1] -= yi * u2
		v[2] -= yi * u3
	}
	var out [3]hinge
	for d := range maxDeg {
		deg := d + 1
		var m [6][6]float64
		for a := range deg {
			for b := 0; b <= a; b++ {
				m[a][b] = mom[a+b+2]
			}
		}
		out[d] = solveHinge(&m, v[:deg], syy, k, deg)
	}
	return out
}

// hingeFit fits y ≈ 0 before the knot k (fractional index) and −Σⱼ c[j]·u^(j+1) after it
// (u = i − k, j < deg ≤ 3).
func hingeFit(y []float64, k float64, deg int) hinge {
	return hingeFits(y, k, deg)[deg-1]
}

// solveHinge solves the normal equations m·c = v of a degree-deg take-off (m lower triangular,
// moments of u), the initial slope c[0] ≥ 0 (a CMAP leaves its baseline downwards): when the free
// fit's slope is negative the linear term is dropped. syy is Σ y².
func solveHinge(m *[6][6]float64, v []float64, syy, k float64, deg int) hinge {
	h := hinge{deg: deg, k: k, sse: syy}
	if m[0][0] == 0 {
		return h
	}
	var c [6]float64
	if cholSolve(m, v[:deg], c[:deg], deg) && c[0] >= 0 {
		copy(h.c[:], c[:deg])
	} else {
		// Without the linear term: the system shifted by one power.
		var m2 [6][6]float64
		for a := 1; a < deg; a++ {
			for b := 1; b <= a; b++ {
				m2[a-1][b-1] = m[a][b]
			}
		}
		if deg == 1 || !cholSolve(&m2, v[1:deg], c[:deg-1], deg-1) {
			return h
		}
		copy(h.c[1:], c[:deg-1])
	}
	for a := range deg {
		h.sse -= h.c[a] * v[a]
	}
	return h
}
