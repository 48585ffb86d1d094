package ncs

import "math"

// Limit is a reference limit of one measure: values below Lower or above Upper are abnormal. An
// unused side is NaN.
type Limit struct {
	Lower, Upper float64
	Unit         string
}

// Flag says where a value lies against the limit: "low", "high", "normal", or "" when the value is
// NaN.
func (l Limit) Flag(v float64) string {
	switch {
	case math.IsNaN(v):
		return ""
	case v < l.Lower:
		return "low"
	case v > l.Upper:
		return "high"
	}
	return "normal"
}

func lower(v float64, unit string) Limit { return Limit{Lower: v, Upper: math.NaN(), Unit: unit} }
func upper(v float64, unit string) Limit { return Limit{Lower: math.NaN(), Upper: v, Unit: unit} }

// MotorLimits are the reference limits of a motor conduction study.
type MotorLimits struct {
	Nerve, Muscle, Source string

	DistalLatencyMS Limit // onset latency at the distal site (standard distance)
	AmplitudeMV     Limit // distal negative-peak amplitude
	VelocityMS      Limit // forearm conduction velocity, m/s
	FMinLatencyMS   Limit // minimal F-wave latency
	DistanceMM      float64
}

// SensoryLimits are the reference limits of a sensory (SNAP) study.
type SensoryLimits struct {
	Nerve, Recording, Source string

	PeakLatencyMS Limit // at DistanceMM
	AmplitudeUV   Limit // baseline to negative peak
	VelocityMS    Limit
	DistanceMM    float64
}

// The reference limits for the median nerve of adults, as data with their source. Limits depend on
// age, height and temperature (hand ≥ 32 °C); a lab's own limits should replace these when it has
// them.
var (
	// MedianMotor: median motor study recording abductor pollicis brevis, distal stimulation 7 cm
	// from the active electrode at the wrist.
	MedianMotor = MotorLimits{
		Nerve: "median", Muscle: "abductor pollicis brevis",
		Source:          "Preston DC, Shapiro BE. Electromyography and Neuromuscular Disorders, 3rd ed. Elsevier 2013, table of normal adult values",
		DistalLatencyMS: upper(4.4, "ms"), AmplitudeMV: lower(4.0, "mV"), VelocityMS: lower(49, "m/s"),
		FMinLatencyMS: upper(31, "ms"), DistanceMM: 70,
	}
	// MedianSensory: antidromic median sensory study recording digit 2, stimulation 14 cm proximal.
	MedianSensory = SensoryLimits{
		Nerve: "median", Recording: "digit 2 (antidromic)",
		Source:        "Preston DC, Shapiro BE. Electromyography and Neuromuscular Disorders, 3rd ed. Elsevier 2013, table of normal adult values",
		PeakLatencyMS: upper(3.5, "ms"), AmplitudeUV: lower(20, "µV"), VelocityMS: lower(50, "m/s"), DistanceMM: 140,
	}
)

// MotorFlags flags a motor study's measures against the limits: keys "distal_latency",
// "amplitude", "velocity" with "low", "high", "normal" (missing when not measured).
func (l MotorLimits) MotorFlags(m Motor) map[string]string {
	out := map[string]string{}
	put := func(k, f string) {
		if f != "" {
			out[k] = f
		}
	}
	put("distal_latency", l.DistalLatencyMS.Flag(m.Distal.OnsetLatency*1e3))
	put("amplitude", l.AmplitudeMV.Flag(m.Distal.Amplitude))
	put("velocity", l.VelocityMS.Flag(m.ConductionVelocity))
	return out
}

// FWaveFlags flags an F-wave study: key "min_latency" (the limit holds for adults of ordinary
// height; F latency grows with arm length).
func (l MotorLimits) FWaveFlags(t FWaveTrain) map[string]string {
	out := map[string]string{}
	if f := l.FMinLatencyMS.Flag(t.MinLatency * 1e3); f != "" {
		out["min_latency"] = f
	}
	return out
}

// SNAPFlags flags a SNAP's measures: "amplitude", "velocity", and "peak_latency" when the study's
// distance is the limits' standard one (within 5 mm; 0: unknown, not flagged).
func (l SensoryLimits) SNAPFlags(s SNAP, distanceMM float64) map[string]string {
	out := map[string]string{}
	put := func(k, f string) {
		if f != "" {
			out[k] = f
		}
	}
	put("amplitude", l.AmplitudeUV.Flag(s.Amplitude*1e3))
	put("velocity", l.VelocityMS.Flag(s.Velocity))
	if distanceMM > 0 && math.Abs(distanceMM-l.DistanceMM) <= 5 {
		put("peak_latency", l.PeakLatencyMS.Flag(s.PeakLatency*1e3))
	}
	return out
}
