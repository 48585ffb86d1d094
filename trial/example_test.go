package trial_test

import (
	"fmt"

	"github.com/endplate/endplate/trial"
)

// A trial built from Go values: handgrip (kg) of four patients, real and sham arm, two visits.
func ExampleTrial() {
	grip := map[string][4]float64{ // real pre, real post, sham pre, sham post
		"P1": {20.1, 22.0, 19.8, 19.5}, "P2": {15.2, 17.9, 15.9, 15.1},
		"P3": {24.3, 25.0, 23.1, 22.8}, "P4": {11.0, 13.1, 11.6, 11.2},
	}
	t := &trial.Trial{Visits: []string{"pre", "post"}}
	for _, p := range []string{"P1", "P2", "P3", "P4"} {
		g := grip[p]
		for i, v := range []string{"pre", "post"} {
			t.Arms = append(t.Arms,
				trial.Arm{Patient: p, Side: "left", Treatment: trial.Real, Visit: v, Measures: map[string]float64{trial.HandgripKg: g[i]}},
				trial.Arm{Patient: p, Side: "right", Treatment: trial.Sham, Visit: v, Measures: map[string]float64{trial.HandgripKg: g[2+i]}})
		}
	}
	for _, c := range t.Comparisons() {
		fmt.Printf("%s %-6s n=%d real−sham %+.2f kg [%+.2f, %+.2f] t p=%.3f\n",
			c.Measure, c.Visit, c.N, c.MeanDiff, c.CI95[0], c.CI95[1], c.PairedTP)
	}
	a := t.ANOVAs()[0]
	fmt.Printf("ANOVA over %v: F(%g, %g) = %.1f, Greenhouse–Geisser ε = %.2f\n", a.Cells, a.DF1, a.DF2, a.F, a.GGEpsilon)
	// Output:
	// handgrip_kg pre    n=4 real−sham +0.05 kg [-1.36, +1.46] t p=0.918
	// handgrip_kg post   n=4 real−sham +2.35 kg [+1.73, +2.97] t p=0.001
	// handgrip_kg change n=4 real−sham +2.30 kg [+0.66, +3.94] t p=0.021
	// ANOVA over [real/pre real/post sham/pre sham/post]: F(3, 9) = 22.2, Greenhouse–Geisser ε = 0.45
}
