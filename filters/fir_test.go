package filters

import (
	"fmt"
	"math"
	"math/cmplx"
	"testing"

	"github.com/google/go-cmp/cmp"
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
			f.convolveDirectRef(want, x, 0)
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
			NewFIR(h).convolveDirectRef(wantFull, x, 0)
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

// The direct convolution (with the vector kernel where the CPU has one) against convolveDirectRef,
// output by output: the two sum the same m products in different orders, one of them fused, so each
// output may differ by the rounding bound of an m-term dot product, γ_m·Σ|h_k·x_j| with γ_m ≈ m·eps
// (Higham, Accuracy and Stability of Numerical Algorithms, §3.1); twice that is allowed. Lengths
// around the 32-output blocks, in place and for the full convolution.
func TestFIRDirectKernel(t *testing.T) {
	const eps = 0x1p-52
	for _, m := range []int{1, 2, 3, 7, 24, 25, 64, 101} {
		h := benchInput(m)
		f := NewFIR(h)
		for _, n := range []int{31, 32, 33, 95, 96, 97, 1000, 4099} {
			x := benchInput(n + m)[m:]
			for _, full := range []bool{false, true} {
				k := n
				if full {
					k = n + m - 1
				}
				want := make([]float64, k)
				f.convolveDirectRef(want, x, 0)
				got := make([]float64, k)
				f.convolveDirect(got, x, 0)
				if !full {
					in := append([]float64(nil), x...)
					f.convolveDirect(in, in, 0)
					if d := cmp.Diff(got, in); d != "" {
						t.Fatalf("m=%d n=%d: in place differs from apart", m, n)
					}
				}
				if !full && n >= m {
					// correlate, the direct path of Gaussian and SavGol: the same kernel with the taps as given.
					c := make([]float64, n-m+1)
					correlate(c, x, f.rev)
					for i := range c {
						if bound := 2 * float64(m) * eps * dotAbs(f.rev, x[i:i+m]); math.Abs(c[i]-want[i+m-1]) > bound {
							t.Fatalf("m=%d n=%d: correlate output %d: %v, reference %v", m, n, i, c[i], want[i+m-1])
						}
					}
				}
				for o := range k {
					var abs float64 // Σ|h_k·x_{o−k}|
					for j := max(0, o-(n-1)); j <= min(m-1, o); j++ {
						abs += math.Abs(h[j] * x[o-j])
					}
					if bound := 2 * float64(m) * eps * abs; math.Abs(got[o]-want[o]) > bound {
						t.Fatalf("m=%d n=%d full=%v output %d: %v, reference %v (bound %.3g)", m, n, full, o, got[o], want[o], bound)
					}
				}
			}
		}
	}
}

// dotAbs returns Σ|a[i]·b[i]|.
func dotAbs(a, b []float64) float64 {
	var s float64
	for i, v := range a {
		s += math.Abs(v * b[i])
	}
	return s
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
	for _, m := range []int{16, 32, 64, 128, 256, 512} {
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
