package patch

import (
	"math"
	"strings"
)

// Window is one application of agonist: onset and offset in seconds from
// the start of the sweep.
type Window struct {
	Onset, Offset float64
}

// Baseline is the current without agonist under one application: a line
// through the samples before the onset and after the washout (drift), and
// the noise about it.
type Baseline struct {
	Level   float64 // at the onset, nA
	DriftPS float64 // slope, nA/s
	NoiseSD float64 // SD of the raw samples (robust, from first differences), nA
}

// At returns the baseline at time t (s) of an application with onset on.
func (b Baseline) At(t, on float64) float64 { return b.Level + b.DriftPS*(t-on) }

// Decay is the exponential fit of a response's desensitising decay,
// baseline subtracted: I(t) ≈ Σ Ampᵢ·exp(−(t−From)/Tauᵢ) + Offset for t
// in [From, To], the window DESIGN.md defines (from the end of the agonist
// exchange, the peak plus three 10–90 % rise times, to the offset). The
// embedded ExpFit's time origin is From: its Amp are the amplitudes at the
// start of the window, in nA; Tau and TauCI in seconds. The fit is made on
// means of Bin consecutive samples (see decayBin), so its N, SSE, R2 and
// AICc count bins.
type Decay struct {
	ExpFit
	From, To float64 // fit window, s from the start of the sweep
	Bin      int     // samples per fitted point
}

// At returns the fitted decay at time t (s from the start of the sweep), in
// nA relative to the baseline: Offset + Σ Amp[i]·exp(−(t − From)/Tau[i]).
func (d *Decay) At(t float64) float64 {
	v := d.Offset
	for i, tau := range d.Tau {
		v += d.Amp[i] * math.Exp(-(t-d.From)/tau)
	}
	return v
}

// Flags are quality warnings on one response.
type Flags uint

const (
	// FlagClipped: samples at the recording's limit (amplifier or ADC
	// saturation) inside the response.
	FlagClipped Flags = 1 << iota
	// FlagDrift: the baseline drifts by more than 3 noise SD and 1 % of the
	// amplitude over the response.
	FlagDrift
	// FlagPeakAtEdge: the peak lies at the edge of its local fit or of the
	// application (the current may not have reached its top).
	FlagPeakAtEdge
	// FlagFitFailed: the decay could not be fitted (too short, flat, no
	// convergence); the fit measures are missing.
	FlagFitFailed
	// FlagNoReturn: the current does not come back to its baseline before
	// the end of the sweep or the next application.
	FlagNoReturn
	// FlagNoBaseline: no quiet samples before the onset nor after the
	// washout; the baseline is a guess.
	FlagNoBaseline
	// FlagTauOpen: a time constant's 95 % interval is not closed by the
	// data (an end at 0 or +Inf: the decay window does not determine it).
	FlagTauOpen
	// FlagNoResponse: a given application whose current never leaves its
	// baseline by 10 noise SDs (the threshold of a found response); its
	// measures are NaN. See Options.MeasureWeak.
	FlagNoResponse
	// FlagGlitch: a one-sample spike (an ADC or file glitch) in the
	// response or its baseline was replaced by the mean of its neighbours
	// before measuring.
	FlagGlitch
)

var flagNames = []string{"clipped", "drift", "peak_at_edge", "fit_failed", "no_return", "no_baseline", "tau_ci_open", "no_response", "glitch_repaired"}

// Names returns the flags set, as short snake_case words.
func (f Flags) Names() []string {
	var s []string
	for i, n := range flagNames {
		if f&(1<<i) != 0 {
			s = append(s, n)
		}
	}
	return s
}

func (f Flags) String() string { return strings.Join(f.Names(), ",") }

// Response holds the measures of one application. Currents are in nA
// (whatever the file's unit), charges in nC, times in seconds from the
// start of the sweep (durations in seconds). A measure that cannot be made
// is NaN.
type Response struct {
	Sweep  int    // 0-based sweep index
	Source string // how the application was found: "current", "given", "tag", "epoch"

	Onset  float64 // where the current leaves its baseline (or the given onset)
	Offset float64 // where the current leaves its in-agonist course on the way back (washout)
	Return float64 // where it is back at baseline

	Baseline Baseline

	Peak         float64 // signed, baseline subtracted, from a local cubic fit (nA)
	Amplitude    float64 // |Peak| (nA)
	PeakTime     float64 // time of the peak (s from the start of the sweep)
	TimeToPeak   float64 // PeakTime − Onset (s)
	Rise1090     float64 // between the 10 % and 90 % crossings of the rising phase, interpolated (s)
	THalf        float64 // peak → half amplitude, still in agonist (s); NaN if it never falls that far
	SteadyToPeak float64 // in-agonist current at the offset (from the decay fit) / peak
	Charge       float64 // ∫ current dt from onset to return, baseline subtracted (nC, signed)

	Decay    *Decay // nil when the decay could not be fitted
	DecayErr error  // why not, when Decay is nil

	Flags Flags
}
