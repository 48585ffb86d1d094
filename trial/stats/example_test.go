package stats_test

import (
	"fmt"

	"github.com/endplate/endplate/trial/stats"
)

// Student's sleep data: extra hours of sleep under two drugs in the same ten patients.
func Example() {
	drug1 := []float64{0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0}
	drug2 := []float64{1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4}
	t := stats.PairedT(drug1, drug2)
	fmt.Printf("mean difference %.2f h, 95 %% CI [%.3f, %.3f], t(%g) = %.3f, p = %.4f\n",
		t.MeanDiff, t.CI95[0], t.CI95[1], t.DF, t.T, t.P)
	w := stats.Wilcoxon(drug1, drug2) // a zero difference and ties: the normal approximation
	fmt.Printf("Wilcoxon: %d non-zero pairs, exact %v, p = %.4f\n", w.NUsed, w.Exact, w.P)
	// Output:
	// mean difference -1.58 h, 95 % CI [-2.460, -0.700], t(9) = -4.062, p = 0.0028
	// Wilcoxon: 9 non-zero pairs, exact false, p = 0.0076
}

// Five subjects under four drugs (Winer 1971): the repeated-measures ANOVA and its
// Greenhouse–Geisser correction.
func ExampleRepeatedMeasuresANOVA() {
	y := [][]float64{{30, 28, 16, 34}, {14, 18, 10, 22}, {24, 20, 18, 30}, {38, 34, 20, 44}, {26, 28, 14, 30}}
	r := stats.RepeatedMeasuresANOVA(y)
	fmt.Printf("F(%g, %g) = %.2f, p = %.2g; ε = %.3f, corrected p = %.2g\n", r.DF1, r.DF2, r.F, r.P, r.GGEpsilon, r.PGG)
	// Output:
	// F(3, 12) = 24.76, p = 2e-05; ε = 0.605, corrected p = 0.00065
}
