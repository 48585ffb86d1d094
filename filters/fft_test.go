package filters

import (
	"fmt"
	"testing"
)

func benchInput(n int) []float64 {
	x := make([]float64, n)
	s := uint64(0x9E3779B97F4A7C15)
	for i := range x {
		s ^= s << 13
		s ^= s >> 7
		s ^= s << 17
		x[i] = float64(s>>11)*0x1p-53 - 0.5
	}
	return x
}

// BenchmarkFFTPrimeFactor runs both paths on n = 64·p; it sets bluesteinMinPrime.
func BenchmarkFFTPrimeFactor(b *testing.B) {
	for _, p := range []int{31, 61, 127, 251, 509} {
		n := 64 * p
		x := benchInput(n)
		dst := make([]complex128, n/2+1)
		for _, blue := range []bool{false, true} {
			name := "gonum"
			if blue {
				name = "bluestein"
			}
			b.Run(fmt.Sprintf("p=%d/%s", p, name), func(b *testing.B) {
				var f FFT
				f.reset(n, blue)
				b.ReportAllocs()
				for b.Loop() {
					f.Coefficients(dst, x)
				}
			})
		}
	}
}
