package fit_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/endplate/endplate/fit"
)

func ExampleExp() {
	// A bi-exponential decay sampled at 1 kHz for 20 s.
	t := make([]float64, 20000)
	y := make([]float64, len(t))
	for k := range t {
		t[k] = float64(k) / 1000
		y[k] = -600*math.Exp(-t[k]/0.8) - 300*math.Exp(-t[k]/6) - 20
	}
	r, err := fit.Exp(t, y, 2, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("tau %.4f %.4f s\n", r.Tau[0], r.Tau[1])
	fmt.Printf("amp %.2f %.2f, offset %.2f\n", r.Amp[0], r.Amp[1], r.Offset)
	// Output:
	// tau 0.8000 6.0000 s
	// amp -600.00 -300.00, offset -20.00
}

func ExampleHill() {
	conc := []float64{0.1, 0.3, 1, 3, 10, 30, 100} // µM
	resp := make([]float64, len(conc))
	for i, c := range conc {
		resp[i] = -250 / (1 + math.Pow(7/c, 1.4)) // nA
	}
	r, err := fit.Hill(conc, resp, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("EC50 %.3f µM, Hill %.3f, Imax %.1f nA\n", r.EC50, r.Hill, r.Imax)
	// Output:
	// EC50 7.000 µM, Hill 1.400, Imax -250.0 nA
}

func ExampleFTest() {
	// A second component that lowers the sum of squares from 1200 (997
	// residual degrees of freedom) to 1000 (995).
	f, p := fit.FTest(1200, 997, 1000, 995)
	fmt.Printf("F = %.1f, p = %.2g\n", f, p)
	// Output:
	// F = 99.5, p = 4e-40
}

// Noise in a recording filtered below its sampling rate is correlated from
// sample to sample. Exp measures that from the residuals and widens the
// intervals by √VarianceFactor; Independent gives the white-noise intervals
// SciPy's curve_fit would, here about four times too narrow.
func ExampleExp_correlatedNoise() {
	rng := rand.New(rand.NewPCG(1, 1))
	t := make([]float64, 4000)
	y := make([]float64, len(t))
	e := 0.0
	for k := range t {
		t[k] = float64(k) / 1000
		e = 0.9*e + math.Sqrt(1-0.81)*rng.NormFloat64() // AR(1), ρ = 0.9, SD 1
		y[k] = -300*math.Exp(-t[k]/0.8) - 10 + 2*e
	}
	r, err := fit.Exp(t, y, 1, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	w, _ := fit.Exp(t, y, 1, &fit.ExpOptions{Independent: true})
	fmt.Printf("residual lag-1 correlation %.2f, variance factor %.0f\n", r.ResidualLag1, r.VarianceFactor)
	fmt.Printf("tau %.3f s, 95 %% CI [%.3f, %.3f]; assuming white noise [%.3f, %.3f]\n",
		r.Tau[0], r.TauCI[0][0], r.TauCI[0][1], w.TauCI[0][0], w.TauCI[0][1])
	// Output:
	// residual lag-1 correlation 0.88, variance factor 16
	// tau 0.798 s, 95 % CI [0.792, 0.804]; assuming white noise [0.796, 0.799]
}
