package ncs

import (
	"fmt"
	"math"

	"github.com/endplate/endplate/ephys"
)

// RNSTrain is a repetitive nerve stimulation train: one CMAP per stimulus, in order.
type RNSTrain struct {
	Responses []SweepCMAP // each response's CMAP (amplitude mV, negative area mV·s)

	DecrementPct     float64 // (1st − 4th)/1st × 100 of the negative-peak amplitude
	AreaDecrementPct float64 // the same of the negative-phase area
	MaxDecrementPct  float64 // the largest (1st − k-th)/1st × 100 of the amplitude over the train
	MaxDecrementAt   int     // the 0-based response where it falls

	// Mismatch flags a train whose amplitude and area decrements differ by more than
	// MismatchPoints: a true neuromuscular decrement lowers both alike, a moving electrode or
	// changing phase cancellation does not.
	Mismatch bool
}

// MismatchPoints is the largest difference between the amplitude and the area decrement, in
// percentage points, that RNS still calls consistent: twice the 2–3 point repeatability of a
// normal decrement, so that a flag points at a technical cause rather than noise.
const MismatchPoints = 5.0

// RNSFile opens path and analyses its sweeps as a repetitive-stimulation train (RNS). This is
// exactly what "endplate rns" prints.
func RNSFile(path string, opt *FileOptions) (RNSTrain, error) {
	r, err := ephys.Open(path)
	if err != nil {
		return RNSTrain{}, err
	}
	defer r.Close()
	return RNS(r, opt)
}

// RNS measures the CMAP of every sweep of r (one response per sweep, in order) and the decrement.
// It fails when the first or the fourth response cannot be measured.
func RNS(r *ephys.Recording, opt *FileOptions) (RNSTrain, error) {
	sw, err := CMAPs(r, opt)
	if err != nil {
		return RNSTrain{}, err
	}
	t, err := RNSOf(sw)
	return t, wrapPath(r, err)
}

// RNSOf computes the decrement of measured responses.
func RNSOf(resp []SweepCMAP) (RNSTrain, error) {
	t := RNSTrain{Responses: resp, DecrementPct: math.NaN(), AreaDecrementPct: math.NaN(), MaxDecrementPct: math.NaN()}
	if len(resp) < 4 {
		return t, fmt.Errorf("ncs: a decrement needs 4 responses, the train has %d", len(resp))
	}
	for _, k := range []int{0, 3} {
		if resp[k].Err != nil {
			return t, fmt.Errorf("response %d: %w", k+1, resp[k].Err)
		}
	}
	a1, s1 := resp[0].Amplitude, resp[0].NegArea
	t.DecrementPct = (a1 - resp[3].Amplitude) / a1 * 100
	t.AreaDecrementPct = (s1 - resp[3].NegArea) / s1 * 100
	for k, r := range resp[1:] {
		if r.Err != nil {
			continue
		}
		if d := (a1 - r.Amplitude) / a1 * 100; !(d <= t.MaxDecrementPct) {
			t.MaxDecrementPct, t.MaxDecrementAt = d, k+1
		}
	}
	t.Mismatch = math.Abs(t.DecrementPct-t.AreaDecrementPct) > MismatchPoints
	return t, nil
}
