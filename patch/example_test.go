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

func ExampleAnalyzeFile() {
	// A simulated ACh-evoked current (testdata/manifest.json has its truth:
	// amplitude 725.9 nA, T0.5 1.365 s, τ 1.766 s).
	a, err := patch.AnalyzeFile("../testdata/ach_current.atf", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range a.Responses {
		fmt.Printf("sweep %d: onset %.1f s, peak %.0f nA, T0.5 %.3f s, %s decay, tau %.2f s\n",
			r.Sweep+1, r.Onset, r.Peak, r.THalf, r.Decay.Model(), r.Decay.Tau[0])
	}
	// Output:
	// sweep 1: onset 5.0 s, peak -726 nA, T0.5 1.365 s, mono decay, tau 1.77 s
}
