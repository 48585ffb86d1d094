package patch

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// SimApp is one application of agonist in a simulation.
type SimApp struct {
	Onset, Offset float64 // s: the valve opens and closes
	Conc          float64 // agonist concentration, in the unit of SimParams.EC50
}

// SimPool is one desensitisation pool: receptors enter it at OnPerS ×
// their activation (1/s) and leave it at OffPerS (1/s).
type SimPool struct {
	OnPerS, OffPerS float64
}

// SimParams describes a simulated two-electrode voltage-clamp recording of
// agonist-evoked currents. Its kinetic model:
//
//   - perfusion exchange: the concentration at the cell follows the valve
//     over ExchangeS with a raised-cosine profile, c(t) = C·(1 − cos πu)/2,
//     u = (t − onset)/ExchangeS, and back down the same way at the offset;
//   - activation: instantaneous on that time scale, the Hill occupancy
//     f(c) = cⁿ/(cⁿ + EC50ⁿ);
//   - desensitisation: pools Dᵢ with dDᵢ/dt = OnPerSᵢ·f(c)·(1 − ΣD) −
//     OffPerSᵢ·Dᵢ, so that at a constant concentration the current is
//     exactly a constant plus one exponential per pool, whose rates are the
//     eigenvalues of that linear system (SimTruth.Taus);
//   - current: I = Sign·Imax·Gainₖ·f(c)·(1 − ΣD), Gainₖ = (1 − Rundown)^k
//     for the k-th application (0-based), plus the holding current, linear
//     drift, mains hum and Gaussian noise (white, or first-order
//     autoregressive with NoiseLag1).
//
// Zero values mean: Rate 2000 Hz, EC50 30, Hill 1.6, ImaxNA 600, Sign −1
// (inward), ExchangeS 0.3 s, HumHz 50. Duration must be given, as must the
// applications.
type SimParams struct {
	Rate     float64 // Hz
	Duration float64 // s
	Apps     []SimApp

	EC50, Hill float64
	ImaxNA     float64 // largest current at full activation, nA (a magnitude)
	Sign       float64 // −1 inward (default), +1 outward
	Pools      []SimPool
	ExchangeS  float64
	Rundown    float64 // fraction of the current lost per application

	HoldNA, DriftNAPerS float64 // baseline: HoldNA + DriftNAPerS·t
	HumNA, HumHz        float64 // mains hum amplitude and frequency
	NoiseNA             float64 // noise SD
	NoiseLag1           float64 // lag-1 correlation of the noise (0: white)
	Seed                uint64
}

// SimTruth is the noise-free truth of one simulated application, measured on
// the kinetic model itself (sub-sample resolution).
type SimTruth struct {
	Onset, Offset float64 // s
	Conc          float64
	Peak          float64 // signed, from the baseline (nA)
	Amplitude     float64 // |Peak|
	PeakTime      float64 // s
	TimeToPeak    float64 // s from the onset
	Rise1090      float64 // s
	THalf         float64 // s from the peak, NaN if the current never halves in agonist
	Taus          []float64
	Amps          []float64 // amplitude of each component at DecayFrom (nA, signed)
	Steady        float64   // the in-agonist current the decay tends to (nA, signed, from the baseline)
	ExchangeEnd   float64   // onset + ExchangeS: from here to the offset the current is Σ Aᵢe^(−t/τᵢ) + C exactly
	DecayFrom     float64   // peak + 3 × rise (DESIGN.md's fit window start)
}

// SimResult is a simulated recording: the current in nA, the same without
// noise, hum and drift (the response on the holding current), and the truth.
type SimResult struct {
	Rate    float64
	Current []float64
	Clean   []float64
	Truth   []SimTruth
}

