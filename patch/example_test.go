package patch_test

import (
	"fmt"
	"math"

	"github.com/endplate/endplate/patch"
)

func ExampleFitExp() {
	// A desensitising ACh current (nA), sampled at 2 kHz from t = 0.5 s.
	t := make([]float64, 4000)
	y := make([]float64, len(t))
	for k := range t {
		t[k] = 0.5 + float64(k)/2000
		y[k] = -800*math.Exp(-t[k]/0.3) - 150
	}
	f, err := patch.FitExp(t, y, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: tau %.3f s, amplitude at t=0 %.1f nA, at t=%.1f s %.1f nA, offset %.1f nA\n",
		f.Model(), f.Tau[0], f.Amp[0], f.T0, f.AmpT0[0], f.Offset)
	// Output:
	// mono: tau 0.300 s, amplitude at t=0 -800.0 nA, at t=0.5 s -151.1 nA, offset -150.0 nA
}
