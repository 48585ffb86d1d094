package fit_test

import (
	"fmt"
	"math"

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