func (p *SimParams) defaults() error {
	if p.Rate == 0 {
		p.Rate = 2000
	}
	if p.EC50 == 0 {
		p.EC50 = 30
	}
	if p.Hill == 0 {
		p.Hill = 1.6
	}
	if p.ImaxNA == 0 {
		p.ImaxNA = 600
	}
	if p.Sign == 0 {
		p.Sign = -1
	}
	if p.ExchangeS == 0 {
		p.ExchangeS = 0.3
	}
	if p.HumHz == 0 {
		p.HumHz = 50
	}
	switch {
	case !(p.Rate > 0) || math.IsInf(p.Rate, 0):
		return fmt.Errorf("patch: simulation rate %v Hz", p.Rate)
	case !(p.Duration > 0) || p.Duration*p.Rate > 1e9:
		return fmt.Errorf("patch: simulation duration %v s", p.Duration)
	case !(p.ExchangeS > 0), !(p.EC50 > 0), !(p.Hill > 0):
		return errors.New("patch: exchange time, EC50 and Hill coefficient must be positive")
	case len(p.Pools) > 3:
		return errors.New("patch: at most three desensitisation pools")
	case math.Abs(p.NoiseLag1) >= 1:
		return errors.New("patch: noise lag-1 correlation must lie in (−1, 1)")
	}
	for i, a := range p.Apps {
		if !(a.Offset > a.Onset) || a.Onset < 0 || !(a.Conc >= 0) {
			return fmt.Errorf("patch: simulated application %d: onset %v, offset %v, concentration %v", i+1, a.Onset, a.Offset, a.Conc)
		}
		if i > 0 && a.Onset < p.Apps[i-1].Offset+p.ExchangeS {
			return fmt.Errorf("patch: simulated application %d starts before the washout of the one before", i+1)
		}
	}
	for _, q := range p.Pools {
		if !(q.OnPerS >= 0) || !(q.OffPerS >= 0) || q.OnPerS+q.OffPerS == 0 {
			return errors.New("patch: desensitisation rates must be ≥ 0 and not both 0")
		}
	}
	return nil
}

// conc returns the concentration and the index of the application (−1
// between applications) at time t.
func (p *SimParams) conc(t float64) (float64, int) {
	for k, a := range p.Apps {
		if t < a.Onset {
			return 0, -1
		}
		if t <= a.Offset+p.ExchangeS {
			u := 1.0
			if t < a.Onset+p.ExchangeS {
				u = (t - a.Onset) / p.ExchangeS
			}
			if t > a.Offset {
				u = math.Min(u, 1-(t-a.Offset)/p.ExchangeS)
			}
			return a.Conc * 0.5 * (1 - math.Cos(math.Pi*u)), k
		}
	}
	return 0, -1
}

func (p *SimParams) occupancy(c float64) float64 {
	if c <= 0 {
		return 0
	}
	r := math.Pow(p.EC50/c, p.Hill)
	return 1 / (1 + r)
}

// SimTaus returns the decay time constants (s, ascending) of the model at
// a constant occupancy f: −1/eigenvalues of dD/dt = −(f·k⁺·1ᵀ + diag(k⁻))·D + f·k⁺.
func SimTaus(pools []SimPool, f float64) []float64 {
	m := len(pools)
	var taus []float64
	switch m {
	case 0:
		return nil
	case 1:
		taus = []float64{1 / (f*pools[0].OnPerS + pools[0].OffPerS)}
	default:
		// Eigenvalues of A = f·k⁺·1ᵀ + diag(k⁻) (positive): the roots of
		// 1 = Σ f·k⁺ᵢ/(λ − k⁻ᵢ)'s secular equation for distinct k⁻; found
		// for the general case from the characteristic polynomial by
		// bisection between the poles.
		ev := secularRoots(pools, f)
		for _, l := range ev {
			taus = append(taus, 1/l)
		}
	}
	for i := 1; i < len(taus); i++ {
		for j := i; j > 0 && taus[j] < taus[j-1]; j-- {
			taus[j], taus[j-1] = taus[j-1], taus[j]
		}
	}
	return taus
}

