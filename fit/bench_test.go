package fit

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// The decays of the acceptance check (../shared/check/fit_anchor.py):
// 1 kHz sampling, −800·e^(−t/3) − 50 and −600·e^(−t/0.8) − 300·e^(−t/6) − 20,
// noise SD 10.
func BenchmarkExp(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 5))
	for _, size := range []int{2000, 20000} {
		tt := linspace(0, 20.0/float64(size), size)
		for _, c := range []struct {
			name     string
			amp, tau []float64
			off      float64
		}{
			{"mono", []float64{-800}, []float64{3}, -50},
			{"bi", []float64{-600, -300}, []float64{0.8, 6}, -20},
		} {
			y := synthExp(rng, tt, c.amp, c.tau, c.off, 10)
			b.Run(fmt.Sprintf("%s/%d", c.name, size), func(b *testing.B) {
				var f ExpFitter
				b.ReportAllocs()
				b.SetBytes(int64(8 * size))
				for b.Loop() {
					if _, err := f.Fit(tt, y, len(c.tau), nil); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// The recurrence basis beside one math.Exp per sample.
func BenchmarkExpBasis(b *testing.B) {
	for _, size := range []int{2000, 20000} {
		dst := make([]float64, size)
		b.Run(fmt.Sprintf("recurrence/%d", size), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(8 * size))
			for b.Loop() {
				ExpBasis(dst, size, 0, 1e-3, 0.8)
			}
		})
		b.Run(fmt.Sprintf("exp/%d", size), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(8 * size))
			for b.Loop() {
				expBasisRef(dst, size, 0, 1e-3, 0.8)
			}
		})
	}
}

var benchSink float64

// The data moments of one time constant (the hot loop of every fit
// iteration), recurrence beside one exp per sample.
func BenchmarkExpSums(b *testing.B) {
	rng := rand.New(rand.NewPCG(6, 6))
	y := make([]float64, 20000)
	for k := range y {
		y[k] = rng.NormFloat64()
	}
	b.Run("recurrence/20000", func(b *testing.B) {
		b.SetBytes(8 * 20000)
		for b.Loop() {
			s0, s1 := expSums(y, 0.1, 1e-3/0.8)
			benchSink += s0 + s1
		}
	})
	b.Run("exp/20000", func(b *testing.B) {
		b.SetBytes(8 * 20000)
		for b.Loop() {
			s0, s1 := expSumsRef(y, 0.1, 1e-3/0.8)
			benchSink += s0 + s1
		}
	})
}

func BenchmarkHill(b *testing.B) {
	rng := rand.New(rand.NewPCG(7, 7))
	c, y := hillData(rng, hillConc, 3, 7, 1.2, -250, 0, 12)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Hill(c, y, nil); err != nil {
			b.Fatal(err)
		}
	}
}
