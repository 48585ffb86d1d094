package patch

import (
	"fmt"

	"github.com/endplate/endplate/fit"
)

// DoseResult is a dose–response series: the responses (amplitudes, nA) at
// each concentration and the Hill fit
//
//	I(c) = Imax / (1 + (EC50/c)^Hill)
//
// on the log-concentration axis (fit.Hill with the baseline held at zero:
// amplitudes are measured from the baseline), with 95 % intervals. EC50 is
// in the unit of the concentrations.
type DoseResult struct {
	Conc      []float64
	Responses []float64 // nA
	fit.HillResult
}

// DoseResponse fits the Hill equation to responses (nA, positive
// amplitudes) at concentrations conc. Errors wrap fit's sentinels (too few
// points, fewer than two distinct concentrations, no convergence); it
// panics if the lengths differ.
func DoseResponse(conc, responses []float64) (DoseResult, error) {
	h, err := fit.Hill(conc, responses, nil)
	return DoseResult{Conc: conc, Responses: responses, HillResult: h}, err
}

// DoseFiles is the dose–response of `endplate dose`: with one file, its
// applications in time order pair with the concentrations; with several,
// one file per concentration in the same order, each file's first
// application. opt is passed to AnalyzeFile (its Apps are the perfusion
// protocol when given) with MeasureWeak set.
func DoseFiles(paths []string, conc []float64, opt *Options) (DoseResult, error) {
	// The lowest concentrations give responses down to a fraction of the
	// noise; the Hill fit needs them measured, not reported as absent.
	var o Options
	if opt != nil {
		o = *opt
	}
	o.MeasureWeak = true
	opt = &o
	var resp []float64
	switch {
	case len(paths) == 1:
		a, err := AnalyzeFile(paths[0], opt)
		if err != nil {
			return DoseResult{}, err
		}
		if len(a.Responses) != len(conc) {
			msg := ""
			if opt == nil || opt.Apps == nil {
				msg = " (found from the current, responses under 5 % of the largest are not seen: give the applications, as the perfusion protocol has them)"
			}
			return DoseResult{}, fmt.Errorf("%s: %d applications for %d concentrations%s", paths[0], len(a.Responses), len(conc), msg)
		}
		for _, r := range a.Responses {
			resp = append(resp, r.Amplitude)
		}
	case len(paths) == len(conc):
		for _, p := range paths {
			a, err := AnalyzeFile(p, opt)
			if err != nil {
				return DoseResult{}, err
			}
			resp = append(resp, a.Responses[0].Amplitude)
		}
	default:
		return DoseResult{}, fmt.Errorf("patch: %d files for %d concentrations (want one file, or one per concentration)", len(paths), len(conc))
	}
	return DoseResponse(conc, resp)
}
