package ncs

import (
	"errors"
	"math"
	"testing"
)

// RNSOf's arithmetic on given responses. Decrements are compared to 1e-9 points: the only error is
// the rounding of a few divisions (areas in mV·s are not exact in binary).
func TestRNSOf(t *testing.T) {
	near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9 }
	resp := func(ampMV, areaMVMS []float64) []SweepCMAP {
		out := make([]SweepCMAP, len(ampMV))
		for k := range ampMV {
			out[k] = SweepCMAP{Sweep: k, CMAP: CMAP{Amplitude: ampMV[k], NegArea: areaMVMS[k] * 1e-3}}
		}
		return out
	}
	// A myasthenic U: the largest fall at the 5th response, amplitude and area alike.
	tr, err := RNSOf(resp([]float64{8, 7, 6.5, 6, 5.5, 6, 7}, []float64{32, 28, 26, 24, 22, 24, 28}))
	if err != nil {
		t.Fatal(err)
	}
	if !near(tr.DecrementPct, 25) || !near(tr.AreaDecrementPct, 25) || !near(tr.MaxDecrementPct, 31.25) || tr.MaxDecrementAt != 4 || tr.Mismatch {
		t.Errorf("decrement %v, area %v, max %v at response %d (0-based), mismatch %v; want 25, 25, 31.25 at 4, false",
			tr.DecrementPct, tr.AreaDecrementPct, tr.MaxDecrementPct, tr.MaxDecrementAt, tr.Mismatch)
	}
	// The amplitude falls but the area does not (phase cancellation, a moving electrode): flagged
	// when the two differ by more than MismatchPoints (5.1 points), not when by less (4.9).
	tr, _ = RNSOf(resp([]float64{10, 10, 10, 9.49}, []float64{30, 30, 30, 30}))
	if !tr.Mismatch {
		t.Errorf("decrement %v %%, area %v %%: no mismatch", tr.DecrementPct, tr.AreaDecrementPct)
	}
	tr, _ = RNSOf(resp([]float64{10, 10, 10, 9.51}, []float64{30, 30, 30, 30}))
	if tr.Mismatch {
		t.Errorf("decrement %v %%, area %v %%: flagged as a mismatch", tr.DecrementPct, tr.AreaDecrementPct)
	}
	// An unmeasured 1st or 4th response, or fewer than 4: an error and NaN decrements; an
	// unmeasured other response is skipped by the maximum.
	bad := resp([]float64{8, 7, 6, 5}, []float64{32, 28, 24, 20})
	bad[3].Err = errors.New("no response")
	if tr, err := RNSOf(bad); err == nil || !math.IsNaN(tr.DecrementPct) {
		t.Errorf("unmeasured 4th response: %v, decrement %v", err, tr.DecrementPct)
	}
	if _, err := RNSOf(bad[:3]); err == nil {
		t.Error("3 responses: no error")
	}
	skip := resp([]float64{8, 7, 6, 7, 7}, []float64{32, 28, 24, 28, 28})
	skip[2].Err, skip[2].Amplitude = errors.New("no response"), math.NaN()
	if tr, err := RNSOf(skip); err != nil || !near(tr.MaxDecrementPct, 12.5) || tr.MaxDecrementAt != 1 {
		t.Errorf("unmeasured 3rd response: %v, max %v at %d; want 12.5 at 1", err, tr.MaxDecrementPct, tr.MaxDecrementAt)
	}
}
