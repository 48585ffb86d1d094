package fit

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"sync"

	"gonum.org/v1/gonum/mat"
)

// ExpOptions controls Exp. The zero value (or a nil *ExpOptions) means the
// defaults.
type ExpOptions struct {
	// TauMin and TauMax bound every time constant (in the unit of t).
	// 0 means half the mean sample interval and ten times the time span of
	// the data.
	TauMin, TauMax float64

	// Level is the confidence level of the intervals, inside (0, 1); 0
	// means 0.95. Another value outside (0, 1) is ErrBadInput.
	Level float64

	// Independent treats the noise as independent from sample to sample:
	// the intervals and ChooseExp's tests then assume white noise, as
	// SciPy's curve_fit does. By default they allow for noise correlated
	// as a first-order autoregression, estimated from the residuals (see
	// ExpResult.NoiseLag1).
	Independent bool

	// Settings for the final Levenberg–Marquardt iterations on the full
	// data (on ln τ). nil means MaxIter 100, SSETol 1e-12, StepTol 1e-10,
	// GradTol 1e-10.
	Settings *Settings
}

// ExpResult is a fit of y ≈ Σᵢ Amp[i]·exp(−t/Tau[i]) + Offset. Components
// are sorted by ascending Tau.
//
// The estimates are ordinary least squares. The intervals allow for noise
// correlated from sample to sample (unless ExpOptions.Independent): the
// covariance is VarianceFactor·s²·(JᵀJ)⁻¹, s² the noise variance estimated
// from SSE, with Student t quantiles on EffectiveDoF degrees of freedom (see
// NoiseLag1). A time-constant interval is the Wald interval on ln τ,
// τ·exp(±t·SE/τ), or, where that spans more than ±5 % of τ (a weakly
// determined fit), the profile-likelihood interval (TauCIProfile); an end the
// data do not close within the search bounds is 0 or +Inf. A time constant
// on a search bound (AtBound) gets NaN for its interval: it is not a
// stationary point of the fit and no interval describes it. Amplitude and
// offset intervals are Wald intervals ±t·SE.
type ExpResult struct {
	Tau   []float64    // time constants, ascending, in the unit of t
	TauCI [][2]float64 // confidence intervals of Tau (NaN where AtBound)

	// TauCIProfile[i] says TauCI[i] is a profile-likelihood interval.
	TauCIProfile []bool

	// TauSE are the standard errors of Tau (the asymptotic ones, from the
	// covariance, corrected for correlated noise like the intervals).
	TauSE []float64

	// Amp are the amplitudes at t = 0, as the formula reads:
	// Amp[i] = AmpT0[i]·exp(T0/Tau[i]). When T0/Tau[i] > ~709 this
	// overflows and Amp[i], AmpCI[i] are ±Inf; AmpT0 stays finite.
	Amp   []float64
	AmpCI [][2]float64

	// T0 is the first sample time t[0] and AmpT0 the amplitudes there
	// (y(T0) = Σ AmpT0 + Offset); prefer these when t does not start near 0.
	T0      float64
	AmpT0   []float64
	AmpT0CI [][2]float64

	Offset   float64
	OffsetCI [2]float64

	// WeightedTau is Σ|AmpT0ᵢ|·Tauᵢ / Σ|AmpT0ᵢ|: amplitude-weighted at the
	// first sample, so it does not depend on where t = 0 lies.
	WeightedTau float64

	SSE  float64 // Σ residual²
	R2   float64 // 1 − SSE/Σ(y−ȳ)²
	AICc float64 // see AICc; 2n+1 fitted parameters
	BIC  float64 // see BIC

	N       int    // number of points
	DoF     int    // N − (2n+1)
	AtBound []bool // whether Tau[i] lies on TauMin or TauMax: flagged, no interval

	// ResidualLag1 is the lag-1 autocorrelation of the residuals,
	// Σr_k·r_{k+1}/Σr_k² in sample order. White noise gives about
	// −(2n+1)/N; noise low-pass filtered well below the sampling rate gives
	// values near 1.
	ResidualLag1 float64

	// NoiseLag1 is the lag-1 correlation ρ of the first-order
	// autoregressive noise the intervals assume: the AR(1) whose
	// correlation ρ^k falls to 1/e at the same lag as the noise's (the
	// residuals' autocorrelation corrected for the bias of fitted
	// residuals), so that low-pass-filtered noise, whose correlation is
	// flat at small lags, is not taken for a far slower AR(1); within
	// [0, 0.995]; 0 with ExpOptions.Independent. VarianceFactor is
	// (1+ρ)/(1−ρ), by which correlated noise inflates the variance of
	// every estimate (for components spanning many samples), and
	// EffectiveDoF the degrees of freedom of the variance estimate (DoF
	// for independent noise).
	NoiseLag1, VarianceFactor, EffectiveDoF float64

	Iterations int    // Levenberg–Marquardt iterations, all data levels
	Status     Status // stopping rule of the final iterations
}

