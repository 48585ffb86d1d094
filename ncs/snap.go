package ncs

import (
	"math"

	"github.com/endplate/endplate/ephys"
)

// SNAP holds the measures of one sensory nerve action potential. Times in seconds from the stimulus;
// amplitudes in mV like the trace (the command prints µV).
type SNAP struct {
	OnsetLatency float64 // first deflection, as a CMAP's onset
	PeakLatency  float64 // negative peak
	Amplitude    float64 // baseline to negative peak, a positive magnitude
	PeakToPeak   float64 // negative peak to the following positive peak
	Velocity     float64 // distance / onset latency, m/s; NaN without a distance
}

// SweepSNAP is one sweep's SNAP as the file-level analysis reports it.
type SweepSNAP struct {
	Sweep     int
	StimulusS float64
	Source    string
	SNAP
	Err error
}

// SNAPOptions are the options of a sensory study: how to read the file, the measurement options
// and the distance from the stimulating cathode to the active recording electrode. A SNAP lasts a
// few ms, so the late-tail baseline window may begin 5 ms after its negative peak (Options
// TailAfterPeakS 0 means 5 ms here, not a CMAP's 20 ms).
type SNAPOptions struct {
	FileOptions
	DistanceMM float64 // 0: unknown, velocity NaN
}

// SNAPs measures the SNAP of every sweep of r. A SNAP is measured exactly as a CMAP is (baseline
// model, artifact handling, take-off fit, local peak fit): onset latency, negative-peak latency and
// amplitude, and the sensory conduction velocity from the onset latency (which, unlike a motor
// latency, holds no terminal delay). This is exactly what "endplate snap" prints.
func SNAPs(r *ephys.Recording, opt *SNAPOptions) ([]SweepSNAP, error) {
	var o SNAPOptions
	if opt != nil {
		o = *opt
	}
	if o.TailAfterPeakS <= 0 {
		o.TailAfterPeakS = 5e-3
	}
	cm, err := CMAPs(r, &o.FileOptions)
	if err != nil {
		return nil, err
	}
	out := make([]SweepSNAP, len(cm))
	for k, c := range cm {
		s := SNAP{OnsetLatency: c.OnsetLatency, PeakLatency: c.NegPeakLatency, Amplitude: c.Amplitude,
			PeakToPeak: c.PeakToPeak, Velocity: math.NaN()}
		if o.DistanceMM > 0 && c.OnsetLatency > 0 {
			s.Velocity = o.DistanceMM / (c.OnsetLatency * 1e3)
		}
		out[k] = SweepSNAP{Sweep: k, StimulusS: c.StimulusS, Source: c.Source, SNAP: s, Err: c.Err}
	}
	return out, nil
}

// SNAPFile opens path and measures every sweep's SNAP (SNAPs).
func SNAPFile(path string, opt *SNAPOptions) ([]SweepSNAP, error) {
	r, err := ephys.Open(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return SNAPs(r, opt)
}