// secularRoots returns the eigenvalues of diag(d) + f·k⁺·1ᵀ (d = k⁻). A
// pool that is never entered (f·k⁺ = 0) keeps its own rate; the others'
// eigenvalues are the roots of the secular equation
// g(λ) = 1 − Σ wᵢ/(λ − dᵢ), wᵢ = f·k⁺ᵢ > 0, which rises from −∞ to +∞
// between neighbouring dᵢ and beyond the largest (a root in each, found by
// bisection); equal dᵢ give that rate itself.
func secularRoots(pools []SimPool, f float64) []float64 {
	var roots []float64
	type wd struct{ w, d float64 }
	var ps []wd
	for _, q := range pools {
		if w := f * q.OnPerS; w > 0 {
			ps = append(ps, wd{w, q.OffPerS})
		} else {
			roots = append(roots, q.OffPerS)
		}
	}
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && ps[j].d < ps[j-1].d; j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
	g := func(l float64) float64 {
		s := 1.0
		for _, q := range ps {
			s -= q.w / (l - q.d)
		}
		return s
	}
	bisect := func(a, b float64) float64 {
		for range 200 {
			m := 0.5 * (a + b)
			if m <= a || m >= b {
				break
			}
			if g(m) < 0 {
				a = m
			} else {
				b = m
			}
		}
		return 0.5 * (a + b)
	}
	sum := 0.0
	for _, q := range ps {
		sum += q.w + q.d
	}
	for i, q := range ps {
		if i+1 < len(ps) {
			if ps[i+1].d == q.d {
				roots = append(roots, q.d)
				continue
			}
			roots = append(roots, bisect(q.d, ps[i+1].d))
		} else {
			roots = append(roots, bisect(q.d, sum+1))
		}
	}
	return roots
}

