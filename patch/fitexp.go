package patch

import (
	"github.com/endplate/endplate/fit"
)

// ExpFit is a fit of y ≈ Σᵢ Amp[i]·exp(−t/Tau[i]) + Offset. Components are
// sorted by ascending Tau; intervals are 95 % (Student t, from s²(JᵀJ)⁻¹).
type ExpFit struct {
	Tau   []float64    // time constants, ascending (unit of t, s)
	TauCI [][2]float64 // 95 % intervals of Tau

	// Amp are the amplitudes at t = 0, exactly as the formula reads, in the
	// unit of y. They equal AmpT0[i]·exp(T0/Tau[i]): when the data start
	// long after t = 0 (T0/Tau > ~709) this overflows to ±Inf and the
	// amplitudes at the first sample (AmpT0) are the usable numbers.
	Amp   []float64
	AmpCI [][2]float64

	T0      float64      // t[0], the first fitted sample
	AmpT0   []float64    // amplitudes at T0: y(T0) = Σ AmpT0 + Offset
	AmpT0CI [][2]float64 // 95 % intervals of AmpT0

	Offset   float64
	OffsetCI [2]float64

	// WeightedTau is the amplitude-weighted time constant
	// Σ|AmpT0ᵢ|·Tauᵢ / Σ|AmpT0ᵢ| (weights at the first sample).
	WeightedTau float64

	SSE  float64 // sum of squared residuals
	R2   float64 // coefficient of determination
	AICc float64 // corrected Akaike criterion (fit.AICc, 2n+1 parameters)
	BIC  float64 // Bayesian information criterion (fit.BIC)

	N          int    // number of points fitted
	Iterations int    // Levenberg–Marquardt iterations
	AtBound    []bool // whether Tau[i] sits on a bound of the search
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
// the span of t.
//
// Errors wrap fit.ErrBadInput (n outside 1..3), fit.ErrTooFewPoints (fewer
// than 2n+2 points), fit.ErrNotFinite, fit.ErrFlat, fit.ErrSingular or
// fit.ErrNoConvergence; with the last two the returned ExpFit holds the best
// point found. FitExp panics if len(t) != len(y).
func FitExp(t, y []float64, n int) (ExpFit, error) {
	r, err := fit.Exp(t, y, n, nil)
	return fromResult(r), err
}

// FitExpAuto fits 1 to maxN (≤ 3; 0 means 3) components and returns the
// fit chosen by fit.ChooseExp: a component is added only when the
// extra-sum-of-squares F test (p < 0.05) and AICc both favour it and the
// larger model passes the guards — time constants at least a factor of 2
// apart, amplitudes of one sign, no time constant at a search bound, every
// time-constant interval above zero.
func FitExpAuto(t, y []float64, maxN int) (ExpFit, error) {
	r, _, err := fit.ChooseExp(t, y, &fit.ChooseOptions{MaxN: maxN})
	return fromResult(r), err
}

func fromResult(r fit.ExpResult) ExpFit {
	return ExpFit{
		Tau:         r.Tau,
		TauCI:       r.TauCI,
		Amp:         r.Amp,
		AmpCI:       r.AmpCI,
		T0:          r.T0,
		AmpT0:       r.AmpT0,
		AmpT0CI:     r.AmpT0CI,
		Offset:      r.Offset,
		OffsetCI:    r.OffsetCI,
		WeightedTau: r.WeightedTau,
		SSE:         r.SSE,
		R2:          r.R2,
		AICc:        r.AICc,
		BIC:         r.BIC,
		N:           r.N,
		Iterations:  r.Iterations,
		AtBound:     r.AtBound,
	}
}
