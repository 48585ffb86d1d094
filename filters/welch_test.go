package filters

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

func TestWelchGolden(t *testing.T) {
	for _, c := range smoothGoldenCases(t, "welch") {
		f, p := Welch(c.X, c.Call["fs"].(float64), c.intArg("nperseg"))
		ef, ep := peakRelErr(f, c.Fr), peakRelErr(p, c.PSD)
		t.Logf("%s %v: freq rel err %.3g, psd rel err %.3g", c.ID, c.Call, ef, ep)
		if !(ef <= c.tol()) || !(ep <= c.tol()) {
			t.Errorf("%s %v: rel err freq %.3g psd %.3g > tol %.3g", c.ID, c.Call, ef, ep, c.tol())
		}
	}
}

// With one segment (nperseg = len(x)) Parseval's theorem makes the PSD
// integrate to the windowed, demeaned signal's power:
// Σ_k psd[k]·fs/n = Σ_j (w[j]·(x[j]−m))² / Σ_j w[j]². Both sides are sums of
// ~n positive terms: 1e-12 relative is ≫ their rounding (n·eps ≈ 1e-13).
func TestWelchParseval(t *testing.T) {
	const fs = 2000.0
	for _, n := range []int{256, 255, 1000, 1021} {
		x := benchInput(n)
		for i := range x {
			x[i] += 3 // an offset the constant detrend removes
		}
		f, p := Welch(x, fs, n)
		var m float64
		for _, v := range x {
			m += v
		}
		m /= float64(n)
		var pw, wss float64
		for j, v := range x {
			w := 0.5 - 0.5*math.Cos(2*math.Pi*float64(j)/float64(n))
			pw += w * w * (v - m) * (v - m)
			wss += w * w
		}
		var integral float64
		for _, v := range p {
			integral += v * (f[1] - f[0])
		}
		if e := math.Abs(integral-pw/wss) / (pw / wss); e > 1e-12 {
			t.Errorf("n=%d: Σpsd·Δf = %v, windowed power %v (rel err %.3g)", n, integral, pw/wss, e)
		}
	}
}

// White noise of variance σ² has the one-sided density 2σ²/fs. Averaged over
// the 127 inner bins of 511 half-overlapping Hann segments the estimate's
// relative standard deviation is about 1/√(127·511·0.9) ≈ 0.5 %; 3 % is six of
// those.
func TestWelchWhiteNoise(t *testing.T) {
	const (
		fs    = 1000.0
		sigma = 2.5
		n     = 1 << 16
	)
	r := rand.New(rand.NewPCG(1, 2))
	x := make([]float64, n)
	for i := range x {
		x[i] = sigma * r.NormFloat64()
	}
	f, p := Welch(x, fs, 256)
	if len(f) != 129 || f[128] != fs/2 {
		t.Fatalf("frequencies: %d, last %v", len(f), f[len(f)-1])
	}
	var mean float64
	for _, v := range p[1:128] {
		mean += v
	}
	mean /= 127
	want := 2 * sigma * sigma / fs
	if math.Abs(mean/want-1) > 0.03 {
		t.Errorf("mean density %v, want 2σ²/fs = %v", mean, want)
	}
	// Nyquist is not doubled: half the inner level.
	if math.Abs(p[128]/(want/2)-1) > 0.5 { // one bin (spread ≈ 10 %): only the missing factor 2 is tested
		t.Errorf("Nyquist %v, want ≈ σ²/fs = %v", p[128], want/2)
	}
}

func TestWelchEdgeCases(t *testing.T) {
	if f, p := Welch(nil, 100, 8); len(f) != 0 || len(p) != 0 {
		t.Errorf("empty x: %v %v", f, p)
	}
	// nperseg above len(x) is reduced to len(x), as SciPy does.
	x := benchInput(100)
	f1, p1 := Welch(x, 100, 500)
	f2, p2 := Welch(x, 100, 100)
	if peakRelErr(f1, f2) != 0 || peakRelErr(p1, p2) != 0 {
		t.Error("nperseg > len(x) differs from nperseg = len(x)")
	}
	if _, p := Welch(x, 100, 1); p[0] != 0 { // one-sample segments: zero after the detrend
		t.Errorf("nperseg 1: %v", p)
	}
	for name, fn := range map[string]func(){
		"nperseg 0": func() { Welch(x, 100, 0) },
		"fs 0":      func() { Welch(x, 0, 8) },
		"fs NaN":    func() { Welch(x, math.NaN(), 8) },
	} {
		if !panics(fn) {
			t.Errorf("%s: no panic", name)
		}
	}
}

// welchNaive is the benchmark's reference: the same estimate with a naive DFT.
func welchNaive(x []float64, fs float64, nperseg int) []float64 {
	step := nperseg - nperseg/2
	p := make([]float64, nperseg/2+1)
	seg := make([]float64, nperseg)
	for s := 0; s+nperseg <= len(x); s += step {
		for i := range seg {
			seg[i] = x[s+i] * (0.5 - 0.5*math.Cos(2*math.Pi*float64(i)/float64(nperseg)))
		}
		for k, c := range naiveDFT(seg) {
			p[k] += real(c)*real(c) + imag(c)*imag(c)
		}
	}
	return p
}

func BenchmarkWelch(b *testing.B) {
	for _, n := range []int{10000, 1000000} {
		for _, nperseg := range []int{256, 4096} {
			x := benchInput(n)
			b.Run(fmt.Sprintf("n=%d/nperseg=%d", n, nperseg), func(b *testing.B) {
				b.SetBytes(int64(8 * n))
				b.ReportAllocs()
				for b.Loop() {
					Welch(x, 1000, nperseg)
				}
			})
			if n == 10000 && nperseg == 256 {
				b.Run(fmt.Sprintf("n=%d/nperseg=%d/naive", n, nperseg), func(b *testing.B) {
					b.SetBytes(int64(8 * n))
					b.ReportAllocs()
					for b.Loop() {
						welchNaive(x, 1000, nperseg)
					}
				})
			}
		}
	}
}
