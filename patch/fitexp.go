package patch

import (
	"github.com/endplate/endplate/fit"
)

// ExpFit is a fit of y ≈ Σᵢ Amp[i]·exp(−t/Tau[i]) + Offset: fit.ExpResult
// itself (Tau, TauCI, Amp, AmpT0, Offset, their intervals, WeightedTau, SSE,
// R2, AICc, BIC, N, AtBound, …; see its fields for units and meaning), with
// the names the voltage-clamp analyses use.
type ExpFit struct {
	fit.ExpResult
}

// Components returns the number of exponential components.
func (f ExpFit) Components() int { return len(f.Tau) }

// Model names the fit: "mono", "bi" or "tri" (exponential).
func (f ExpFit) Model() string {
	switch len(f.Tau) {
	case 1:
		return "mono"
	case 2:
		return "bi"
	case 3:
		return "tri"
	}
	return ""
}

// FitExp fits y ≈ Σᵢ Amp[i]·exp(−t/Tau[i]) + Offset with n = 1, 2 or 3
// exponential components to the samples (t[k], y[k]). t need not start at 0
// (see ExpFit.Amp and AmpT0); evenly spaced t takes a fast path.
//
// No starting values are needed: the time constants come from a matrix
// pencil and a log-spaced grid, refined by variable projection (see
// fit.ExpFitter.Fit for the method, bounds and stopping rules). Time
// constants are searched between half the sample interval and ten times
// the span of t. The 95 % intervals allow for correlated noise (see the
// package doc and fit.ExpResult).
//
// Errors wrap fit.ErrBadInput (n outside 1..3), fit.ErrTooFewPoints (fewer
// than 2n+2 points), fit.ErrNotFinite, fit.ErrFlat, fit.ErrSingular or
// fit.ErrNoConvergence; with the last two the returned ExpFit holds the best
// point found. FitExp panics if len(t) != len(y).
func FitExp(t, y []float64, n int) (ExpFit, error) {
	r, err := fit.Exp(t, y, n, nil)
	return ExpFit{r}, err
}

// FitExpAuto fits 1 to maxN (≤ 3; 0 means 3) components and returns the
// fit chosen by fit.ChooseExp: a component is added only when the
// extra-sum-of-squares F test (p < 0.05) and AICc both favour it, allowing
// for correlated noise (see the package doc), and the larger model passes
// the guards — time constants at least a factor of 2 apart, amplitudes of
// one sign, no time constant at a search bound, every time constant
// determined (a closed interval, t·SE below τ).
func FitExpAuto(t, y []float64, maxN int) (ExpFit, error) {
	r, _, err := fit.ChooseExp(t, y, &fit.ChooseOptions{MaxN: maxN})
	return ExpFit{r}, err
}
