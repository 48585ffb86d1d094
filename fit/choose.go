package fit

import (
	"fmt"
	"math"
)

// ChooseOptions controls ChooseExp. The zero value (or nil) means the
// defaults.
type ChooseOptions struct {
	// MaxN is the largest number of components tried (1..3); 0 means 3.
	MaxN int

	// Alpha is the level of the extra-sum-of-squares F test; 0 means 0.05.
	Alpha float64

	// MinTauRatio is the smallest accepted ratio between neighbouring time
	// constants; 0 means 2.
	MinTauRatio float64

	// MixedSigns accepts amplitudes of different signs (a rise and a decay).
	// By default all amplitudes of an accepted model share one sign.
	MixedSigns bool

	// Exp is passed to every fit.
	Exp *ExpOptions
}

// ExpChoice records how ChooseExp decided.
type ExpChoice struct {
	N    int         // the chosen number of components
	Fits []ExpResult // Fits[k] has k+1 components (up to where fitting stopped)

	// F and P hold the F statistic and p value of Fits[k] against
	// Fits[k−1] (NaN for k = 0).
	F, P []float64

	// Rejected[k] says why Fits[k] was not accepted ("" if it was, or if
	// it was never considered).
	Rejected []string
}

// ChooseExp fits 1, 2, … MaxN exponential components (plus offset) and
// chooses the number by parsimony: starting from one component, n+1 is
// accepted over n only if
//
//   - its fit converged and passes the guards: neighbouring time constants
//     differ by at least MinTauRatio, all amplitudes share one sign (unless
//     MixedSigns), no time constant lies on a search bound, and every
//     time-constant interval has a positive lower end;
//   - the extra-sum-of-squares F test (FTest) gives p < Alpha;
//   - its AICc is lower.
//
// The search stops at the first rejection. It returns the chosen fit, the
// record, and an error only when the one-component fit fails.
func ChooseExp(t, y []float64, opt *ChooseOptions) (ExpResult, ExpChoice, error) {
	var o ChooseOptions
	if opt != nil {
		o = *opt
	}
	if o.MaxN <= 0 || o.MaxN > maxExp {
		o.MaxN = maxExp
	}
	if o.Alpha <= 0 {
		o.Alpha = 0.05
	}
	if o.MinTauRatio <= 0 {
		o.MinTauRatio = 2
	}
	var f ExpFitter
	var ch ExpChoice
	first, err := f.Fit(t, y, 1, o.Exp)
	if err != nil {
		return first, ch, err
	}
	ch.N = 1
	ch.Fits = append(ch.Fits, first)
	ch.F = append(ch.F, math.NaN())
	ch.P = append(ch.P, math.NaN())
	ch.Rejected = append(ch.Rejected, "")
	best := first
	for n := 2; n <= o.MaxN; n++ {
		if len(y) < 2*n+3 {
			break
		}
		r, err := f.Fit(t, y, n, o.Exp)
		fv, pv := FTest(best.SSE, best.DoF, r.SSE, r.DoF)
		ch.Fits = append(ch.Fits, r)
		ch.F = append(ch.F, fv)
		ch.P = append(ch.P, pv)
		reason := ""
		switch {
		case err != nil:
			reason = err.Error()
		default:
			reason = guardExp(r, &o)
		}
		if reason == "" {
			switch {
			case !(pv < o.Alpha):
				reason = fmt.Sprintf("F test p = %.3g ≥ %g", pv, o.Alpha)
			case !(r.AICc < best.AICc):
				reason = fmt.Sprintf("AICc %.6g not below %.6g", r.AICc, best.AICc)
			}
		}
		ch.Rejected = append(ch.Rejected, reason)
		if reason != "" {
			break
		}
		best = r
		ch.N = n
	}
	return best, ch, nil
}

// guardExp returns why r fails the plausibility guards, or "".
func guardExp(r ExpResult, o *ChooseOptions) string {
	for i, b := range r.AtBound {
		if b {
			return fmt.Sprintf("tau %d (%.4g) at a search bound", i, r.Tau[i])
		}
	}
	for i := 1; i < len(r.Tau); i++ {
		if r.Tau[i] < o.MinTauRatio*r.Tau[i-1] {
			return fmt.Sprintf("taus %.4g and %.4g closer than a factor %g", r.Tau[i-1], r.Tau[i], o.MinTauRatio)
		}
	}
	if !o.MixedSigns {
		for i := 1; i < len(r.AmpT0); i++ {
			if (r.AmpT0[i] > 0) != (r.AmpT0[0] > 0) {
				return "amplitudes of different signs"
			}
		}
	}
	for i, ci := range r.TauCI {
		if !(ci[0] > 0) {
			return fmt.Sprintf("tau %d (%.4g) not determined: interval reaches %.4g", i, r.Tau[i], ci[0])
		}
	}
	return ""
}
