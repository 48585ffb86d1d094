package ncs

import (
	"math"
	"testing"
)

// Flags against the median limits (Preston & Shapiro): a value on the limit is normal, one beyond
// it low or high, an unmeasured one unflagged; the distal latency and velocity of a motor study,
// the SNAP's peak latency only at its standard 140 mm.
func TestReferenceFlags(t *testing.T) {
	if f := MedianMotor.AmplitudeMV.Flag(4.0); f != "normal" {
		t.Errorf("4.0 mV: %q, want normal (the limit itself)", f)
	}
	if f := MedianMotor.AmplitudeMV.Flag(3.9); f != "low" {
		t.Errorf("3.9 mV: %q, want low", f)
	}
	if f := MedianMotor.AmplitudeMV.Flag(math.NaN()); f != "" {
		t.Errorf("NaN: %q, want no flag", f)
	}
	m := Motor{ConductionVelocity: 45}
	m.Distal.OnsetLatency, m.Distal.Amplitude = 4.6e-3, 6
	got := MedianMotor.MotorFlags(m)
	if got["distal_latency"] != "high" || got["velocity"] != "low" || got["amplitude"] != "normal" {
		t.Errorf("motor flags %v", got)
	}
	s := SNAP{PeakLatency: 3.6e-3, Amplitude: 0.015, Velocity: math.NaN()}
	if got := MedianSensory.SNAPFlags(s, 140); got["peak_latency"] != "high" || got["amplitude"] != "low" || len(got) != 2 {
		t.Errorf("SNAP flags at 140 mm %v", got)
	}
	if got := MedianSensory.SNAPFlags(s, 120); got["peak_latency"] != "" {
		t.Errorf("SNAP peak latency flagged at 120 mm: %v", got)
	}
}
