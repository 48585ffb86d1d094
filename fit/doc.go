// Package fit is endplate's least-squares engine: what gonum lacks for
// kinetic and dose–response analysis.
//
//   - LevenbergMarquardt minimises Σ rᵢ(x)² over a box, with an analytic
//     or a forward-difference Jacobian, damped normal equations solved by
//     Cholesky (gonum's LAPACK) and four stopping rules (Settings).
//   - Exp and ExpFitter fit y ≈ Σ Amp·exp(−t/τ) + Offset with 1 to 3
//     components by variable projection: amplitudes and offset are solved
//     linearly, only ln τ is searched; no starting values are needed.
//     ChooseExp picks the number of components (F test, AICc, guards).
//   - Hill fits the Hill equation on the log-concentration axis.
//   - Covariance, TQuantile, Interval, AICc, BIC and FTest are the
//     statistics the fits report: intervals from s²(JᵀJ)⁻¹ with Student t
//     quantiles, information criteria for model choice.
//
// Units are the caller's: times in the unit of t (seconds in endplate),
// amplitudes in the unit of y.
//
// Intervals and their assumptions. Every interval is two-sided at the
// requested level (95 % by default) and asymptotic; the noise is assumed
// Gaussian with constant variance. Estimates are ordinary least squares.
//
//   - Exp assumes by default that the noise may be correlated from sample to
//     sample — what a recording low-pass filtered below its sampling rate
//     has — and models it as a first-order autoregression. It measures the
//     residuals' autocorrelation (ExpResult.ResidualLag1 is its lag-1
//     value), corrects it for the bias of fitted residuals, and takes the
//     AR(1) whose correlation falls to 1/e at the same lag (NoiseLag1,
//     0 when negative); every interval is widened by √((1+ρ)/(1−ρ))
//     (VarianceFactor), on fewer degrees of freedom (EffectiveDoF). On
//     AR(1) noise this is exact; on Bessel-filtered noise it overstates the
//     variance by about 15 % (the lag-1 correlation alone would by 4–12
//     times). The factor is exact for components that span many samples
//     and errs wide for one that decays within the noise's correlation
//     length. Noise with a longer memory (drift, 1/f) or hum is not this
//     kind of noise: remove it, or look at the residuals.
//     ExpOptions.Independent assumes independent noise instead, as SciPy's
//     curve_fit does. ChooseExp's F test and AICc use the same noise model.
//   - Time-constant intervals are Wald intervals on ln τ (the scale the
//     search runs on), replaced by profile-likelihood intervals where they
//     span more than ±5 % of τ; those follow a weakly determined fit (a
//     short or noisy record, close time constants) and may be open (0 or
//     +Inf) where the data do not bound τ. A time constant on a search
//     bound (AtBound) has no interval (NaN): flag it, do not report it.
//   - Hill gives profile-likelihood intervals for EC50 and the Hill
//     coefficient (one-sided for a parameter on its search bound) and
//     assumes independent responses.
//   - Amplitude and offset intervals are Wald intervals ±t·SE.
//
// Errors and panics: bad data — too few points, NaN or Inf, constant data,
// non-convergence, a singular system — is an error wrapping one of the
// sentinels in errors.go (all prefixed "fit: "; test with errors.Is).
// When the iteration limit is reached the result still holds the best point
// found, together with ErrNoConvergence. Programmer errors — slices of
// different lengths, inconsistent problem dimensions, a negative length for
// ExpBasis, a confidence level outside (0, 1) for TQuantile — panic with a
// message prefixed "fit: ". Bounds are data: LevenbergMarquardt returns
// ErrBadInput for a NaN bound or a lower bound above its upper one.
//
// Performance: on evenly sampled data a variable-projection iteration costs
// one pass over the samples per time constant (exp(−Δt/τ)^k by recurrence,
// a fresh exp every 256 samples; Gram matrices in closed form), and the
// search runs on bin means first. The noise estimate costs one more pass
// (and one dot product per lag tried, about 2·log₂ of the correlation
// length); a profile interval a few refits on the full data, only where it
// is needed. Timings against SciPy's curve_fit are in BENCHMARKS.md.
// ExpFitter keeps its scratch space between calls and is for one goroutine
// at a time; the functions (Exp, ChooseExp, Hill, LevenbergMarquardt, …)
// keep no state of their own and are safe for concurrent use (Exp draws
// its ExpFitter from a pool). No function starts goroutines.
package fit