// ExpFitter fits sums of exponentials and keeps its scratch space between
// calls, so that repeated fits allocate little. The zero value is ready to
// use. An ExpFitter must not be used by several goroutines at once.
type ExpFitter struct {
	full, mid, coarse, pencil expLevel
	midY, coarseY, pencilY    []float64
	midT, coarseT, fullT      []float64
	vp                        varpro
	grid                      seedGrid
	seeds                     []seed
	lm                        lmState
	lo, hi, x                 [maxExp]float64
	jtj                       *mat.SymDense
	cov                       *mat.SymDense
	resid                     []float64 // residuals of the last fit
	ac                        autocorr  // their autocorrelation
	noise                     ar1Noise  // noise model of the last fit's intervals
}

// fitterPool keeps ExpFitters between calls of Exp, so that their work
// buffers are reused (a fitter holds only scratch between fits: its results
// are freshly allocated, and a reused fitter gives the same bits as a new one).
var fitterPool = sync.Pool{New: func() any { return new(ExpFitter) }}

// Exp fits y ≈ Σᵢ Amp[i]·exp(−t/Tau[i]) + Offset with n = 1, 2 or 3
// components by variable projection; see ExpFitter.Fit. It is safe for
// concurrent use.
func Exp(t, y []float64, n int, opt *ExpOptions) (ExpResult, error) {
	f := fitterPool.Get().(*ExpFitter)
	defer fitterPool.Put(f)
	return f.Fit(t, y, n, opt)
}

