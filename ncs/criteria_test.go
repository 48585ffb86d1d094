package ncs

import (
	"math"
	"testing"
)

// Block and Dispersion on either side of each published threshold, for both criteria sets, so that
// a verdict that moves (a threshold mistyped, a case out of order) fails a row. Amplitude and area
// drops sit on the threshold itself (5 of 10 is 50 % exactly); duration increases, whose
// millisecond values are not exact in binary, sit 0.1 point either side of 30 %.
func TestBlockCriteriaThresholds(t *testing.T) {
	cmap := func(amp, areaMVMS, durMS float64) CMAP {
		return CMAP{Amplitude: amp, NegArea: areaMVMS * 1e-3, NegDuration: durMS * 1e-3}
	}
	distal := cmap(10, 10, 5)
	const lln = 4.0 // mV: MedianMotor.AmplitudeMV.Lower (Preston & Shapiro); 20 % of it is 0.8 mV
	for _, tc := range []struct {
		name     string
		bc       BlockCriteria
		distal   CMAP
		proximal CMAP
		lln      float64
		want     string
	}{
		// EFNS/PNS 2010: amplitude drop ≥ 50 % definite, ≥ 30 % probable; duration not a condition.
		{"efns 50% definite", EFNSPNS2010, distal, cmap(5, 10, 5), lln, VerdictDefinite},
		{"efns 49% probable", EFNSPNS2010, distal, cmap(5.1, 10, 5), lln, VerdictProbable},
		{"efns 30% probable", EFNSPNS2010, distal, cmap(7, 10, 5), lln, VerdictProbable},
		{"efns 29% none", EFNSPNS2010, distal, cmap(7.1, 10, 5), lln, VerdictNone},
		{"efns dispersed still definite", EFNSPNS2010, distal, cmap(4, 10, 10), lln, VerdictDefinite},
		{"efns area ignored", EFNSPNS2010, distal, cmap(10, 1, 5), lln, VerdictNone},
		{"efns distal below 20% LLN", EFNSPNS2010, cmap(0.75, 1, 5), cmap(0.1, 0.1, 5), lln, VerdictNotAssessable},
		{"efns unknown LLN skips the condition", EFNSPNS2010, cmap(0.75, 1, 5), cmap(0.3, 1, 5), math.NaN(), VerdictDefinite},
		// AAEM 2003: area drop ≥ 50 % with duration +≤ 30 % definite; ≥ 40 % probable; ≥ 50 % with
		// more dispersion probable; distal ≥ 1 mV.
		{"aaem 50% definite", AAEM2003, distal, cmap(10, 5, 6.495), lln, VerdictDefinite},
		{"aaem 50% dispersed probable", AAEM2003, distal, cmap(10, 5, 6.505), lln, VerdictProbable},
		{"aaem 40% probable", AAEM2003, distal, cmap(10, 6, 6.495), lln, VerdictProbable},
		{"aaem 40% dispersed none", AAEM2003, distal, cmap(10, 6, 6.505), lln, VerdictNone},
		{"aaem 39% none", AAEM2003, distal, cmap(10, 6.1, 5), lln, VerdictNone},
		{"aaem amplitude ignored", AAEM2003, distal, cmap(1, 10, 5), lln, VerdictNone},
		{"aaem distal below 1 mV", AAEM2003, cmap(0.9, 10, 5), cmap(0.1, 1, 5), math.NaN(), VerdictNotAssessable},
		{"aaem unmeasured proximal", AAEM2003, distal, cmap(10, math.NaN(), 5), lln, VerdictNotAssessable},
	} {
		if got := tc.bc.Block(tc.distal, tc.proximal, tc.lln); got.Verdict != tc.want {
			t.Errorf("%s: %q (%s), want %q", tc.name, got.Verdict, got.Reason, tc.want)
		}
	}
	for _, tc := range []struct {
		name  string
		bc    BlockCriteria
		durMS float64
		want  string
	}{
		{"efns +29.9% none", EFNSPNS2010, 6.495, VerdictNone},
		{"efns +30.1% dispersion", EFNSPNS2010, 6.505, VerdictDispersion},
		{"efns unmeasured", EFNSPNS2010, math.NaN(), VerdictNotAssessable},
		{"aaem defines none", AAEM2003, 20, VerdictNotAssessable},
	} {
		if got := tc.bc.Dispersion(distal, cmap(10, 10, tc.durMS)); got.Verdict != tc.want {
			t.Errorf("%s: %q (%s), want %q", tc.name, got.Verdict, got.Reason, tc.want)
		}
	}
}

func TestLookupBlockCriteria(t *testing.T) {
	if c, err := LookupBlockCriteria(""); err != nil || c.ID != AllBlockCriteria[0].ID {
		t.Errorf(`"": %v, %v; want the default`, c.ID, err)
	}
	if c, err := LookupBlockCriteria("AAEM-2003"); err != nil || c.ID != AAEM2003.ID {
		t.Errorf("AAEM-2003: %v, %v", c.ID, err)
	}
	if _, err := LookupBlockCriteria("nope"); err == nil {
		t.Error("unknown criteria accepted")
	}
}
