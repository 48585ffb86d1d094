package fit

import (
	"math"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// ar1Noise is the correction of least-squares standard errors for noise
// that is correlated from sample to sample as a first-order autoregression,
// e_k = ρ·e_{k−1} + u_k: what a low-pass-filtered, oversampled recording
// has.
//
// The estimates stay the ordinary least-squares ones; only their spread is
// corrected. When the model's Jacobian columns vary slowly compared with the
// noise's correlation length (a decay spanning many samples), the sandwich
// covariance (JᵀJ)⁻¹JᵀΣJ(JᵀJ)⁻¹ of AR(1) noise with marginal variance σ² is
// σ²·Kappa·(JᵀJ)⁻¹ with Kappa = (1+ρ)/(1−ρ), the ratio of the noise
// spectrum at zero frequency to its variance; for a column that changes
// within the correlation length it is an upper bound, so the intervals err
// on the wide side. The residual sum of squares then has expectation
// σ²·(m − p·Kappa) (m samples, p parameters), which gives the variance
// estimate SSE/VarDen with Satterthwaite's (m − p·Kappa)·(1−ρ²)/(1+ρ²)
// degrees of freedom, fewer for the uncertainty of ρ itself (DoF).
type ar1Noise struct {
	Rho    float64 // ρ, corrected for the bias of the residuals' lag-1 autocorrelation
	Kappa  float64 // variance inflation (1+ρ)/(1−ρ)
	VarDen float64 // m − p·Kappa: SSE/VarDen estimates σ²
	DoF    float64 // degrees of freedom of that estimate
}

// Bounds on the corrected ρ: beyond 0.995 (Kappa ≈ 400) the residuals say
// more about a missing model term or drift than about filtered noise; a
// negative lag-1 correlation does not arise from low-pass filtering an
// oversampled signal, so a negative estimate is sampling scatter around 0
// and is taken as 0 (in a 200-point white-noise record, letting it shrink
// the intervals cost 1 % of coverage).
const (
	ar1RhoMax = 0.995
	ar1RhoMin = 0
)

// independentNoise is the model without correction: ρ = 0.
func independentNoise(m, p int) ar1Noise {
	d := float64(m - p)
	return ar1Noise{Kappa: 1, VarDen: d, DoF: d}
}

// newAR1Noise corrects r1, the lag-1 autocorrelation Σr_k·r_{k+1}/Σr_k² of
// the m residuals of a least-squares fit with p parameters, for its bias and
// returns the noise model. The residuals of a fit are more negatively
// correlated than the noise: with smooth regressors
// E[Σr_k·r_{k+1}] ≈ σ²·((m−1)ρ − p·Kappa) and E[Σr_k²] ≈ σ²·(m − p·Kappa),
// and the ratio estimator loses a further 2ρ/m (Marriott & Pope 1954). ρ
// solves r1 = ((m−1)ρ − p·Kappa(ρ))/(m − p·Kappa(ρ)) − 2ρ/m by fixed-point
// iteration; under white noise that adds p/m to r1.
func newAR1Noise(r1 float64, m, p int) ar1Noise {
	if math.IsNaN(r1) {
		return independentNoise(m, p)
	}
	fm, fp := float64(m), float64(p)
	rho := clampRho(r1)
	for it := 0; it < 50; it++ {
		k := (1 + rho) / (1 - rho)
		den := fm - fp*k
		if den < fm/4 {
			break // the correction itself would dominate: keep the last ρ
		}
		next := clampRho((r1 + fp*k/den) / ((fm-1)/den - 2/fm))
		if math.Abs(next-rho) < 1e-12 {
			rho = next
			break
		}
		rho = next
	}
	k := (1 + rho) / (1 - rho)
	den := math.Max(fm-fp*k, math.Max(fm/k, 1))
	// The variance estimate SSE/VarDen has Satterthwaite's degrees of
	// freedom νₛ = VarDen·(1−ρ²)/(1+ρ²); Kappa adds its own uncertainty,
	// Var(ln Kappa) ≈ 4/((1−ρ²)·m) from Var(ρ) ≈ (1−ρ²)/m. With
	// Var(ln s²) ≈ 2/ν for ν degrees of freedom the two combine to
	// 1/ν = 1/νₛ + 2/((1−ρ²)·m). Without it the ±7 % scatter of Kappa in a
	// 200-point record costs about 1 % of coverage.
	dofS := den * (1 - rho*rho) / (1 + rho*rho)
	dof := math.Max(1/(1/dofS+2/((1-rho*rho)*fm)), 1)
	return ar1Noise{Rho: rho, Kappa: k, VarDen: den, DoF: dof}
}

func clampRho(r float64) float64 {
	return math.Min(math.Max(r, ar1RhoMin), ar1RhoMax)
}

// tQuantileDoF is TQuantile for real-valued degrees of freedom.
func tQuantileDoF(level, dof float64) float64 {
	if !(dof >= 1) {
		return math.NaN()
	}
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: dof}.Quantile((1 + level) / 2)
}

// fUpperTail returns P(F(d1, d2) > f).
func fUpperTail(f, d1, d2 float64) float64 {
	if f <= 0 {
		return 1
	}
	return mathext.RegIncBeta(d2/2, d1/2, d2/(d2+d1*f))
}
