package fit

import (
	"math"
	"math/rand/v2"
	"testing"
)

// uniformMoments (closed-form geometric sums and expSums, the fast path of
// evenly sampled data) against generalMoments (one exp per sample and
// component, the reference) on the same samples. Each inner product is
// compared with the Cauchy–Schwarz bound of its two columns as the scale,
// since entries can cancel to near zero: ‖u‖·‖v‖. 1e-12 of that scale:
// geoSums' closed forms lose about one digit (their doc), expSums stays
// within ~1e-13 relative (TestExpSums), and the reference's own summation
// of up to 5000 terms adds ~5000·ε ≈ 1e-12 at worst; a wrong moment (a
// missing h factor, an index off by one) is off by far more.
func TestMomentsUniformVsGeneral(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, c := range []struct {
		m   int
		dt  float64
		tau []float64
	}{
		{5000, 1e-3, []float64{0.05, 0.8, 6}}, // m·h ≥ 1 and < 1 (6 s over 5 s)
		{300, 1e-3, []float64{2, 40}},         // every sum on the short, direct path
		{2000, 1e-4, []float64{1e-4}},         // h = 1: decays within a few samples
		{1000, 0.01, []float64{0.03, 0.0301}}, // nearly equal time constants
	} {
		y := make([]float64, c.m)
		tt := make([]float64, c.m)
		for k := range y {
			tt[k] = float64(k) * c.dt
			y[k] = -300*math.Exp(-tt[k]/c.tau[0]) + 20 + rng.NormFloat64()
		}
		uni := expLevel{uniform: true, dt: c.dt, y: y, c: 20}
		gen := expLevel{t: tt, y: y, c: 20}
		uni.setSums()
		gen.setSums()
		var a, b expMoments
		uni.moments(&a, c.tau, true)
		gen.moments(&b, c.tau, true)
		n := len(c.tau)
		// Column norms: φᵢ (‖φᵢ‖² = Gᵢᵢ; the constant column has ‖1‖² = m),
		// ψᵢ (‖ψᵢ‖² = Pᵢᵢ) and y − c (‖·‖² = yy).
		phi := func(i int) float64 { return math.Sqrt(b.G[i][i]) }
		psi := func(i int) float64 { return math.Sqrt(b.P[i][i]) }
		ny := math.Sqrt(gen.yy)
		check := func(what string, i, j int, got, want, scale float64) {
			t.Helper()
			if math.Abs(got-want) > 1e-12*scale {
				t.Errorf("m=%d dt=%g tau=%v: %s[%d][%d] uniform %v, general %v (scale %.3g)", c.m, c.dt, c.tau, what, i, j, got, want, scale)
			}
		}
		for i := 0; i <= n; i++ {
			for j := 0; j <= n; j++ {
				check("G", i, j, a.G[i][j], b.G[i][j], phi(i)*phi(j))
			}
			check("b", i, 0, a.b[i], b.b[i], phi(i)*ny)
		}
		for i := 0; i < n; i++ {
			for j := 0; j <= n; j++ {
				check("M", i, j, a.M[i][j], b.M[i][j], psi(i)*phi(j))
			}
			for j := 0; j < n; j++ {
				check("P", i, j, a.P[i][j], b.P[i][j], psi(i)*psi(j))
			}
			check("d", i, 0, a.d[i], b.d[i], psi(i)*ny)
		}
	}
}
