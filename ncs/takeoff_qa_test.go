package ncs

import (
	"math"
	"testing"
)

// A "peak" that stands within the noise floor leaves no rise before it (window start = end): the
// take-off reports no fit instead of slicing fits[:-1]. Mutated CSVs reached this through fwave
// and cmap as "internal error: slice bounds out of range [:-1]".
func TestTakeoffWithoutRise(t *testing.T) {
	z := make([]float64, 20)
	on, ok := takeoff(z, 15, 0, 1, 0.01, 0.5, 10, 0.1, 0)
	if ok || !math.IsNaN(on) {
		t.Errorf("takeoff on a flat stretch: %v, %v; want NaN, false", on, ok)
	}
}
