package filters_test

import (
	"fmt"
	"math"
	"math/cmplx"

	"github.com/endplate/endplate/filters"
)

// Design the band-pass used for motor nerve conduction (2 Hz – 10 kHz at 50 kHz) and read its gain at
// a few frequencies: −3 dB at both cutoffs.
func ExampleButterworth() {
	const fs = 50000.0
	sos, err := filters.Butterworth(4, filters.Bandpass, fs, 2, 10000)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("sections:", len(sos))
	freqs := []float64{0.5, 2, 100, 10000, 20000}
	for i, h := range sos.Response(nil, freqs, fs) {
		db := 20 * math.Log10(cmplx.Abs(h))
		if math.Abs(db) < 0.005 {
			db = 0 // print the passband's ±1e-15 dB as 0.00, not -0.00
		}
		fmt.Printf("%7.1f Hz  %6.2f dB\n", freqs[i], db)
	}

	// A cutoff at or above Nyquist is an error, not a panic.
	_, err = filters.Butterworth(4, filters.Lowpass, fs, 30000)
	fmt.Println(err)
	// Output:
	// sections: 4
	//     0.5 Hz  -48.17 dB
	//     2.0 Hz   -3.01 dB
	//   100.0 Hz    0.00 dB
	// 10000.0 Hz   -3.01 dB
	// 20000.0 Hz  -50.16 dB
	// filters: butterworth: cutoff 30000 Hz outside (0, 25000) Hz, the open band below Nyquist at fs = 50000 Hz
}

// Filter a set of sweeps at once: 50 Hz mains hum removed from 16 recordings by a zero-phase notch.
// FiltFiltBatch gives each row exactly what FiltFilt gives it, here in place.
func ExampleSOS_FiltFiltBatch() {
	const fs, n = 10000.0, 20000
	notch, err := filters.Notch(50, 10, fs)
	if err != nil {
		fmt.Println(err)
		return
	}
	response := make([]float64, n) // the same response in every sweep, at 1 s
	for i := range response {
		response[i] = math.Exp(-math.Pow((float64(i)/fs-1)/0.002, 2))
	}
	sweeps := make([][]float64, 16)
	for k := range sweeps {
		sweeps[k] = make([]float64, n)
		for i := range sweeps[k] {
			hum := 0.2 * math.Sin(2*math.Pi*50*float64(i)/fs+float64(k)) // its phase varies by sweep
			sweeps[k][i] = response[i] + hum
		}
	}
	notch.FiltFiltBatch(sweeps, sweeps)
	// What is left of the hum: each sweep against the notch-filtered response alone.
	clean := notch.FiltFilt(nil, response)
	worst := 0.0
	for _, s := range sweeps {
		for i := 5000; i < 15000; i++ { // 0.5 s from the ends: the notch settles in ~0.1 s
			worst = math.Max(worst, math.Abs(s[i]-clean[i]))
		}
	}
	fmt.Printf("hum 0.2 before, %.1e after\n", worst)
	// Output:
	// hum 0.2 before, 3.8e-05 after
}

// Zero-phase filtering does not delay: a Bessel low-pass smooths a step symmetrically about it, the
// causal filter delays it.
func ExampleSOS_FiltFilt() {
	const fs = 1000.0
	sos, err := filters.Bessel(4, filters.Lowpass, fs, 50)
	if err != nil {
		fmt.Println(err)
		return
	}
	x := make([]float64, 200)
	for i := 100; i < len(x); i++ {
		x[i] = 1
	}
	zero := sos.FiltFilt(nil, x)
	causal := sos.Filter(nil, x)
	half := func(y []float64) int { // first sample past 0.5
		for i, v := range y {
			if v > 0.5 {
				return i
			}
		}
		return -1
	}
	fmt.Println("step at 100; half-way: zero-phase", half(zero), "causal", half(causal))
	fmt.Printf("zero-phase around the step: %.3f %.3f\n", zero[99], zero[100])
	// Output:
	// step at 100; half-way: zero-phase 100 causal 107
	// zero-phase around the step: 0.448 0.552
}

// Decimate a 20 kHz recording to 4 kHz after an anti-aliasing low-pass (its 0.05 dB passband ripple,
// applied twice, leaves a 100 Hz sine within 1.2 % of its amplitude).
func ExampleDecimate() {
	x := make([]float64, 2000)
	for i := range x {
		x[i] = math.Sin(2 * math.Pi * 100 * float64(i) / 20000)
	}
	y := filters.Decimate(nil, x, 5)
	fmt.Println(len(y), "samples")
	fmt.Printf("y[10] = %.4f (sin at 100 Hz, 2.5 ms: %.4f)\n", y[10], math.Sin(2*math.Pi*100*0.0025))
	// Output:
	// 400 samples
	// y[10] = 0.9911 (sin at 100 Hz, 2.5 ms: 1.0000)
}

// Prepare a band-pass once and filter sweep after sweep with it: no allocation per sweep, on the
// caller's goroutine (workers = 1). The offset is gone and the 200 Hz wave passes at full amplitude.
// A row with a0 ≠ 1 is refused up front.
func ExampleNewSOSFilter() {
	sos, err := filters.Butterworth(2, filters.Bandpass, 20000, 20, 2000)
	if err != nil {
		fmt.Println(err)
		return
	}
	f, err := filters.NewSOSFilter(sos, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	sweep := make([]float64, 4000)
	out := make([]float64, len(sweep))
	for k := range 3 {
		for i := range sweep {
			sweep[i] = float64(k) + math.Sin(2*math.Pi*200*float64(i)/20000) // offset k + 200 Hz
		}
		f.FiltFilt(out, sweep, 1)
		fmt.Printf("sweep %d: mid-sweep sample %.3f (input %.3f)\n", k+1, out[2025], sweep[2025])
	}

	bad := filters.SOS{{1, 0, 0, 2, 0, 0}}
	_, err = filters.NewSOSFilter(bad, nil)
	fmt.Println(err)
	// Output:
	// sweep 1: mid-sweep sample 1.000 (input 1.000)
	// sweep 2: mid-sweep sample 1.000 (input 2.000)
	// sweep 3: mid-sweep sample 1.000 (input 3.000)
	// filters: sos: section 0 has a0 = 2, not 1 (divide its row by a0)
}