// Simulate runs the kinetic model (see SimParams) and returns the current
// sampled at Rate with its truth per application. The noise is from a PCG
// seeded with Seed, so a simulation is the same on every run and platform
// (to the last bits of math.Exp and math.Cos).
func Simulate(p SimParams) (*SimResult, error) {
	if err := p.defaults(); err != nil {
		return nil, err
	}
	n := int(math.Round(p.Duration * p.Rate))
	dt := 1 / p.Rate
	m := len(p.Pools)
	// Substeps: resolve the fastest of the exchange and the pools.
	fastest := p.ExchangeS / 20
	for _, q := range p.Pools {
		fastest = math.Min(fastest, 0.02/(q.OnPerS+q.OffPerS))
	}
	sub := max(1, int(math.Ceil(dt/fastest)))
	h := dt / float64(sub)

	res := &SimResult{Rate: p.Rate, Current: make([]float64, n), Clean: make([]float64, n)}
	truth := make([]SimTruth, len(p.Apps))
	for k, a := range p.Apps {
		f := p.occupancy(a.Conc)
		truth[k] = SimTruth{Onset: a.Onset, Offset: a.Offset, Conc: a.Conc, Taus: SimTaus(p.Pools, f),
			ExchangeEnd: a.Onset + p.ExchangeS, PeakTime: math.NaN(), Rise1090: math.NaN(), THalf: math.NaN()}
	}
	gain := func(k int) float64 { return math.Pow(1-p.Rundown, float64(k)) }
	var D [3]float64
	// The occupancy is constant on a plateau: remember the last one.
	lastC, lastF := 0.0, 0.0
	occ := func(c float64) float64 {
		if c != lastC {
			lastC, lastF = c, p.occupancy(c)
		}
		return lastF
	}
	deriv := func(t float64, d *[3]float64, out *[3]float64) {
		c, _ := p.conc(t)
		f := occ(c)
		free := 1.0
		for i := 0; i < m; i++ {
			free -= d[i]
		}
		for i := 0; i < m; i++ {
			out[i] = p.Pools[i].OnPerS*f*free - p.Pools[i].OffPerS*d[i]
		}
	}
	current := func(t float64, d *[3]float64) (float64, int) {
		c, k := p.conc(t)
		if k < 0 {
			return 0, -1
		}
		free := 1.0
		for i := 0; i < m; i++ {
			free -= d[i]
		}
		return p.Sign * p.ImaxNA * gain(k) * occ(c) * free, k
	}
	// Fine trace of each application for the truth: every substep from
	// onset to offset.
	exD := make([][3]float64, len(p.Apps))
	exT := make([]float64, len(p.Apps))
	for k := range exT {
		exT[k] = math.NaN()
	}
	type pt struct{ t, v float64 }
	fine := make([][]pt, len(p.Apps))
	step := func(t float64) {
		var k1, k2, k3, k4, tmp [3]float64
		deriv(t, &D, &k1)
		for i := 0; i < m; i++ {
			tmp[i] = D[i] + 0.5*h*k1[i]
		}
		deriv(t+0.5*h, &tmp, &k2)
		for i := 0; i < m; i++ {
			tmp[i] = D[i] + 0.5*h*k2[i]
		}
		deriv(t+0.5*h, &tmp, &k3)
		for i := 0; i < m; i++ {
			tmp[i] = D[i] + h*k3[i]
		}
		deriv(t+h, &tmp, &k4)
		for i := 0; i < m; i++ {
			D[i] += h / 6 * (k1[i] + 2*k2[i] + 2*k3[i] + k4[i])
		}
	}
	for i := 0; i < n; i++ {
		t := float64(i) * dt
		v, _ := current(t, &D)
		res.Clean[i] = v
		for s := 0; s < sub; s++ {
			ts := t + float64(s)*h
			if s > 0 {
				if v, k := current(ts, &D); k >= 0 && ts <= p.Apps[k].Offset {
					fine[k] = append(fine[k], pt{ts, v})
				}
			} else if _, k := p.conc(ts); k >= 0 && ts <= p.Apps[k].Offset {
				fine[k] = append(fine[k], pt{ts, v})
			}
			if _, k := p.conc(ts); k >= 0 && math.IsNaN(exT[k]) && ts >= truth[k].ExchangeEnd {
				exT[k], exD[k] = ts, D
			}
			step(ts)
		}
	}
	for k := range truth {
		tr := &truth[k]
		fp := fine[k]
		if len(fp) < 3 {
			continue
		}
		ip := 0
		for j := range fp {
			if fp[j].v*p.Sign > fp[ip].v*p.Sign {
				ip = j
			}
		}
		// Refine the extreme with a parabola through the three substeps.
		tp, vp := fp[ip].t, fp[ip].v
		if ip > 0 && ip+1 < len(fp) {
			y0, y1, y2 := fp[ip-1].v, fp[ip].v, fp[ip+1].v
			if den := y0 - 2*y1 + y2; den != 0 {
				x := 0.5 * (y0 - y2) / den
				tp = fp[ip].t + x*h
				vp = y1 - 0.25*(y0-y2)*x
			}
		}
		tr.Peak, tr.Amplitude, tr.PeakTime, tr.TimeToPeak = vp, math.Abs(vp), tp, tp-tr.Onset
		cross := func(level float64, from, dir int) float64 {
			for j := from; j+dir >= 0 && j+dir < len(fp); j += dir {
				a, b := fp[j].v*p.Sign, fp[j+dir].v*p.Sign
				if (a-level)*(b-level) <= 0 && a != b {
					return fp[j].t + float64(dir)*h*(a-level)/(a-b)
				}
			}
			return math.NaN()
		}
		t10 := cross(0.1*tr.Amplitude, ip, -1)
		t90 := cross(0.9*tr.Amplitude, ip, -1)
		tr.Rise1090 = t90 - t10
		if th := cross(0.5*tr.Amplitude, ip, 1); !math.IsNaN(th) {
			tr.THalf = th - tp
		}
		tr.DecayFrom = tp + 3*tr.Rise1090
		// Steady state of the pools at the plateau.
		f := p.occupancy(tr.Conc)
		free := simFree(p.Pools, f)
		tr.Steady = p.Sign * p.ImaxNA * gain(k) * f * free
		if !math.IsNaN(exT[k]) {
			tr.Amps = simAmps(p.Pools, f, free, exD[k], tr.Taus, p.Sign*p.ImaxNA*gain(k)*f, tr.DecayFrom-exT[k])
		}
	}
	res.Truth = truth

	rng := rand.New(rand.NewPCG(p.Seed, 0x9e3779b97f4a7c15))
	phase := 2 * math.Pi * rng.Float64()
	ar := 0.0
	sc := math.Sqrt(1 - p.NoiseLag1*p.NoiseLag1)
	for i := range res.Current {
		t := float64(i) * dt
		e := rng.NormFloat64()
		if i == 0 {
			ar = e
		} else {
			ar = p.NoiseLag1*ar + sc*e
		}
		res.Current[i] = res.Clean[i] + p.HoldNA + p.DriftNAPerS*t + p.HumNA*math.Sin(2*math.Pi*p.HumHz*t+phase) + p.NoiseNA*ar
		res.Clean[i] += p.HoldNA
	}
	return res, nil
}

