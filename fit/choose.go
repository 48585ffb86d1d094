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
//     time constant is determined: its interval is closed (a positive
//     lower end, a finite upper end) and its 95 % Wald half-width t·SE is
//     below τ itself;
//   - the extra-sum-of-squares F test gives p < Alpha;
//   - its AICc is lower.
//
// Both tests allow for correlated noise as the intervals do (see ExpResult;
// ChooseOptions.Exp.Independent turns that off): the rise of the sum of
// squares is compared with VarianceFactor times what independent noise
// would give, and AICc counts N/VarianceFactor effective observations
// (quasi-likelihood), with the larger model's noise estimate for both. F
// and P in ExpChoice are those corrected values. Without the correction a
// mono-exponential decay in noise with lag-1 correlation 0.9 grows a
// spurious second component in about one record in seven.
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
		nz := f.noise
		fv, pv := r.ftest(best, nz)
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
			case !(aiccUnder(r, nz) < aiccUnder(best, nz)):
				reason = fmt.Sprintf("AICc %.6g not below %.6g", aiccUnder(r, nz), aiccUnder(best, nz))
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

// ftest is the extra-sum-of-squares F test of the nested fit s against r
// under r's noise model nz: the rise of the sum of squares over its expected
// size, Kappa·s² per parameter with s² = SSE/VarDen, on (Δp, EffectiveDoF)
// degrees of freedom. For independent noise it is FTest.
func (r ExpResult) ftest(s ExpResult, nz ar1Noise) (f, p float64) {
	d1 := float64(s.DoF - r.DoF)
	if !(d1 > 0) || !(r.SSE > 0) || r.DoF < 1 {
		return math.NaN(), math.NaN()
	}
	f = ((s.SSE - r.SSE) / d1) / (nz.Kappa * r.SSE / nz.VarDen)
	return f, fUpperTail(f, d1, nz.DoF)
}

// aiccUnder returns AICc of s (up to a constant common to fits of the same
// data) under the noise model nz: a quasi-likelihood AICc on N/Kappa effective
// observations, −2·lnL/Kappa + 2k + 2k(k+1)/(N/Kappa − k − 1) with k the
// parameters plus the noise variance. For independent noise its
// differences are those of AICc.
func aiccUnder(s ExpResult, nz ar1Noise) float64 {
	k := float64(s.N - s.DoF + 1)
	me := float64(s.N) / nz.Kappa
	if me-k-1 <= 0 {
		return math.Inf(1)
	}
	return me*math.Log(s.SSE/float64(s.N)) + 2*k + 2*k*(k+1)/(me-k-1)
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
	tq := tQuantileDoF(0.95, r.EffectiveDoF)
	for i, ci := range r.TauCI {
		if !(ci[0] > 0) || math.IsInf(ci[1], 1) || !(tq*r.TauSE[i] < r.Tau[i]) {
			return fmt.Sprintf("tau %d (%.4g ± %.2g) not determined: interval [%.4g, %.4g]", i, r.Tau[i], r.TauSE[i], ci[0], ci[1])
		}
	}
	return ""
}
