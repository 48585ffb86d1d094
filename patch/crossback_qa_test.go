package patch

import "testing"

// crossBack interpolates within the two samples around the crossing. When the sample it starts from
// is itself below the level (the peak comes from a local fit above every sample), the line through
// two nearly equal samples once put the "crossing" millions of samples away, and the onset search
// indexed past the sweep (a mutated CSV: "internal error: index out of range [9586916858]").
func TestCrossBackStaysBetweenSamples(t *testing.T) {
	y := []float64{0, 0.5, 0.50000001}
	if got := crossBack(y, 1, 0.9, 2); !(got >= 0 && got <= 2) {
		t.Errorf("crossBack = %v, want a sample position in [0, 2]", got)
	}
	// An ordinary crossing is interpolated as before: 0.25 between samples 0 and 1.
	if got := crossBack([]float64{0, 1, 2}, 1, 0.25, 2); got != 0.25 {
		t.Errorf("crossBack = %v, want 0.25", got)
	}
}