// Fit fits y ≈ Σᵢ Amp[i]·exp(−t/Tau[i]) + Offset with n = 1, 2 or 3
// components. t need not start at 0; it must be finite and span a positive
// time. When t is evenly spaced (to 1e-9 of a step) the fast path of
// FitUniform is taken.
//
// Method: variable projection (Golub & Pereyra 1973): amplitudes and offset
// are the linear least-squares solution for given time constants, and only
// ln τ is searched, by bounded Levenberg–Marquardt with the Golub–Pereyra
// Jacobian. Seeds: the matrix pencil on ~48 bin means and the best three
// combinations from a log-spaced grid of τ; each is refined on a ~256-point
// reduction, the best is refined on ~2048 points and then on all data. For
// evenly sampled data the bin means of a sum of exponentials are again an
// exact sum of exponentials with the same τ, and every inner product is
// either a closed-form geometric sum or a recurrence over the samples (one
// exp per expAnchor samples).
//
// Errors (wrapping the sentinels): ErrBadInput for n outside 1..3 or a zero
// time span, ErrTooFewPoints when len(y) < 2n+2, ErrNotFinite, ErrFlat,
// ErrSingular when the final JᵀJ is singular, ErrNoConvergence (the result
// then holds the best point). Fit panics if len(t) != len(y).
func (f *ExpFitter) Fit(t, y []float64, n int, opt *ExpOptions) (ExpResult, error) {
	if len(t) != len(y) {
		panic("fit: length mismatch")
	}
	if err := checkExpArgs(y, n); err != nil {
		return ExpResult{}, err
	}
	for i, v := range t {
		if v-v != 0 { // NaN or ±Inf
			return ExpResult{}, fmt.Errorf("%w: t[%d] = %v", ErrNotFinite, i, v)
		}
	}
	m := len(t)
	t0 := t[0]
	dt := (t[m-1] - t0) / float64(m-1)
	uniform := dt > 0
	if uniform {
		tol := 1e-9*dt + 8*0x1p-52*math.Max(math.Abs(t0), math.Abs(t[m-1]))
		for k, v := range t {
			if math.Abs(v-(t0+float64(k)*dt)) > tol {
				uniform = false
				break
			}
		}
	}
	if uniform {
		return f.fit(t0, dt, nil, y, n, opt)
	}
	lo, hi := t[0], t[0]
	for _, v := range t {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	if !(hi > lo) {
		return ExpResult{}, fmt.Errorf("%w: all times are equal", ErrBadInput)
	}
	return f.fit(t0, 0, t, y, n, opt)
}

// FitUniform is Fit for samples y[k] taken at t0 + k·dt (dt > 0).
func (f *ExpFitter) FitUniform(t0, dt float64, y []float64, n int, opt *ExpOptions) (ExpResult, error) {
	if err := checkExpArgs(y, n); err != nil {
		return ExpResult{}, err
	}
	if !(dt > 0) || math.IsInf(dt, 0) || math.IsNaN(t0) || math.IsInf(t0, 0) {
		return ExpResult{}, fmt.Errorf("%w: t0 = %v, dt = %v", ErrBadInput, t0, dt)
	}
	return f.fit(t0, dt, nil, y, n, opt)
}

func checkExpArgs(y []float64, n int) error {
	if n < 1 || n > maxExp {
		return fmt.Errorf("%w: %d exponential components (want 1 to %d)", ErrBadInput, n, maxExp)
	}
	if len(y) < 2*n+2 {
		return fmt.Errorf("%w: %d points for %d exponential components (need at least %d)", ErrTooFewPoints, len(y), n, 2*n+2)
	}
	return nil
}

// checkData verifies y is finite and not constant; it returns the mean and
// Σ(y−ȳ)².
func checkData(y []float64) (mean, sst float64, err error) {
	lo, hi, sum := math.Inf(1), math.Inf(-1), 0.0
	for i, v := range y {
		if v-v != 0 { // NaN or ±Inf
			return 0, 0, fmt.Errorf("%w: y[%d] = %v", ErrNotFinite, i, v)
		}
		sum += v
		if v < lo {
			lo = v
		}
		if v > hi {
			hi = v
		}
	}
	if hi-lo <= 1e-12*math.Max(math.Abs(lo), math.Abs(hi)) {
		return 0, 0, fmt.Errorf("%w: all %d values equal %v", ErrFlat, len(y), lo)
	}
	mean = sum / float64(len(y))
	for _, v := range y {
		sst += (v - mean) * (v - mean)
	}
	return mean, sst, nil
}

// reduce fills dst with a reduction of src by factor s: bin means for
// uniform data, every s-th sample otherwise.
func (f *ExpFitter) reduce(dst *expLevel, ybuf, tbuf *[]float64, src *expLevel, s int) {
	m := src.len() / s
	*ybuf = grow(*ybuf, m)
	yb := *ybuf
	dst.uniform = src.uniform
	dst.c = src.c
	if src.uniform {
		inv := 1 / float64(s)
		for j := range yb {
			sum := 0.0
			for _, v := range src.y[j*s : (j+1)*s] {
				sum += v
			}
			yb[j] = sum * inv
		}
		dst.dt = src.dt * float64(s)
		dst.t = nil
	} else {
		*tbuf = grow(*tbuf, m)
		tb := *tbuf
		for j := range yb {
			yb[j] = src.y[j*s]
			tb[j] = src.t[j*s]
		}
		dst.t = tb
	}
	dst.y = yb
	dst.setSums()
}

func grow(b []float64, n int) []float64 {
	if cap(b) < n {
		return make([]float64, n)
	}
	return b[:n]
}

// fit is the common path; tt is nil for uniform data.
func (f *ExpFitter) fit(t0, dt float64, tt, y []float64, n int, opt *ExpOptions) (ExpResult, error) {
	var o ExpOptions
	if opt != nil {
		o = *opt
	}
	mean, sst, err := checkData(y)
	if err != nil {
		return ExpResult{}, err
	}
	m := len(y)
	full := &f.full
	*full = expLevel{uniform: tt == nil, dt: dt, y: y, c: mean, yy: sst}
	if tt != nil {
		f.fullT = grow(f.fullT, m)
		shifted := f.fullT
		for i, v := range tt {
			shifted[i] = v - t0
		}
		full.t = shifted
		dt = full.span() / float64(m-1)
	}
	full.sy = 0
	for _, v := range y {
		full.sy += v - mean
	}
	span := full.span()
	if tt != nil {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, v := range full.t {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
		span = hi - lo
	}
	tauMin, tauMax := o.TauMin, o.TauMax
	if tauMin <= 0 {
		tauMin = dt / 2
	}
	if tauMax <= 0 {
		tauMax = 10 * span
	}
	if !(tauMax > tauMin) {
		return ExpResult{}, fmt.Errorf("%w: TauMin %v ≥ TauMax %v", ErrBadInput, tauMin, tauMax)
	}
	level := o.Level
	if level == 0 {
		level = 0.95
	}
	if !(level > 0 && level < 1) {
		return ExpResult{}, fmt.Errorf("%w: confidence level %v outside (0, 1)", ErrBadInput, o.Level)
	}
	for i := 0; i < n; i++ {
		f.lo[i], f.hi[i] = math.Log(tauMin), math.Log(tauMax)
	}
	lo, hi := f.lo[:n], f.hi[:n]

	// Data levels.
	levels := []*expLevel{full}
	if m > 8192 {
		f.reduce(&f.mid, &f.midY, &f.midT, full, m/2048)
		levels = append(levels, &f.mid)
	}
	seedLvl := full
	if m > 512 {
		f.reduce(&f.coarse, &f.coarseY, &f.coarseT, full, m/256)
		seedLvl = &f.coarse
	}

	// Seeds.
	gridLo := math.Max(tauMin, dt)
	gridHi := math.Min(tauMax, span)
	if !(gridHi > gridLo*1.5) {
		gridLo, gridHi = tauMin, tauMax
	}
	k := 12
	if n == 1 {
		k = 16
	}
	seeds := append(f.seeds[:0], f.grid.gridSeeds(seedLvl, n, k, gridLo, gridHi, 3)...)
	if full.uniform && m >= 16 {
		s := max(1, m/48)
		f.reduce(&f.pencil, &f.pencilY, nil, full, s)
		if tau, ok := pencilTaus(f.pencil.y, f.pencil.dt, n); ok {
			seeds = append(seeds, seed{tau: tau})
		}
	}
	f.seeds = seeds
	if len(seeds) == 0 {
		return ExpResult{}, fmt.Errorf("%w: no usable starting values", ErrSingular)
	}

	iters := 0
	coarseSet := &Settings{MaxIter: 30, SSETol: 1e-8, StepTol: 1e-6}
	midSet := &Settings{MaxIter: 50, SSETol: 1e-11, StepTol: 1e-8}
	finalSet := o.Settings
	if finalSet == nil {
		finalSet = &Settings{MaxIter: 100}
	}
	x := f.x[:n]
	bestSSE := math.Inf(1)
	var best [maxExp]float64
	for _, sd := range seeds {
		for i := 0; i < n; i++ {
			x[i] = math.Log(sd.tau[i])
		}
		sse, it, _, err := f.minimize(seedLvl, x, lo, hi, coarseSet)
		iters += it
		if err == nil || isNoConv(err) {
			if sse < bestSSE {
				bestSSE = sse
				copy(best[:n], x)
			}
		}
	}
	if math.IsInf(bestSSE, 1) {
		return ExpResult{}, fmt.Errorf("%w: no starting value could be refined", ErrSingular)
	}
	copy(x, best[:n])
	if seedLvl != full {
		if len(levels) > 1 {
			_, it, _, _ := f.minimize(levels[1], x, lo, hi, midSet)
			iters += it
		}
	}
	_, it, status, err := f.minimize(full, x, lo, hi, finalSet.withExpDefaults())
	iters += it
	if err != nil && !isNoConv(err) {
		return ExpResult{}, err
	}
	res, serr := f.result(t0, n, sst, level, iters, status, &o)
	if serr != nil {
		return res, serr
	}
	return res, err
}

func isNoConv(err error) bool {
	return err != nil && errors.Is(err, ErrNoConvergence)
}

func (s *Settings) withExpDefaults() *Settings {
	d := *s
	if d.MaxIter <= 0 {
		d.MaxIter = 100
	}
	return &d
}

// minimize runs LM on lvl from x (in place); the varpro's cur moments hold
// the state at the returned x afterwards.
func (f *ExpFitter) minimize(lvl *expLevel, x, lo, hi []float64, set *Settings) (float64, int, Status, error) {
	n := len(x)
	f.vp.reset(lvl, n)
	f.lm.init(n)
	st, err := f.lm.run(&f.vp, x, lo, hi, set.withDefaults())
	return f.lm.sse, f.lm.iter, st, err
}

// result assembles the ExpResult from the varpro's current moments on the
// full level.
func (f *ExpFitter) result(t0 float64, n int, sst, level float64, iters int, status Status, o *ExpOptions) (ExpResult, error) {
	mo := &f.vp.cur
	lvl := &f.full
	m := lvl.len()
	p := 2*n + 1
	sse := mo.sse
	// JᵀJ in (a₀…a_{n−1}, offset, τ₀…τ_{n−1}) at the first sample.
	if f.jtj == nil || f.jtj.SymmetricDim() != p {
		f.jtj = mat.NewSymDense(p, nil)
		f.cov = mat.NewSymDense(p, nil)
	}
	jtj := f.jtj
	for i := 0; i <= n; i++ {
		for j := i; j <= n; j++ {
			jtj.SetSym(i, j, mo.G[i][j])
		}
	}
	var dfac [maxExp]float64
	for i := 0; i < n; i++ {
		dfac[i] = mo.c[i] / mo.tau[i]
		for j := 0; j <= n; j++ {
			jtj.SetSym(j, n+1+i, dfac[i]*mo.M[i][j])
		}
	}
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			jtj.SetSym(n+1+i, n+1+j, dfac[i]*dfac[j]*mo.P[i][j])
		}
	}
	dof := m - p
	res := ExpResult{
		T0:         t0,
		Offset:     mo.c[n] + lvl.c,
		SSE:        sse,
		R2:         1 - sse/sst,
		AICc:       AICc(sse, m, p),
		BIC:        BIC(sse, m, p),
		N:          m,
		DoF:        dof,
		Iterations: iters,
		Status:     status,
	}
	f.resid = grow(f.resid, m)
	ac := &f.ac
	ac.reset(f.resid, lvl.residuals(f.resid, mo))
	res.ResidualLag1 = ac.at(1)
	noise := independentNoise(m, p)
	if !o.Independent && dof >= 1 {
		noise = estimateAR1(ac, p)
	}
	f.noise = noise
	res.NoiseLag1, res.VarianceFactor, res.EffectiveDoF = noise.Rho, noise.Kappa, noise.DoF
	// Order components by τ.
	ord := make([]int, n)
	for i := range ord {
		ord[i] = i
	}
	sort.Slice(ord, func(a, b int) bool { return mo.tau[ord[a]] < mo.tau[ord[b]] })
	res.Tau = make([]float64, n)
	res.Amp = make([]float64, n)
	res.AmpT0 = make([]float64, n)
	res.TauCI = make([][2]float64, n)
	res.AmpCI = make([][2]float64, n)
	res.AmpT0CI = make([][2]float64, n)
	res.AtBound = make([]bool, n)
	res.TauCIProfile = make([]bool, n)
	res.TauSE = make([]float64, n)
	// s²·(JᵀJ)⁻¹ with s² = Kappa·SSE/VarDen (see ar1Noise).
	var cov *mat.SymDense
	var cerr error
	if dof < 1 {
		cerr = fmt.Errorf("%w: no residual degrees of freedom", ErrTooFewPoints)
	} else {
		cov, cerr = Covariance(f.cov, jtj, noise.Kappa*sse, 1)
		if cerr == nil {
			cov.ScaleSym(1/noise.VarDen, cov)
		}
	}
	tq := tQuantileDoF(level, noise.DoF)
	nan := [2]float64{math.NaN(), math.NaN()}
	sw, swt := 0.0, 0.0
	var theta [maxExp]float64
	var profile [maxExp]bool
	for k, i := range ord {
		tau, a := mo.tau[i], mo.c[i]
		res.Tau[k] = tau
		res.AmpT0[k] = a
		e := math.Exp(t0 / tau)
		res.Amp[k] = a * e
		th := f.x[i] // ln τ as searched: exp and log need not round-trip to the bound
		theta[i] = th
		res.AtBound[k] = th <= f.lo[i] || th >= f.hi[i]
		sw += math.Abs(a)
		swt += math.Abs(a) * tau
		if cerr != nil {
			res.TauCI[k], res.AmpT0CI[k], res.AmpCI[k] = nan, nan, nan
			res.TauSE[k] = math.NaN()
			continue
		}
		vt, va, vat := cov.At(n+1+i, n+1+i), cov.At(i, i), cov.At(i, n+1+i)
		res.TauSE[k] = math.Sqrt(vt)
		// Wald on ln τ, the scale the search runs on: positive, and skewed
		// towards long time constants as the sum of squares is.
		w := tq * math.Sqrt(vt) / tau
		res.TauCI[k] = [2]float64{tau * math.Exp(-w), tau * math.Exp(w)}
		switch {
		case res.AtBound[k]:
			// A time constant on a search bound is not a stationary point:
			// no interval describes it.
			res.TauCI[k] = nan
		case w > profileAbove:
			profile[i] = true
			res.TauCIProfile[k] = true
		}
		res.AmpT0CI[k] = Interval(a, math.Sqrt(va), tq)
		// Delta method for a·exp(t0/τ): ∂/∂a = e, ∂/∂τ = −a·t0/τ²·e.
		ga, gt := e, -a*t0/(tau*tau)*e
		v := ga*ga*va + 2*ga*gt*vat + gt*gt*vt
		res.AmpCI[k] = Interval(res.Amp[k], math.Sqrt(math.Max(v, 0)), tq)
	}
	res.WeightedTau = swt / sw
	if cerr != nil {
		res.OffsetCI = nan
		return res, cerr
	}
	res.OffsetCI = Interval(res.Offset, math.Sqrt(cov.At(n, n)), tq)
	if slices.Contains(profile[:n], true) {
		// Covariance of θ = ln τ, for the profile's warm starts.
		var covTheta [maxExp][maxExp]float64
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				covTheta[i][j] = cov.At(n+1+i, n+1+j) / (mo.tau[i] * mo.tau[j])
			}
		}
		thr := tq * tq * noise.Kappa * sse / noise.VarDen
		pr := expProfile{f: f, n: n, theta: theta, cov: covTheta, sse: sse, thr: thr}
		for k, i := range ord {
			if profile[i] {
				lo, hi := pr.interval(i, tq*math.Sqrt(covTheta[i][i]))
				res.TauCI[k] = [2]float64{lo, hi}
			}
		}
	}
	return res, nil
}

