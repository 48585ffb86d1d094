package fit

import "math"

// profileAbove is the half-width of a Wald interval on ln τ (t·SE(ln τ))
// beyond which Exp replaces it by the profile-likelihood interval. The sum
// of squares at the Wald ends misses the profile's threshold by about
// 1.2·w of it (measured: 2.5 % at w = 0.02, 15–20 % at w = 0.12–0.2), so
// below w = 0.05 (±5 % of τ) the Wald ends lie within ~3 % of the interval's
// half-width from the profile's, and the few refits a profile costs buy
// nothing. A weakly determined time constant (a short or noisy record,
// close time constants) has a skewed profile that only the profile follows.
const profileAbove = 0.05

// expProfile computes profile-likelihood intervals of the time constants of
// a fit held in an ExpFitter: the set of ln τᵢ at which the sum of squares,
// minimised over every other parameter, stays within thr of its minimum.
// With thr = t²·s² (s² the corrected variance estimate of ar1Noise) that is
// the F-based interval {θ: ΔSSE(θ)/s² ≤ F(1, ν)}, which equals the Wald
// interval where the sum of squares is quadratic.
type expProfile struct {
	f     *ExpFitter
	n     int
	theta [maxExp]float64         // ln τ at the optimum (varpro order)
	cov   [maxExp][maxExp]float64 // covariance of ln τ
	sse   float64                 // minimum sum of squares
	thr   float64                 // allowed rise of the sum of squares
}

// profileSettings are the inner fits' stopping rules: the rise of the sum
// of squares is needed to ~1e-3 of thr, which is far above SSETol·SSE. A
// function, not a package variable: the settings are passed by pointer and
// must not be shared state that any call could change for every other.
func profileSettings() Settings { return Settings{MaxIter: 50, SSETol: 1e-10, StepTol: 1e-8} }

// rise returns the profile sum of squares' rise above the minimum with
// ln τᵢ held at th. The other time constants start on the linear
// approximation of the profile trace (θⱼ + Cov_ji/Cov_ii·Δθᵢ) and keep their
// order relative to τᵢ, so the profile is that of the k-th smallest
// time constant.
func (p *expProfile) rise(i int, th float64) float64 {
	f := p.f
	n := p.n
	var x, lo, hi [maxExp]float64
	d := th - p.theta[i]
	for j := 0; j < n; j++ {
		lo[j], hi[j] = f.lo[j], f.hi[j]
		x[j] = p.theta[j] + p.cov[j][i]/p.cov[i][i]*d
		if j == i {
			x[j], lo[j], hi[j] = th, th, th
			continue
		}
		if p.theta[j] > p.theta[i] {
			lo[j] = math.Max(lo[j], th)
		} else {
			hi[j] = math.Min(hi[j], th)
		}
		x[j] = clamp(x[j], lo[j], hi[j])
	}
	var sse float64
	if n == 1 {
		f.vp.reset(&f.full, 1)
		var ok bool
		if sse, ok = f.vp.value(x[:1]); !ok {
			return math.Inf(1)
		}
	} else {
		var err error
		set := profileSettings()
		sse, _, _, err = f.minimize(&f.full, x[:n], lo[:n], hi[:n], &set)
		if err != nil && !isNoConv(err) {
			return math.Inf(1)
		}
	}
	return math.Max(sse-p.sse, 0)
}

// interval returns the profile interval of τᵢ, searching from the Wald
// half-width w on ln τ. An end that does not close within the search bounds
// is open: 0 below, +Inf above.
func (p *expProfile) interval(i int, w float64) (lo, hi float64) {
	rise := func(th float64) float64 { return p.rise(i, th) }
	lo, hi = 0, math.Inf(1)
	if th, open := profileEnd(rise, p.theta[i], -1, w, p.f.lo[i], p.thr); !open {
		lo = math.Exp(th)
	}
	if th, open := profileEnd(rise, p.theta[i], +1, w, p.f.hi[i], p.thr); !open {
		hi = math.Exp(th)
	}
	return lo, hi
}

// profileEnd finds where a profile's rise above its minimum, rise(θ), first
// reaches thr going from the optimum th0 in direction dir (±1), up to bound.
// open reports that it does not before the bound. On the scale
// g(δ) = √rise − √thr a profile is nearly linear in δ (exactly so where the
// sum of squares is quadratic), so the Wald half-width w is a good first
// step, and regula falsi (Illinois variant) ends within 1 % of √thr (2 % of
// thr) in a few evaluations.
func profileEnd(rise func(th float64) float64, th0, dir, w, bound, thr float64) (th float64, open bool) {
	maxD := dir * (bound - th0) // distance to the bound, ≥ 0
	if !(maxD > 0) {
		return bound, true
	}
	if !(w > 0) || math.IsInf(w, 0) {
		w = maxD / 4
	}
	sq := math.Sqrt(thr)
	g := func(d float64) float64 { return math.Sqrt(rise(th0+dir*d)) - sq }
	// Bracket: a, ga < 0 (inside), b, gb ≥ 0 (outside).
	a, ga := 0.0, -sq
	b := math.Min(w, maxD)
	gb := g(b)
	for gb < 0 {
		if b >= maxD {
			return bound, true
		}
		// Secant extrapolation through (a, ga), (b, gb), between 1.5 and
		// 4 times the step.
		step := b - a
		if gb > ga {
			step = -gb * (b - a) / (gb - ga)
		}
		step = math.Min(math.Max(step, 0.5*(b-a)), 3*(b-a))
		a, ga = b, gb
		b = math.Min(b+step, maxD)
		gb = g(b)
	}
	side := 0
	for it := 0; it < 40; it++ {
		c := b - gb*(b-a)/(gb-ga)
		if !(c > a && c < b) {
			c = (a + b) / 2
		}
		gc := g(c)
		switch {
		case math.Abs(gc) <= 0.01*sq || b-a <= 1e-9*(1+math.Abs(th0)):
			return th0 + dir*c, false
		case gc < 0:
			a, ga = c, gc
			if side == -1 {
				gb /= 2
			}
			side = -1
		default:
			b, gb = c, gc
			if side == +1 {
				ga /= 2
			}
			side = +1
		}
	}
	return th0 + dir*(a+b)/2, false
}
