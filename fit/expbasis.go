package fit

import "math"

// expAnchor is the block length after which the exponential recurrences of
// this package take a fresh math.Exp. The recurrence e_{k+1} = e_k·r,
// r = exp(−Δt/τ), accumulates about one rounding error per step, so the
// relative error of e_k grows like k·2⁻⁵³ (2.2e-12 after 20,000 steps);
// re-anchoring every 256 samples bounds it by about 256·1.1e-16 ≈ 3e-14,
// plus the 256·½ulp inherited from the rounding of r itself.
const expAnchor = 256

// ExpBasis writes exp(−(t0+k·dt)/tau) for k = 0, …, n−1 into dst and returns
// it (nil dst allocates; otherwise len(dst) must be n). It panics if n < 0
// or len(dst) != n. It evaluates one
// math.Exp per expAnchor samples and multiplies by exp(−dt/tau) in between;
// the relative error stays below 1e-13 (see expAnchor). expBasisRef is the
// one-exp-per-sample reference.
func ExpBasis(dst []float64, n int, t0, dt, tau float64) []float64 {
	dst = useDst(dst, n)
	h := dt / tau
	r := math.Exp(-h)
	r2 := r * r
	r4 := r2 * r2
	a := t0 / tau
	for blk := 0; blk < n; blk += expAnchor {
		seg := dst[blk:min(blk+expAnchor, n)]
		w0 := math.Exp(-(a + float64(blk)*h))
		w1, w2, w3 := w0*r, w0*r2, w0*r2*r
		for len(seg) >= 4 {
			seg[0], seg[1], seg[2], seg[3] = w0, w1, w2, w3
			w0 *= r4
			w1 *= r4
			w2 *= r4
			w3 *= r4
			seg = seg[4:]
		}
		for i := range seg {
			seg[i] = w0
			w0 *= r
		}
	}
	return dst
}

// expBasisRef is the reference for ExpBasis: dst[k] = math.Exp(−(t0+k·dt)/tau).
func expBasisRef(dst []float64, n int, t0, dt, tau float64) []float64 {
	dst = useDst(dst, n)
	for k := range dst {
		dst[k] = math.Exp(-(t0 + float64(k)*dt) / tau)
	}
	return dst
}

func useDst(dst []float64, n int) []float64 {
	if n < 0 {
		panic("fit: negative length")
	}
	if dst == nil {
		return make([]float64, n)
	}
	if len(dst) != n {
		panic("fit: dst length mismatch")
	}
	return dst
}

// expSums returns s0 = Σ (y_k−c)·r^k and s1 = Σ k·(y_k−c)·r^k with
// r = exp(−h), k = 0, …, len(y)−1: the data moments of the uniform
// variable-projection path. Four lanes side by side, a fresh exp every
// expAnchor samples. expSumsRef is the reference.
func expSums(y []float64, c, h float64) (s0, s1 float64) {
	r := math.Exp(-h)
	r2 := r * r
	r3 := r2 * r
	r4 := r2 * r2
	for blk := 0; blk < len(y); blk += expAnchor {
		w0 := math.Exp(-float64(blk) * h)
		if w0 == 0 {
			break
		}
		seg := y[blk:min(blk+expAnchor, len(y))]
		w1, w2, w3 := w0*r, w0*r2, w0*r3
		var a0, a1, a2, a3, b0, b1, b2, b3, l float64
		for len(seg) >= 4 {
			v0 := (seg[0] - c) * w0
			v1 := (seg[1] - c) * w1
			v2 := (seg[2] - c) * w2
			v3 := (seg[3] - c) * w3
			a0 += v0
			a1 += v1
			a2 += v2
			a3 += v3
			b0 += l * v0
			b1 += l * v1
			b2 += l * v2
			b3 += l * v3
			w0 *= r4
			w1 *= r4
			w2 *= r4
			w3 *= r4
			l++
			seg = seg[4:]
		}
		// Local index k−blk = 4l+j in lane j.
		sa := a0 + a1 + a2 + a3
		sb := 4*(b0+b1+b2+b3) + a1 + 2*a2 + 3*a3
		kk := 4 * l
		for _, v := range seg {
			v = (v - c) * w0
			sa += v
			sb += kk * v
			kk++
			w0 *= r
		}
		s0 += sa
		s1 += sb + float64(blk)*sa
	}
	return s0, s1
}

// expSumsRef is the one-exp-per-sample reference for expSums.
func expSumsRef(y []float64, c, h float64) (s0, s1 float64) {
	for k, v := range y {
		w := (v - c) * math.Exp(-float64(k)*h)
		s0 += w
		s1 += float64(k) * w
	}
	return s0, s1
}

// geoSums returns Σ q^k, Σ k·q^k and Σ k²·q^k for k = 0, …, m−1 with
// q = exp(−h), h ≥ 0. Closed forms in u = 1−q (from expm1, so accurate for
// small h) are used when m·h ≥ 1; there the numerators lose at most about
// one digit. Below that they cancel like 1/(m·h)³ and the sums are taken
// directly (relative error ~m·ε).
func geoSums(m int, h float64) (g0, g1, g2 float64) {
	fm := float64(m)
	if h == 0 {
		return fm, fm * (fm - 1) / 2, (fm - 1) * fm * (2*fm - 1) / 6
	}
	if fm*h < 1 {
		q := math.Exp(-h)
		w, k := 1.0, 0.0
		for i := 0; i < m; i++ {
			if i%expAnchor == 0 {
				w = math.Exp(-float64(i) * h)
			}
			g0 += w
			g1 += k * w
			g2 += k * k * w
			w *= q
			k++
		}
		return g0, g1, g2
	}
	u := -math.Expm1(-h) // 1 − q
	q := 1 - u
	if h > 0.5 {
		q = math.Exp(-h)
	}
	Q := math.Exp(-fm * h)              // q^m
	g0 = -math.Expm1(-fm*h) / u         // (1 − q^m)/(1 − q)
	g1 = (q - Q*(1+(fm-1)*u)) / (u * u) // Σ k q^k
	// Σ k² q^k = [q(1+q) − q^m·(2 + (2m−3)u + (m−1)²u²)]/u³
	g2 = (q*(1+q) - Q*(2+(2*fm-3)*u+(fm-1)*(fm-1)*u*u)) / (u * u * u)
	return g0, g1, g2
}
