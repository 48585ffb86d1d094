package filters

import (
	"fmt"
	"math"
	"math/cmplx"
	"testing"
)

// response is the FIR's frequency response at f Hz: Σ h[k]·exp(−2πi·k·f/fs).
func response(h []float64, f, fs float64) float64 {
	var s complex128
	for k, v := range h {
		s += complex(v, 0) * cmplx.Exp(complex(0, -2*math.Pi*float64(k)*f/fs))
	}
	return cmplx.Abs(s)
}

// A 101-tap Hamming low-pass at 100 Hz (fs 1 kHz): unit gain at 0 Hz (the
// design scales it so: 1e-12 is rounding), ≈ −6 dB at the cutoff (the
// windowed sinc crosses 0.5 there; ±0.02), pass band flat to Hamming's
// ripple below 70 Hz (δ ≈ 0.002, 0.003 near the edge; ±0.005), and at least Hamming's 53 dB attenuation beyond
// the transition band (≈ 3.3·fs/101 = 33 Hz wide).
func TestFIRWinLowpassResponse(t *testing.T) {
	const fs = 1000.0
	h, err := FIRWin(101, Lowpass, Hamming, fs, 100)
	if err != nil {
		t.Fatal(err)
	}
	if g := response(h, 0, fs); math.Abs(g-1) > 1e-12 {
		t.Errorf("gain at 0 Hz %v", g)
	}
	if g := response(h, 100, fs); math.Abs(g-0.5) > 0.02 {
		t.Errorf("gain at the cutoff %v, want ≈ 0.5", g)
	}
	for f := 0.0; f <= 70; f += 2 {
		if g := response(h, f, fs); math.Abs(g-1) > 0.005 {
			t.Errorf("pass band: gain %v at %v Hz", g, f)
		}
	}
	for f := 135.0; f <= fs/2; f += 1 {
		if g := response(h, f, fs); g > math.Pow(10, -53.0/20) {
			t.Errorf("stop band: gain %v (%.1f dB) at %v Hz", g, 20*math.Log10(g), f)
		}
	}
	// Linear phase: symmetric taps, to the rounding of the window's cosines
	// (a few ulps of the largest tap).
	for k := range h {
		if math.Abs(h[k]-h[len(h)-1-k]) > 4e-16*h[50] {
			t.Fatalf("taps not symmetric at %d", k)
		}
	}
}

func TestFIRWinErrors(t *testing.T) {
	for name, fn := range map[string]func() ([]float64, error){
		"even high-pass":   func() ([]float64, error) { return FIRWin(30, Highpass, Hann, 1000, 100) },
		"even band-stop":   func() ([]float64, error) { return FIRWin(30, Bandstop, Hann, 1000, 100, 200) },
		"cutoff ≥ Nyquist": func() ([]float64, error) { return FIRWin(31, Lowpass, Hann, 1000, 500) },
		"one band edge":    func() ([]float64, error) { return FIRWin(31, Bandpass, Hann, 1000, 100) },
		"decreasing":       func() ([]float64, error) { return FIRWin(31, Bandpass, Hann, 1000, 200, 100) },
		"no taps":          func() ([]float64, error) { return FIRWin(0, Lowpass, Hann, 1000, 100) },
		"bad window":       func() ([]float64, error) { return FIRWin(31, Lowpass, Window(9), 1000, 100) },
		"NaN fs":           func() ([]float64, error) { return FIRWin(31, Lowpass, Hann, math.NaN(), 100) },
	} {
		if _, err := fn(); err == nil {
			t.Errorf("%s: no error", name)
		} else if _, ok := err.(*DesignError); !ok {
			t.Errorf("%s: error %T, want *DesignError", name, err)
		}
	}
}

// The overlap-add path against the direct reference, on lengths that end
// mid-block and kernels around the switch; in place too. FFT rounding is
// ~eps·log2(N) per output relative to Σ|h|·max|x|: 1e-13 of the peak.
func TestFIRFilterPaths(t *testing.T) {
	for _, m := range []int{1, 5, 64, 65, 200, 1000} {
		h := benchInput(m)
		for _, n := range []int{1, 50, 999, 5000, 12345} {
			x := benchInput(n)
			f := NewFIR(h)
			want := make([]float64, n)
			f.convolveDirect(want, x, 0)
			got := f.Filter(nil, x)
			if e := peakRelErr(got, want); e > 1e-13 {
				t.Errorf("m=%d n=%d: Filter vs direct rel err %.3g", m, n, e)
			}
			in := append([]float64(nil), x...)
			f.Filter(in, in)
			if e := peakRelErr(in, want); e > 1e-13 {
				t.Errorf("m=%d n=%d: in place rel err %.3g", m, n, e)
			}
			full := Convolve(nil, x, h)
			wantFull := make([]float64, n+m-1)
			NewFIR(h).convolveDirect(wantFull, x, 0)
			if e := peakRelErr(full, wantFull); e > 1e-13 {
				t.Errorf("m=%d n=%d: Convolve rel err %.3g", m, n, e)
			}
		}
	}
	if got := Convolve(nil, nil, []float64{1}); len(got) != 0 {
		t.Errorf("empty convolution: %v", got)
	}
	if !panics(func() { NewFIR(nil) }) || !panics(func() { NewFIR([]float64{1}).Filter(make([]float64, 2), make([]float64, 3)) }) {
		t.Error("no panic")
	}
}

func TestFIRNoAllocs(t *testing.T) {
	for _, m := range []int{31, 301} {
		f := NewFIR(benchInput(m))
		x := benchInput(10000)
		y := make([]float64, len(x))
		if a := testing.AllocsPerRun(5, func() { f.Filter(y, x) }); a != 0 {
			t.Errorf("m=%d: %v allocations per Filter", m, a)
		}
	}
}

// BenchmarkFIR runs the direct and the overlap-add path on each kernel; the
// crossover sets firDirectMaxTaps.
func BenchmarkFIR(b *testing.B) {
	const n = 100000
	x := benchInput(n)
	y := make([]float64, n)
	for _, m := range []int{16, 32, 64, 128, 512} {
		f := NewFIR(benchInput(m))
		b.Run(fmt.Sprintf("taps=%d/direct", m), func(b *testing.B) {
			b.SetBytes(8 * n)
			b.ReportAllocs()
			for b.Loop() {
				f.convolveDirect(y, x, 0)
			}
		})
		// Force overlap-add by building its scratch as NewFIR does for long kernels.
		g := newFIROverlapAdd(f.taps)
		b.Run(fmt.Sprintf("taps=%d/fft", m), func(b *testing.B) {
			b.SetBytes(8 * n)
			b.ReportAllocs()
			for b.Loop() {
				g.overlapAdd(y, x, 0)
			}
		})
	}
}