// residualSSE computes ‖y − Ac‖² from the residuals themselves, for when
// yᵀy − 2bᵀc + cᵀGc would lose too many digits to cancellation (a fit
// explaining all but 1e-8 of the variance).
func (l *expLevel) residualSSE(mo *expMoments) float64 {
	var buf [expAnchor]float64
	sse := 0.0
	for blk := 0; blk < l.len(); blk += expAnchor {
		r := buf[:min(expAnchor, l.len()-blk)]
		l.residualBlock(r, blk, mo)
		for _, v := range r {
			sse += v * v
		}
	}
	return sse
}

// residuals writes r = y − Ac into dst (len l.len()) and returns Σr².
func (l *expLevel) residuals(dst []float64, mo *expMoments) float64 {
	sse := 0.0
	for blk := 0; blk < len(dst); blk += expAnchor {
		r := dst[blk:min(blk+expAnchor, len(dst))]
		l.residualBlock(r, blk, mo)
		for _, v := range r {
			sse += v * v
		}
	}
	return sse
}

// residualBlock writes the residuals y − Ac of samples blk … blk+len(r)−1
// (len(r) ≤ expAnchor) into r.
func (l *expLevel) residualBlock(r []float64, blk int, mo *expMoments) {
	n := mo.n
	var e [expAnchor]float64
	for k := range r {
		r[k] = l.y[blk+k] - l.c - mo.c[n]
	}
	for i := 0; i < n; i++ {
		ei := e[:len(r)]
		if l.uniform {
			ExpBasis(ei, len(ei), float64(blk)*l.dt, l.dt, mo.tau[i])
		} else {
			for k := range ei {
				ei[k] = math.Exp(-l.t[blk+k] / mo.tau[i])
			}
		}
		for k := range r {
			r[k] -= mo.c[i] * ei[k]
		}
	}
}
