package fit

import (
	"math"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// ar1Noise is the correction of least-squares standard errors for noise
// that is correlated from sample to sample, modelled as a first-order
// autoregression e_k = ρ·e_{k−1} + u_k.
//
// The estimates stay the ordinary least-squares ones; only their spread is
// corrected. When the model's Jacobian columns vary slowly compared with the
// noise's correlation length (a decay spanning many samples), the sandwich
// covariance (JᵀJ)⁻¹JᵀΣJ(JᵀJ)⁻¹ of noise with marginal variance σ² is
// σ²·Kappa·(JᵀJ)⁻¹, Kappa the ratio of the noise spectrum at zero frequency
// to its variance — (1+ρ)/(1−ρ) for AR(1); for a column that changes within
// the correlation length it is an upper bound, so the intervals err on the
// wide side. The residual sum of squares then has expectation
// σ²·(m − p·Kappa) (m samples, p parameters), which gives the variance
// estimate SSE/VarDen with Satterthwaite's (m − p·Kappa)·(1−ρ²)/(1+ρ²)
// degrees of freedom, fewer for the uncertainty of ρ itself (DoF).
type ar1Noise struct {
	Rho    float64 // ρ of the AR(1) model (see estimateAR1)
	Kappa  float64 // variance inflation (1+ρ)/(1−ρ)
	VarDen float64 // m − p·Kappa: SSE/VarDen estimates σ²
	DoF    float64 // degrees of freedom of the variance estimate
}

// Bounds on ρ: beyond 0.995 (Kappa ≈ 400) the residuals say more about a
// missing model term or drift than about filtered noise; a negative
// lag-1 correlation does not arise from low-pass filtering an oversampled
// signal, so a negative estimate is sampling scatter around 0 and is taken
// as 0 (in a 200-point white-noise record, letting it shrink the intervals
// cost 1 % of coverage).
const (
	ar1RhoMax = 0.995
	ar1RhoMin = 0
)

// independentNoise is the model without correction: ρ = 0, exact DoF.
func independentNoise(m, p int) ar1Noise {
	d := float64(m - p)
	return ar1Noise{Kappa: 1, VarDen: d, DoF: d}
}

// autocorr computes the autocorrelation a_k = Σ r_j·r_{j+k} / Σ r_j² of a
// residual series at the lags asked for, each once.
type autocorr struct {
	r   []float64
	c0  float64
	acf []float64 // a_k by lag; NaN where not computed yet
}

func (a *autocorr) reset(r []float64, c0 float64) {
	a.r, a.c0, a.acf = r, c0, a.acf[:0]
}

// at returns a_k (0 ≤ k < len(r)).
func (a *autocorr) at(k int) float64 {
	for len(a.acf) <= k {
		a.acf = append(a.acf, math.NaN())
	}
	if math.IsNaN(a.acf[k]) {
		a.acf[k] = lagDot(a.r, k) / a.c0
	}
	return a.acf[k]
}

// lagDot returns Σ_j r_j·r_{j+k}, four lanes side by side.
func lagDot(r []float64, k int) float64 {
	x, y := r[:len(r)-k], r[k:]
	y = y[:len(x)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += x[i] * y[i]
		s1 += x[i+1] * y[i+1]
		s2 += x[i+2] * y[i+2]
		s3 += x[i+3] * y[i+3]
	}
	for ; i < len(x); i++ {
		s0 += x[i] * y[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// estimateAR1 fits the AR(1) noise model to the autocorrelation of the
// residuals of a least-squares fit with p parameters.
//
// ρ is chosen so that the model's correlation ρ^k falls to 1/e at the same
// lag L as the noise's: ρ = exp(−1/L), L interpolated log-linearly between
// the lags on either side (so for AR(1) noise any L gives ρ back, and when
// the lag-1 correlation is already below 1/e, ρ is the lag-1 correlation).
// Noise low-pass filtered below its sampling rate (Bessel, Butterworth) has
// a correlation that is flat at small lags; the lag-1 correlation alone
// then makes Kappa 4–12 times too large, while the 1/e lag overstates it by
// about 15 % (2-, 4- and 8-pole Bessel at 0.05–0.2 of Nyquist, 2000
// samples, against the exact (Σh)²/Σh² of the filter's impulse response h),
// at about 1.5 times the scatter of the lag-1 estimate on AR(1) noise.
//
// The residuals of a fit are less correlated than the noise: with smooth
// regressors E[Σr_j·r_{j+k}] ≈ σ²·((m−k)ρ_k − p·Kappa) and
// E[Σr_j²] ≈ σ²·(m − p·Kappa), so the noise correlation is
// ρ_k ≈ (a_k·(m − p·Kappa) + p·Kappa)/(m − k), with Kappa from ρ itself
// (fixed-point iteration; under white noise this adds about p/m to a_1).
func estimateAR1(a *autocorr, p int) ar1Noise {
	m := len(a.r)
	fm, fp := float64(m), float64(p)
	if !(a.c0 > 0) || m < 3 {
		return independentNoise(m, p)
	}
	// Beyond the lag at which ar1RhoMax's correlation falls to 1/e
	// (−1/ln 0.995 ≈ 200) ρ would be clamped anyway: the search stops
	// there.
	kmax := min(m/4, int(math.Ceil(-1/math.Log(ar1RhoMax)))+1)
	rho, lagged := 0.0, false
	kappa := 1.0
	for it := 0; it < 50; it++ {
		den := fm - fp*kappa
		if den < fm/4 {
			break // the correction itself would dominate: keep the last ρ
		}
		corr := func(k int) float64 { return (a.at(k)*den + fp*kappa) / (fm - float64(k)) }
		next, lag := crossingRho(corr, kmax)
		next = math.Min(math.Max(next, ar1RhoMin), ar1RhoMax)
		done := math.Abs(next-rho) < 1e-12
		rho, lagged = next, lag
		kappa = (1 + rho) / (1 - rho)
		if done {
			break
		}
	}
	return ar1FromRho(rho, m, p, lagged)
}

// crossingRho returns ρ = exp(−1/L) for the lag L at which corr falls to
// 1/e (see estimateAR1), or corr(1) when that is already below 1/e; lagged
// reports the former. Without a crossing up to kmax it returns 1 (the
// caller clamps it). The crossing is bracketed by doubling the lag and then
// bisected to neighbouring lags, so it costs about 2·log₂L lags, not L (a
// residual series of 60,000 samples correlated over 200 lags would
// otherwise take 12 M multiplications); where the correlation oscillates
// (hum) it may find a later crossing than the first, which errs wide.
func crossingRho(corr func(int) float64, kmax int) (rho float64, lagged bool) {
	const inv = 1 / math.E
	c1 := corr(1)
	if c1 < inv || kmax < 2 {
		return c1, false
	}
	lo, hi := 1, 2 // corr(lo) ≥ 1/e; corr(hi) to be tested
	for corr(hi) >= inv {
		if hi == kmax {
			return 1, true
		}
		lo, hi = hi, min(2*hi, kmax)
	}
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if corr(mid) < inv {
			hi = mid
		} else {
			lo = mid
		}
	}
	prev, ck := corr(lo), corr(hi)
	var l float64
	if ck > 0 {
		l = float64(lo) + (math.Log(prev)+1)/(math.Log(prev)-math.Log(ck))
	} else {
		l = float64(lo) + (prev-inv)/(prev-ck)
	}
	return math.Exp(-1 / l), true
}

// ar1FromRho returns the noise model for ρ with m residuals and p
// parameters. The degrees of freedom combine the variance estimate's,
// νₛ = VarDen·(1−ρ²)/(1+ρ²), with the scatter of Kappa: Var(ln Kappa) ≈
// 4/((1−ρ²)·m) for the lag-1 estimate, about twice that for the 1/e lag
// (lagged). With Var(ln s²) ≈ 2/ν they add as 1/ν = 1/νₛ + Var(ln Kappa)/2.
func ar1FromRho(rho float64, m, p int, lagged bool) ar1Noise {
	fm, fp := float64(m), float64(p)
	k := (1 + rho) / (1 - rho)
	den := math.Max(fm-fp*k, math.Max(fm/k, 1))
	dofS := den * (1 - rho*rho) / (1 + rho*rho)
	vk := 4 / ((1 - rho*rho) * fm)
	if lagged {
		vk *= 2
	}
	dof := math.Max(1/(1/dofS+vk/2), 1)
	return ar1Noise{Rho: rho, Kappa: k, VarDen: den, DoF: dof}
}

// tQuantileDoF is TQuantile for real-valued degrees of freedom.
func tQuantileDoF(level, dof float64) float64 {
	if !(dof >= 1) {
		return math.NaN()
	}
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: dof}.Quantile((1 + level) / 2)
}

// fUpperTail returns P(F(d1, d2) > f): the upper tail directly,
// I_{d2/(d2+d1·f)}(d2/2, d1/2), rather than 1 − distuv.F.CDF, which loses
// everything below ~1e-16.
func fUpperTail(f, d1, d2 float64) float64 {
	if f <= 0 {
		return 1
	}
	return mathext.RegIncBeta(d2/2, d1/2, d2/(d2+d1*f))
}
