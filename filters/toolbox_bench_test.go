package filters

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkToolbox runs the rest of the toolbox on one million samples of noise, the workloads of the
// SciPy comparison in BENCHMARKS.md (savgol_filter, medfilt, gaussian_filter1d, welch, decimate,
// lfilter with 101 taps, uniform_filter1d).
func BenchmarkToolbox(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	x := make([]float64, 1_000_000)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	y := make([]float64, len(x))
	b.Run("savgol_w21_p3", func(b *testing.B) {
		for b.Loop() {
			SavGol(y, x, 21, 3, 0, 1)
		}
	})
	b.Run("medfilt_k5", func(b *testing.B) {
		for b.Loop() {
			Median(y, x, 5)
		}
	})
	b.Run("gaussian_s5", func(b *testing.B) {
		for b.Loop() {
			Gaussian(y, x, 5)
		}
	})
	b.Run("welch_1024", func(b *testing.B) {
		for b.Loop() {
			Welch(x, 20000, 1024)
		}
	})
	b.Run("decimate_q4", func(b *testing.B) {
		for b.Loop() {
			Decimate(nil, x, 4)
		}
	})
	h, _ := FIRWin(101, Lowpass, Hamming, 20000, 2000)
	f := NewFIR(h)
	b.Run("fir101", func(b *testing.B) {
		for b.Loop() {
			f.Filter(y, x)
		}
	})
	b.Run("uniform_11", func(b *testing.B) {
		for b.Loop() {
			MovingAverage(y, x, 11)
		}
	})
}
