package patch

import (
	"math"
	"math/rand/v2"
	"testing"
)

// A given window that holds no response (the response comes later) once
// gave noise measures with the later response's charge and a peak after
// the given offset (QA item 4: `ach --apps 1,2 ach00.atf`). Its measures
// must be NaN and flagged; a window holding the response measures it; with
// MeasureWeak (the dose path) the noise window is measured, but only inside
// the window.
func TestGivenWindowWithoutResponse(t *testing.T) {
	const fs, sd = 100.0, 1.0 // Hz, pA
	rng := rand.New(rand.NewPCG(4, 5))
	y := make([]float64, int(60*fs))
	for i := range y {
		tt := float64(i) / fs
		y[i] = sd * rng.NormFloat64()
		if tt >= 20 { // a response 200 SD deep from 20 s, decaying over 3 s
			y[i] -= 200 * (1 - math.Exp(-(tt-20)/0.1)) * math.Exp(-(tt-20)/3)
		}
	}
	rec := recOf(fs, y)
	a, err := Analyze(rec, &Options{Apps: []Window{{Onset: 5, Offset: 6}, {Onset: 20, Offset: 40}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Responses) != 2 {
		t.Fatalf("%d responses, want 2", len(a.Responses))
	}
	r := a.Responses[0]
	if r.Flags&FlagNoResponse == 0 || !math.IsNaN(r.Amplitude) || !math.IsNaN(r.Peak) ||
		!math.IsNaN(r.Charge) || !math.IsNaN(r.Rise1090) || !math.IsNaN(r.THalf) || r.Decay != nil {
		t.Errorf("window 5–6 s without a response: flags %v, amplitude %v, charge %v, rise %v, T0.5 %v",
			r.Flags, r.Amplitude, r.Charge, r.Rise1090, r.THalf)
	}
	if r.Return != 6 {
		t.Errorf("window 5–6 s: return %v s, want the offset 6 s", r.Return)
	}
	// The real response: about 200 pA = 0.2 nA (the recording is in pA).
	if r := a.Responses[1]; r.Flags&FlagNoResponse != 0 || !(math.Abs(r.Amplitude-0.19) < 0.02) {
		t.Errorf("window 20–40 s: flags %v, amplitude %v nA, want ≈ 0.19", r.Flags, r.Amplitude)
	}

	w, err := Analyze(rec, &Options{Apps: []Window{{Onset: 5, Offset: 6}, {Onset: 20, Offset: 40}}, MeasureWeak: true})
	if err != nil {
		t.Fatal(err)
	}
	r = w.Responses[0]
	if r.Flags&FlagNoResponse != 0 || math.IsNaN(r.Amplitude) || !(r.PeakTime >= 5 && r.PeakTime <= 6) {
		t.Errorf("MeasureWeak, window 5–6 s: flags %v, amplitude %v, peak at %v s (want inside 5–6 s)",
			r.Flags, r.Amplitude, r.PeakTime)
	}
	// Noise only: at most a few SDs (0.001 nA each), never the later response.
	if !(r.Amplitude < 10*sd*1e-3) || !(math.Abs(r.Charge) < 0.01) {
		t.Errorf("MeasureWeak, window 5–6 s: amplitude %v nA, charge %v nC: not noise", r.Amplitude, r.Charge)
	}
}

// With only the first of two responses given, the return (and so the
// charge) once ran to the second response's return: the backward search
// from the end of the sweep met the second response first.
func TestGivenWindowStopsBeforeNextResponse(t *testing.T) {
	const fs = 100.0
	rng := rand.New(rand.NewPCG(8, 9))
	y := make([]float64, int(90*fs))
	resp := func(tt, on, off float64) float64 { // 200 pA, off-response 0.5 s
		switch {
		case tt < on:
			return 0
		case tt < off:
			return -200 * (1 - math.Exp(-(tt-on)/0.1))
		default:
			return -200 * (1 - math.Exp(-(off-on)/0.1)) * math.Exp(-(tt-off)/0.5)
		}
	}
	for i := range y {
		tt := float64(i) / fs
		y[i] = rng.NormFloat64() + resp(tt, 10, 20) + resp(tt, 50, 60)
	}
	a, err := Analyze(recOf(fs, y), &Options{Apps: []Window{{Onset: 10, Offset: 20}}})
	if err != nil || len(a.Responses) != 1 {
		t.Fatalf("%v, %d responses", err, len(a.Responses))
	}
	r := a.Responses[0]
	// The washout (τ 0.5 s) is over within ~5 s of the offset; the second
	// response starts at 50 s. Charge: 0.2 nA × (10 s − 0.1 s + 0.5 s) = 2.08
	// nC; 0.05 nC allows for the noise (≈ 0.0004 nC) and the baseline line.
	if !(r.Return > 20 && r.Return < 30) || math.Abs(r.Charge+2.08) > 0.05 {
		t.Errorf("return %v s (want 20–30 s), charge %v nC (want −2.08)", r.Return, r.Charge)
	}
}
