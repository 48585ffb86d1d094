package patch

import "math"

// RundownResult describes how the response to repeated applications runs
// down: each amplitude (nA) and its percentage of the first, and
// Rundown = (1 − last/first) × 100.
type RundownResult struct {
	Amplitudes  []float64 // nA, in order of application
	RelativePct []float64 // 100 · amplitude / first
	RundownPct  float64   // (1 − last/first) × 100; NaN with fewer than two applications
}

// Rundown computes the rundown of amplitudes given in order of application.
func Rundown(amps []float64) RundownResult {
	r := RundownResult{Amplitudes: amps, RelativePct: make([]float64, len(amps)), RundownPct: math.NaN()}
	if len(amps) == 0 {
		return r
	}
	for i, a := range amps {
		r.RelativePct[i] = 100 * a / amps[0]
	}
	if len(amps) >= 2 {
		r.RundownPct = (1 - amps[len(amps)-1]/amps[0]) * 100
	}
	return r
}

// Rundown returns the rundown over every application of the analysis, in
// order of sweep and time.
func (a *Analysis) Rundown() RundownResult {
	amps := make([]float64, len(a.Responses))
	for i, r := range a.Responses {
		amps[i] = r.Amplitude
	}
	return Rundown(amps)
}
