package filters

import (
	"fmt"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// gaussianNaive is the reference: each output a sum over reflected indices.
func gaussianNaive(x []float64, sigma float64) []float64 {
	w := GaussianKernel(sigma)
	r := len(w) / 2
	y := make([]float64, len(x))
	for i := range y {
		for k, v := range w {
			j := i + k - r
			if j < 0 || j >= len(x) {
				j = reflectIndex(j, len(x))
			}
			y[i] += v * x[j]
		}
	}
	return y
}

func TestGaussian(t *testing.T) {
	// Kernel: sums to 1 (rounding of ≤ 161 terms: 1e-14), radius int(4σ+0.5).
	for _, sigma := range []float64{0.1, 0.5, 1, 3.3, 20} {
		w := GaussianKernel(sigma)
		var s float64
		for _, v := range w {
			s += v
		}
		if math.Abs(s-1) > 1e-14 || len(w) != 2*int(4*sigma+0.5)+1 {
			t.Errorf("sigma %v: %d weights summing to %v", sigma, len(w), s)
		}
	}
	// Against the naive sum, both paths (σ = 20 has 161 taps: FFT). FFT
	// rounding ≈ eps·log2 N of the peak: 1e-13.
	approx := cmpopts.EquateApprox(0, 1e-13)
	for _, sigma := range []float64{0, 0.3, 1, 2.5, 20} {
		for _, nx := range []int{1, 3, 50, 3000} {
			x := benchInput(nx)
			want := gaussianNaive(x, sigma)
			if sigma == 0 {
				want = x
			}
			got := Gaussian(nil, x, sigma)
			if d := cmp.Diff(want, got, approx); d != "" {
				t.Errorf("sigma %v len %d (-naive +got):\n%.1000s", sigma, nx, d)
			}
			in := append([]float64(nil), x...)
			Gaussian(in, in, sigma)
			if d := cmp.Diff(want, in, approx); d != "" {
				t.Errorf("sigma %v len %d in place (-naive +got):\n%.1000s", sigma, nx, d)
			}
		}
	}
	// A constant stays constant (reflection keeps it): 1e-14 relative.
	c := make([]float64, 100)
	for i := range c {
		c[i] = 7
	}
	for i, v := range Gaussian(nil, c, 30) {
		if math.Abs(v-7) > 7e-14 {
			t.Fatalf("constant: y[%d] = %v", i, v)
		}
	}
	for _, s := range []float64{-1, math.NaN(), math.Inf(1)} {
		if !panics(func() { Gaussian(nil, c, s) }) {
			t.Errorf("sigma %v: no panic", s)
		}
	}
}

func BenchmarkGaussian(b *testing.B) {
	const nx = 100000
	x := benchInput(nx)
	y := make([]float64, nx)
	for _, sigma := range []float64{2, 50} {
		b.Run(fmt.Sprintf("sigma=%v", sigma), func(b *testing.B) {
			b.SetBytes(8 * nx)
			b.ReportAllocs()
			for b.Loop() {
				Gaussian(y, x, sigma)
			}
		})
		b.Run(fmt.Sprintf("sigma=%v/naive", sigma), func(b *testing.B) {
			b.SetBytes(8 * nx)
			b.ReportAllocs()
			for b.Loop() {
				gaussianNaive(x, sigma)
			}
		})
	}
}
