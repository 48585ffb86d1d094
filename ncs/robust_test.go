package ncs

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/endplate/endplate/ephys"
)

// Whatever a recording holds — noise only, a constant, a few samples, steps, NaN, huge values —
// every analysis returns a result or an error and never panics.
func TestHostileSweeps(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	gens := []func(n int) []float64{
		func(n int) []float64 { return make([]float64, n) },
		func(n int) []float64 {
			x := make([]float64, n)
			for i := range x {
				x[i] = rng.NormFloat64()
			}
			return x
		},
		func(n int) []float64 {
			x := make([]float64, n)
			for i := range x {
				x[i] = float64(i % 7)
			}
			return x
		},
		func(n int) []float64 {
			x := make([]float64, n)
			for i := range x {
				x[i] = 1e300 * float64(i%2*2-1)
			}
			return x
		},
		func(n int) []float64 {
			x := make([]float64, n)
			for i := range x {
				x[i] = rng.NormFloat64()
			}
			if n > 0 {
				x[n/2] = math.NaN()
			}
			return x
		},
		func(n int) []float64 {
			x := make([]float64, n)
			for i := n / 3; i < n; i++ {
				x[i] = -5 // a step
			}
			return x
		},
	}
	for _, n := range []int{0, 1, 2, 5, 17, 100, 1000} {
		for g, gen := range gens {
			for _, zero := range []float64{0, 0.001, 0.5} {
				sw := make([][]float64, 3)
				for k := range sw {
					sw[k] = gen(n)
				}
				placed := []ephys.Sweep{{Zero: zero}, {Start: 1, Zero: zero}, {Start: 2, Zero: zero}}
				r := ephys.NewRecording([]ephys.Channel{{Name: "x", Unit: "mV", Rate: 10000}}, placed, [][][]float64{sw})
				func() {
					defer func() {
						if p := recover(); p != nil {
							t.Errorf("n=%d generator %d zero %v: panic %v", n, g, zero, p)
						}
					}()
					CMAPs(r, nil)
					FWaves(r, nil)
					RNS(r, nil)
					SNAPs(r, nil)
					if c, err := CMAPs(r, nil); err == nil && len(c) > 0 {
						MotorStudy(c[0], c[len(c)-1], 200, nil)
					}
				}()
			}
		}
	}
}
