// Package patch analyses voltage-clamp recordings: ACh-evoked currents from
// Xenopus oocytes (two-electrode voltage clamp) — application detection,
// response measures, exponential decay kinetics with confidence intervals,
// rundown, dose–response, I–V and leak subtraction.
//
// Times are float64 seconds relative to the sweep's reference (t = 0 at the
// start of the sweep unless said otherwise); currents stay in the unit of
// the trace (typically nA) and measures returned in that unit say so.
//
// This file set currently holds the exponential fits (FitExp, FitExpAuto);
// they are thin, documented front ends to package fit, which does the
// numerical work (variable projection, bounded Levenberg–Marquardt,
// intervals and information criteria). Bad data — too few points, NaN or
// Inf, flat data, a fit that does not converge — is an error wrapping one of
// fit's sentinels (fit.ErrTooFewPoints, fit.ErrNotFinite, fit.ErrFlat,
// fit.ErrNoConvergence, …); mismatched slice lengths panic.
package patch
