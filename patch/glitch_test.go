package patch

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// One-sample glitches (an ADC or file error: QA item 5 had one sample at
// −1.3·10⁹ nA) must not change a response's measures nor be taken for a
// response. Before deglitch the glitch entered the baseline mean (baseline
// −6·10⁷ nA, peak +6·10⁷ nA).
func TestGlitchIgnored(t *testing.T) {
	for _, fs := range []float64{10, 100, 403, 2000} {
		rng := rand.New(rand.NewPCG(7, uint64(fs)))
		y := make([]float64, int(60*fs))
		for i := range y {
			tt := float64(i) / fs
			y[i] = -20 + rng.NormFloat64() // pA
			if tt >= 20 {
				y[i] -= 300 * (1 - math.Exp(-(tt-20)/0.15)) * math.Exp(-(tt-20)/4)
			}
		}
		clean, err := Analyze(recOf(fs, append([]float64(nil), y...)), nil)
		if err != nil || len(clean.Responses) != 1 {
			t.Fatalf("%g Hz, no glitch: %v, %d responses", fs, err, len(clean.Responses))
		}
		g := append([]float64(nil), y...)
		g[int(10*fs)] = -1.34e12 // in the baseline before the response
		g[int(25*fs)] = +5e4     // inside the response
		got, err := Analyze(recOf(fs, g), nil)
		if err != nil || len(got.Responses) != 1 {
			t.Fatalf("%g Hz, glitches: %v, %d responses, want 1", fs, err, len(got.Responses))
		}
		c, r := clean.Responses[0], got.Responses[0]
		// Two replaced samples out of thousands: the measures move by far
		// less than 1 % (the replaced values are the neighbours' mean).
		if math.Abs(r.Amplitude/c.Amplitude-1) > 0.01 || math.Abs(r.Baseline.Level-c.Baseline.Level) > 0.01 ||
			math.Abs(r.Onset-c.Onset) > 0.05 || r.Flags&FlagGlitch == 0 {
			t.Errorf("%g Hz: with glitches amplitude %v nA, baseline %v, onset %v s, flags %v; without %v, %v, %v",
				fs, r.Amplitude, r.Baseline.Level, r.Onset, r.Flags, c.Amplitude, c.Baseline.Level, c.Onset)
		}

		// A glitch alone, and a two-sample spike, are no response.
		n := make([]float64, int(30*fs))
		for i := range n {
			n[i] = rng.NormFloat64()
		}
		n[int(10*fs)] = -1e9
		n[int(20*fs)], n[int(20*fs)+1] = -1e9, -1e9
		if a, err := Analyze(recOf(fs, n), nil); !errors.Is(err, ErrNoResponse) {
			t.Errorf("%g Hz: noise with glitches: %v, %d responses, want ErrNoResponse", fs, err, len(a.Responses))
		}
	}
}

// Hum at the Nyquist frequency alternates sample by sample like a train of
// glitches; more than 1 % of the samples qualifying leaves the trace alone.
func TestDeglitchLeavesSignal(t *testing.T) {
	y := make([]float64, 1000)
	for i := range y {
		y[i] = 50 * float64(1-2*(i%2))
	}
	if g := deglitch(y, 10); g != nil || y[1] != -50 {
		t.Errorf("alternating signal: %d samples replaced", len(g))
	}
	y = []float64{0, 0, 100, 1, 0, 0, 0, 0, 0, 0}
	if g := deglitch(y, 10); len(g) != 1 || g[0] != 2 || y[2] != 0.5 {
		t.Errorf("one spike: replaced %v, y[2] = %v", g, y[2])
	}
	y = []float64{0, 100, 200, 300, 300, 300} // a fast step is not a spike
	if g := deglitch(y, 10); g != nil {
		t.Errorf("a step: replaced %v", g)
	}
}
