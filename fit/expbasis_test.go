package fit

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// The recurrence must stay well below the 1e-9 relative error that would
// start to matter for a 20,000-point fit; expAnchor's analysis gives
// ~3e-14 + 256·½ulp, so 1e-13 is the stated bound, plus 4·x·ε where
// x = (t0+k·dt)/τ: exp(−x) of a rounded x is only that accurate, in the
// reference as much as in the recurrence.
func TestExpBasisAccuracy(t *testing.T) {
	const n = 20000
	got := make([]float64, n)
	want := make([]float64, n)
	for _, tc := range []struct{ t0, dt, tau float64 }{
		{0, 1e-3, 0.8}, {0, 1e-3, 6}, {0, 1e-4, 1e-3}, {2.5, 1e-3, 300}, {-1, 1e-3, 0.5}, {0, 1, 3},
	} {
		ExpBasis(got, n, tc.t0, tc.dt, tc.tau)
		expBasisRef(want, n, tc.t0, tc.dt, tc.tau)
		worst := 0.0
		for k := range got {
			if want[k] < 1e-290 { // both underflow towards subnormals
				continue
			}
			x := (tc.t0 + float64(k)*tc.dt) / tc.tau
			worst = math.Max(worst, math.Abs(got[k]/want[k]-1)/(1e-13+4*math.Abs(x)*0x1p-52))
		}
		if worst > 1 {
			t.Errorf("%+v: error %.3g times the bound", tc, worst)
		}
	}
}

// bigSums is an exact-summation reference (200-bit floats) for expSums.
func bigSums(y []float64, c, h float64) (float64, float64) {
	s0, s1 := new(big.Float).SetPrec(200), new(big.Float).SetPrec(200)
	for k, v := range y {
		w := new(big.Float).SetPrec(200).SetFloat64(v - c)
		w.Mul(w, new(big.Float).SetFloat64(math.Exp(-float64(k)*h)))
		s0.Add(s0, w)
		s1.Add(s1, new(big.Float).Mul(w, new(big.Float).SetFloat64(float64(k))))
	}
	a, _ := s0.Float64()
	b, _ := s1.Float64()
	return a, b
}

// expSums against exact summation. The bound 1e-12 relative to Σ|y−c|·r^k
// (the sums may cancel) follows from ~256 roundings per anchored block
// plus the lane sums.
func TestExpSums(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	y := make([]float64, 20003) // not a multiple of 4 or 256
	for k := range y {
		y[k] = -600*math.Exp(-float64(k)/800) + rng.NormFloat64()*10
	}
	for _, h := range []float64{1e-6, 1e-3 / 6, 1e-3 / 0.8, 0.05, 3} {
		s0, s1 := expSums(y, -20, h)
		r0, r1 := expSumsRef(y, -20, h)
		b0, b1 := bigSums(y, -20, h)
		abs0, abs1 := 0.0, 0.0
		for k, v := range y {
			w := math.Abs(v+20) * math.Exp(-float64(k)*h)
			abs0 += w
			abs1 += float64(k) * w
		}
		if e := math.Abs(s0-b0) / abs0; e > 1e-12 {
			t.Errorf("h=%g: s0 error %.3g", h, e)
		}
		if e := math.Abs(s1-b1) / abs1; e > 1e-12 {
			t.Errorf("h=%g: s1 error %.3g", h, e)
		}
		if e := math.Abs(r0-b0) / abs0; e > 1e-12 {
			t.Errorf("h=%g: reference s0 error %.3g", h, e)
		}
		if e := math.Abs(r1-b1) / abs1; e > 1e-12 {
			t.Errorf("h=%g: reference s1 error %.3g", h, e)
		}
	}
}

// geoSums' closed forms against direct exact summation, on both sides of
// the m·h = 1 switch. 1e-13 relative: the closed forms lose at most about
// one digit there (see geoSums).
func TestGeoSums(t *testing.T) {
	for _, m := range []int{1, 2, 7, 256, 20000} {
		for _, h := range []float64{0, 1e-9, 1e-5, 0.9 / float64(m), 1.1 / float64(m), 0.01, 0.3, 2, 40} {
			g0, g1, g2 := geoSums(m, h)
			b0, b1, b2 := new(big.Float).SetPrec(200), new(big.Float).SetPrec(200), new(big.Float).SetPrec(200)
			for k := 0; k < m; k++ {
				w := new(big.Float).SetPrec(200).SetFloat64(math.Exp(-float64(k) * h))
				kf := new(big.Float).SetFloat64(float64(k))
				b0.Add(b0, w)
				w.Mul(w, kf)
				b1.Add(b1, w)
				w.Mul(w, kf)
				b2.Add(b2, w)
			}
			for i, p := range [][2]any{{g0, b0}, {g1, b1}, {g2, b2}} {
				want, _ := p[1].(*big.Float).Float64()
				got := p[0].(float64)
				if want == 0 {
					// G1 and G2 of a single term (m = 1): the closed forms cancel terms of the size of
					// G0 and may leave their rounding (−8.7e-18 on arm64, whose compiler fuses
					// multiply-adds; exactly 0 on amd64), so 1e-13 of G0 as for the other sums.
					if g, _ := b0.Float64(); math.Abs(got) > 1e-13*g {
						t.Errorf("m=%d h=%g: G%d = %g, want 0", m, h, i, got)
					}
					continue
				}
				if e := math.Abs(got/want - 1); e > 1e-13 {
					t.Errorf("m=%d h=%g: G%d relative error %.3g", m, h, i, e)
				}
			}
		}
	}
}

// A negative length is a programmer error: a documented panic, not a
// runtime makeslice crash.
func TestExpBasisNegative(t *testing.T) {
	defer func() {
		if r := recover(); r != "fit: negative length" {
			t.Errorf("recovered %v", r)
		}
	}()
	ExpBasis(nil, -1, 0, 1, 1)
}
