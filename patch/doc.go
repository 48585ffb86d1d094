// Package patch analyses voltage-clamp recordings: ACh-evoked currents from
// Xenopus oocytes (two-electrode voltage clamp) — application detection,
// response measures, exponential decay kinetics with confidence intervals,
// rundown, dose–response, I–V and leak subtraction.
//
// Times are float64 seconds relative to the sweep's reference (t = 0 at the
// start of the sweep unless said otherwise); currents stay in the unit of
// the trace (typically nA) and measures returned in that unit say so.
//
// Exponential fits (FitExp, FitExpAuto) are thin, documented front ends to
// package fit, which does the numerical work (variable projection, bounded
// Levenberg–Marquardt, intervals and information criteria). Bad data — too
// few points, NaN or Inf, flat data, a fit that does not converge — is an
// error wrapping one of fit's sentinels (fit.ErrTooFewPoints,
// fit.ErrNotFinite, fit.ErrFlat, fit.ErrNoConvergence, …); mismatched slice
// lengths panic.
//
// What the fits' intervals assume. A voltage-clamp record is low-pass
// filtered and oversampled, so its noise is correlated from sample to
// sample; intervals that assume independent noise are then far too narrow
// (at a lag-1 correlation of 0.9 a "95 %" interval covers about a third of
// the time) and model choice adds spurious components. The fits therefore
// estimate the noise's lag-1 correlation from the residuals
// (ExpFit.ResidualLag1, NoiseLag1) and widen the intervals by
// √((1+ρ)/(1−ρ)) (VarianceFactor), treating the noise as a first-order
// autoregression; FitExpAuto's F test and AICc use the same correction.
// Time-constant intervals are Wald intervals on ln τ, or profile-likelihood
// intervals when the fit is weakly determined (ExpFit.TauCIProfile; an end
// may be 0 or +Inf where the data do not bound τ). A time constant on a
// search bound (ExpFit.AtBound) has a NaN interval: it is not a measured
// time constant. The estimates themselves are ordinary least squares (the
// same optimum as SciPy's curve_fit). Drift or hum left in the decay is not
// noise of this kind and widens nothing honestly: remove it first. To assume
// independent noise, call fit.Exp with fit.ExpOptions{Independent: true}
// and wrap the result as ExpFit{r}.
package patch
