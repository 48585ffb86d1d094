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
// amplitudes in the unit of y. Intervals are two-sided Wald intervals at the
// requested level (95 % by default); they are asymptotic and assume
// independent Gaussian noise of constant variance.
//
// Errors and panics: bad data — too few points, NaN or Inf, constant data,
// non-convergence, a singular system — is an error wrapping one of the
// sentinels in errors.go (all prefixed "fit: "; test with errors.Is).
// When the iteration limit is reached the result still holds the best point
// found, together with ErrNoConvergence. Programmer errors — slices of
// different lengths, inconsistent problem dimensions — panic.
//
// Performance: on evenly sampled data a variable-projection iteration costs
// one pass over the samples per time constant (exp(−Δt/τ)^k by recurrence,
// a fresh exp every expAnchor samples; Gram matrices in closed form), and
// the search runs on bin means first. A 20,000-point bi-exponential fit
// takes a few hundred microseconds. ExpFitter keeps its scratch space
// between calls; no function starts goroutines.
package fit
