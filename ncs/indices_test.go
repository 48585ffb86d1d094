package ncs

import (
	"math"
	"testing"
)

func TestNeurophysiologicalIndex(t *testing.T) {
	// 10 mV at 3.2 ms distal latency with F waves to 18 of 20 stimuli (90 %): 10/3.2 × 0.9.
	if got, want := NeurophysiologicalIndex(10, 3.2, 90), 10/3.2*0.9; math.Abs(got-want) > 1e-15 {
		t.Errorf("NI = %v, want %v", got, want)
	}
	for _, c := range [][3]float64{{10, 0, 90}, {10, -1, 90}, {math.NaN(), 3, 90}, {10, 3, math.Inf(1)}} {
		if got := NeurophysiologicalIndex(c[0], c[1], c[2]); !math.IsNaN(got) {
			t.Errorf("NI%v = %v, want NaN", c, got)
		}
	}
}

func TestSplitHandIndex(t *testing.T) {
	if got, want := SplitHandIndex(8, 12, 10), 9.6; math.Abs(got-want) > 1e-14 {
		t.Errorf("SI = %v, want %v", got, want)
	}
	for _, c := range [][3]float64{{8, 12, 0}, {8, math.NaN(), 10}} {
		if got := SplitHandIndex(c[0], c[1], c[2]); !math.IsNaN(got) {
			t.Errorf("SI%v = %v, want NaN", c, got)
		}
	}
}
