// Package patch analyses voltage-clamp recordings: ACh-evoked currents from
// Xenopus oocytes (two-electrode voltage clamp) — application detection,
// response measures, exponential decay kinetics with confidence intervals,
// rundown, dose–response, I–V and leak subtraction.
//
// # Entry points
//
// Analyze (on an *ephys.Recording) and AnalyzeFile (on a path) are the
// file-level analysis behind `endplate ach`: they choose the channel
// (Options.Channel), convert the current to nA whatever the file's unit,
// find the applications (Options.Apps, else the file's tags, else the
// current itself) and measure each one into a Response. The trial runner
// calls the same functions, so it gets exactly what the command prints.
// Analysis.Rundown gives `endplate rundown`; DoseFiles (and DoseResponse on
// amplitudes) gives `endplate dose`; IVFile / IVRecording, with Reversal,
// SubtractLeak and SubtractLinearLeak, give `endplate iv`. Simulate is the
// kinetic simulator behind `endplate simulate ach` and the tests (SimTaus,
// SimCRB give a simulation's exact time constants and their Cramér–Rao
// bounds).
//
// # Method
//
// The definitions are DESIGN.md's. A response found from the current must
// leave a drift-following baseline by 10 SD of the baseline noise (the SD
// of the raw samples, from differences 100 ms apart, so that filtered,
// correlated noise is not underestimated) and reach 5 % of the file's
// largest response (over all sweeps); stretches shorter than 0.2 s
// (artifacts; and under four samples at the lowest rates) and stretches
// that start during a voltage-command step (test pulses) are not
// responses. Isolated one-sample spikes beyond 10 noise SD (ADC or file
// glitches) are replaced by their neighbours' mean first, and flagged
// (FlagGlitch). The baseline under
// an application is a line through the quiet samples before the onset and
// after the washout. The peak comes from a local cubic fit around the
// extreme, not one noisy sample. Rise is between the interpolated 10 % and
// 90 % crossings. The decay is fitted from the end of the agonist exchange
// (peak + three 10–90 % rise times) to the offset, where the current leaves
// its in-agonist course (found from the collapse of the current at the
// washout and from the fit's residuals), with one or two exponentials plus
// an offset chosen by F test and AICc with guards against spurious
// components (fit.ChooseExp). T0.5 is read from that fit where the current
// falls to half the peak inside the window (noise-free), from the samples
// where it does so earlier, and is NaN when it never does in agonist.
// A given application (Options.Apps, tags, epochs) has its peak searched
// inside its window; one whose current never leaves the level before it by
// 10 noise SD holds no response: FlagNoResponse and NaN measures (except
// with Options.MeasureWeak, which DoseFiles sets for the lowest
// concentrations of a dose–response series).
//
// # Units and errors
//
// Times are float64 seconds from the start of the sweep; currents are nA,
// charges nC. A measure that cannot be made is NaN (null in JSON). Bad data
// — an unreadable file, a channel that is not a current, a recording
// without a response — is an error naming the file; a decay that cannot be
// fitted leaves Response.Decay nil with the reason in DecayErr and
// FlagFitFailed set. The fits' errors wrap fit's sentinels
// (fit.ErrTooFewPoints, fit.ErrNotFinite, fit.ErrFlat, fit.ErrNoConvergence,
// …); mismatched slice lengths panic. No function starts goroutines, and
// none keeps state between calls: every function is safe for concurrent
// use on distinct inputs (the trial runner analyses files in parallel).
//
// # Exponential fits
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
// estimate the noise's correlation from the residuals (ExpFit.ResidualLag1,
// NoiseLag1: a first-order autoregression matched at the lag where the
// correlation falls to 1/e, which also suits Bessel-filtered noise) and
// widen the intervals by √((1+ρ)/(1−ρ)) (VarianceFactor); FitExpAuto's F
// test and AICc use the same correction.
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