// simFree is the steady-state non-desensitised fraction at occupancy f:
// Dᵢ = (k⁺ᵢ f/k⁻ᵢ)·free, so free = 1/(1 + Σ k⁺ᵢ f/k⁻ᵢ) (0 when a pool never
// recovers).
func simFree(pools []SimPool, f float64) float64 {
	s := 1.0
	for _, q := range pools {
		if q.OffPerS == 0 {
			if q.OnPerS*f > 0 {
				return 0
			}
			continue
		}
		s += q.OnPerS * f / q.OffPerS
	}
	return 1 / s
}

// simAmps returns the amplitude of each exponential component of the
// current, dt after a moment at which the pools held d, at occupancy f.
// The eigenvector of A = diag(k⁻) + w·1ᵀ (w = f·k⁺) for the rate λ is
// vᵢ = wᵢ/(λ − k⁻ᵢ), normalised so that Σv = 1; the state's departure from
// its steady state D∞ᵢ = wᵢ/k⁻ᵢ·free is Σₖ cₖ·vₖ, and component k of the
// current scale·(1 − ΣD) is −scale·cₖ. NaN when the eigenvectors are
// degenerate (equal recovery rates, a pool never entered).
func simAmps(pools []SimPool, f, free float64, d [3]float64, taus []float64, scale, dt float64) []float64 {
	m := len(pools)
	amps := make([]float64, m)
	if m == 0 || len(taus) != m {
		return amps
	}
	var a [3][4]float64 // augmented system V·c = d − D∞
	for i, q := range pools {
		w := f * q.OnPerS
		for k, tau := range taus {
			a[i][k] = w / (1/tau - q.OffPerS)
		}
		dinf := 0.0
		if q.OffPerS > 0 {
			dinf = w / q.OffPerS * free
		}
		a[i][m] = d[i] - dinf
	}
	// Gaussian elimination with partial pivoting.
	for c := 0; c < m; c++ {
		piv := c
		for r := c + 1; r < m; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[piv][c]) {
				piv = r
			}
		}
		a[c], a[piv] = a[piv], a[c]
		if a[c][c] == 0 || math.IsNaN(a[c][c]) || math.IsInf(a[c][c], 0) {
			for k := range amps {
				amps[k] = math.NaN()
			}
			return amps
		}
		for r := c + 1; r < m; r++ {
			g := a[r][c] / a[c][c]
			for j := c; j <= m; j++ {
				a[r][j] -= g * a[c][j]
			}
		}
	}
	for k := m - 1; k >= 0; k-- {
		s := a[k][m]
		for j := k + 1; j < m; j++ {
			s -= a[k][j] * amps[j]
		}
		amps[k] = s / a[k][k]
	}
	for k := range amps {
		amps[k] = -scale * amps[k] * math.Exp(-dt/taus[k])
	}
	return amps
}

// SimCRB returns the Cramér–Rao bound of each time constant of tr's decay,
// as a fraction of the time constant: the smallest SD an unbiased fit of
// Σ Aᵢe^(−t/τᵢ) + C over [DecayFrom, Offset] at rate (Hz) can reach with
// white noise of SD sd (nA). NaN when the information matrix is singular.
func SimCRB(tr SimTruth, rate, sd float64) []float64 {
	n := len(tr.Taus)
	out := make([]float64, n)
	p := 2*n + 1
	var acc [7][7]float64
	g := make([]float64, p)
	for t := tr.DecayFrom; t <= tr.Offset; t += 1 / rate {
		u := t - tr.DecayFrom
		for i, tau := range tr.Taus {
			e := math.Exp(-u / tau)
			g[i] = e
			g[n+i] = tr.Amps[i] * u / (tau * tau) * e
		}
		g[p-1] = 1
		for i := 0; i < p; i++ {
			for j := i; j < p; j++ {
				acc[i][j] += g[i] * g[j]
			}
		}
	}
	fisher := mat.NewSymDense(p, nil)
	for i := 0; i < p; i++ {
		for j := i; j < p; j++ {
			fisher.SetSym(i, j, acc[i][j])
		}
	}
	var ch mat.Cholesky
	var inv mat.SymDense
	if !ch.Factorize(fisher) || ch.InverseTo(&inv) != nil {
		for i := range out {
			out[i] = math.NaN()
		}
		return out
	}
	for i, tau := range tr.Taus {
		out[i] = sd * math.Sqrt(inv.At(n+i, n+i)) / tau
	}
	return out
}
