package stats

import (
	"math"
	"testing"
)

// Reference values below were computed with SciPy 1.10.1 (Debian's python3-scipy) and NumPy, printed with
// repr (17 significant digits); each block names its call. The trial's contract checks to 1e-6; these
// tests ask for 1e-12 relative (tolRel): both sides evaluate the same closed forms in float64, and the
// incomplete beta behind gonum's t and F distributions agrees with SciPy's cephes to ~1e-14 on these
// arguments, so 1e-12 leaves two decades of margin without hiding a wrong formula.
const tolRel = 1e-12

func near(got, want, rel float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return math.Abs(got-want) <= rel*math.Max(math.Abs(want), 1e-300)
}

func check(t *testing.T, name string, got, want float64) {
	t.Helper()
	checkTol(t, name, got, want, tolRel)
}

// tolCI is the tolerance for the ends of a t interval. SciPy 1.10's t.ppf(0.975, 9) = 2.2621571627409915
// is 5.7e-11 short of the float64 quantile: its own t.sf there is 0.025 + 2.3e-12, while at gonum's
// 2.2621571627982049 SciPy's t.sf is 0.025 exactly. The interval ends therefore differ by up to ~3e-11
// relative; 1e-10 covers that and still catches any wrong quantile or standard error.
const tolCI = 1e-10

func checkTol(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if !near(got, want, tol) {
		t.Errorf("%s = %.17g, want %.17g (rel. diff %.2g)", name, got, want, math.Abs(got-want)/math.Abs(want))
	}
}

// Student's sleep data (Cushny & Peebles 1905; R's datasets::sleep): extra hours of sleep with two drugs
// in the same ten patients. The published paired t test (Student 1908; R's t.test(paired = TRUE))
// gives t = −4.0621, df = 9, p = 0.002833, 95 % CI (−2.4598858, −0.7001142).
var sleep1 = []float64{0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0}
var sleep2 = []float64{1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4}

func TestPairedTSleep(t *testing.T) {
	r := PairedT(sleep1, sleep2)
	// SciPy: stats.ttest_rel(g1, g2); stats.t.interval(0.95, 9, loc=d.mean(), scale=stats.sem(d))
	check(t, "T", r.T, -4.062127683382037)
	check(t, "P", r.P, 0.00283289019738427)
	checkTol(t, "CI95[0]", r.CI95[0], -2.4598857632547286, tolCI)
	checkTol(t, "CI95[1]", r.CI95[1], -0.7001142367452713, tolCI)
	check(t, "MeanDiff", r.MeanDiff, -1.58)
	if r.DF != 9 || r.N != 10 {
		t.Errorf("DF = %v, N = %d, want 9, 10", r.DF, r.N)
	}
}

func TestPairedTRandom(t *testing.T) {
	// SciPy: x, y from default_rng(20) normals rounded to 3 decimals; ttest_rel(x, y) and t.interval.
	x := []float64{-0.36, 1.204, 1.397, 0.317, 0.414, -0.49, -0.914, -0.9, -0.998, 0.929, -0.056, 0.128}
	y := []float64{-0.64, -1.088, -1.202, -0.842, 0.599, 0.018, -0.457, -0.239, -1.427, 1.231, -1.216, 0.042}
	r := PairedT(x, y)
	check(t, "T", r.T, 1.5584104827926517)
	check(t, "P", r.P, 0.147423765246651)
	checkTol(t, "CI95[0]", r.CI95[0], -0.20245254381512923, tolCI)
	checkTol(t, "CI95[1]", r.CI95[1], 1.1844525438151294, tolCI)
	w := Wilcoxon(x, y)
	// SciPy: stats.wilcoxon(x, y).pvalue, exact (n = 12, no zeros, no ties)
	if !w.Exact {
		t.Error("n = 12 without zeros or ties: want the exact distribution")
	}
	check(t, "Wilcoxon P", w.P, 0.38037109375)
}

func TestPairedTDegenerate(t *testing.T) {
	// Equal non-zero differences: SciPy's ttest_rel gives t = inf, p = 0 (and t.interval NaN at scale 0).
	r := PairedT([]float64{2, 3, 4}, []float64{1, 2, 3})
	if !math.IsInf(r.T, 1) || r.P != 0 || !math.IsNaN(r.CI95[0]) {
		t.Errorf("constant differences: T %v, P %v, CI %v; want +Inf, 0, NaN", r.T, r.P, r.CI95)
	}
	r = PairedT([]float64{1, 2}, []float64{1, 2})
	if !math.IsNaN(r.T) || !math.IsNaN(r.P) {
		t.Errorf("zero differences: T %v, P %v; want NaN", r.T, r.P)
	}
	r = PairedT([]float64{1}, []float64{0})
	if !math.IsNaN(r.P) || r.MeanDiff != 1 {
		t.Errorf("one pair: P %v, MeanDiff %v; want NaN, 1", r.P, r.MeanDiff)
	}
}

func TestWilcoxonDarwin(t *testing.T) {
	// Darwin's Zea mays height differences (Fisher, The Design of Experiments, 1935), the example of
	// SciPy's wilcoxon documentation: statistic 24, exact p = 0.041259765625 (= 1352/32768).
	d := []float64{6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75}
	r := Wilcoxon(d, make([]float64, len(d)))
	if !r.Exact || math.Min(r.RPlus, r.RMinus) != 24 {
		t.Errorf("exact %v, min(R+, R-) %v; want exact, 24", r.Exact, math.Min(r.RPlus, r.RMinus))
	}
	check(t, "P", r.P, 0.041259765625)
}

func TestWilcoxonApprox(t *testing.T) {
	// The sleep data hold a zero difference and tied |d|: the normal approximation without continuity
	// correction. SciPy: stats.wilcoxon(g1, g2).pvalue (zero_method="wilcox", correction=False).
	r := Wilcoxon(sleep1, sleep2)
	if r.Exact || r.NUsed != 9 {
		t.Errorf("exact %v, NUsed %d; want the approximation on 9 pairs", r.Exact, r.NUsed)
	}
	check(t, "P sleep", r.P, 0.007632441648205508)

	// MRC sums with a zero difference (the outside check's "post" visit). SciPy: stats.wilcoxon(a, b).
	r = Wilcoxon([]float64{43, 41, 46, 40, 41, 48, 41, 45}, []float64{43, 40, 44, 40, 42, 45, 39, 44})
	check(t, "P zeros", r.P, 0.07074986707637762)

	// Tied |d| without zeros, n ≤ 50: DESIGN.md takes the tie-corrected normal approximation, where SciPy
	// 1.10 would stay on its exact path. Reference: the approximation written out with NumPy
	// (rankdata, T = min(R+, R−), var = m(m+1)(2m+1)/24 − Σ(t³ − t)/48, p = 2·norm.sf(|z|)).
	r = Wilcoxon([]float64{42, 40, 45, 38, 41, 47, 39, 44}, []float64{41, 41, 43, 37, 43, 44, 38, 45})
	if r.Exact {
		t.Error("tied |d|: want the normal approximation")
	}
	check(t, "Z ties", r.Z, -0.7907736701585484)
	check(t, "P ties", r.P, 0.42907607720227137)

	// n = 60 > ExactMaxN, tied |d| (2-decimal data), no zeros. SciPy: stats.wilcoxon(x, y).pvalue.
	x := []float64{2.14, -2.55, -1.41, -0.72, 0.12, -1.71, -0.24, -0.03, 0.17, -2.39, 0.65, 1.6, 0.44, -0.72, -0.61, -2.65, 0.48, 1.5, 0.65, -2.98, -0.43, -0.1, -0.48, 1.03, -1.74, -0.72, 0.6, 0.99, 0.17, 1.06, 0.52, -1.06, 1.29, -0.51, -1.63, 0.44, 1.81, 0.96, 1.0, 0.19, -2.47, 0.68, 0.16, -2.64, -0.65, -0.88, 1.06, 0.12, 0.3, 0.24, -1.33, -1.96, 0.06, -0.29, -0.01, -0.17, -0.5, 0.56, 0.19, -0.62}
	y := []float64{-1.9, -2.59, -1.44, -0.15, 0.91, -0.42, 0.68, 1.16, 2.38, 0.29, 1.49, 0.23, -1.24, -2.27, 0.3, 0.89, 2.47, -0.67, 0.49, -0.12, -2.37, 0.37, -0.32, -1.28, 1.69, -0.62, 0.47, -0.27, -0.72, -0.17, 0.79, -0.69, -1.65, 1.8, 0.44, -0.96, -0.09, -1.56, -0.07, 0.86, -1.93, 0.87, 0.81, -0.27, 0.1, -0.33, -0.45, -1.86, 1.63, -0.67, 0.13, -0.23, 0.46, 0.57, -1.02, 0.36, -0.27, -0.88, 1.3, 1.18}
	check(t, "P n=60", Wilcoxon(x, y).P, 0.454939684269131)
}

func TestWilcoxonEdges(t *testing.T) {
	if p := Wilcoxon([]float64{1, 2, 3}, []float64{1, 2, 3}).P; !math.IsNaN(p) {
		t.Errorf("all differences zero: P = %v, want NaN", p)
	}
	// n = 6, all positive: R+ = 21, exact p = 2/64 (SciPy: wilcoxon([1..6], [0]*6) = 0.03125).
	check(t, "P all positive", Wilcoxon([]float64{1, 2, 3, 4, 5, 6}, make([]float64, 6)).P, 0.03125)
	// The centre of the distribution gives 1. n = 4: ranks 1..4, R+ = 5 = top/2.
	check(t, "P centre", Wilcoxon([]float64{1, -2, -3, 4}, make([]float64, 4)).P, 1)
}

// TestExactAgainstEnumeration compares the counting recursion with a brute-force enumeration of every
// sign pattern for small n.
func TestExactAgainstEnumeration(t *testing.T) {
	for n := 1; n <= 12; n++ {
		top := n * (n + 1) / 2
		count := make([]float64, top+1)
		for mask := 0; mask < 1<<n; mask++ {
			s := 0
			for k := 0; k < n; k++ {
				if mask>>k&1 == 1 {
					s += k + 1
				}
			}
			count[s]++
		}
		for r := 0; r <= top; r++ {
			var lo, hi float64
			for s := 0; s <= top; s++ {
				if s <= r {
					lo += count[s]
				}
				if s >= r {
					hi += count[s]
				}
			}
			want := math.Min(1, 2*math.Min(lo, hi)/float64(int(1)<<n))
			if r == top/2 {
				want = 1
			}
			if got := exactSignedRankP(n, r); got != want {
				t.Fatalf("n %d r %d: %v, enumeration %v", n, r, got, want)
			}
		}
	}
}

func TestRMANOVAWiner(t *testing.T) {
	// Reaction times of five subjects under four drugs (Winer 1971, p. 268; NCSS Statistical Software,
	// ch. 214): SS drugs 698.2, SS residual 112.8, F(3, 12) = 24.76. ε̂ and the p-values are the direct
	// computation with NumPy/SciPy (F from the sums of squares, ε̂ = tr(M)²/((k−1)·tr(M²)) with M the
	// covariance of orthonormal contrasts from np.linalg.qr, p = stats.f.sf).
	y := [][]float64{{30, 28, 16, 34}, {14, 18, 10, 22}, {24, 20, 18, 30}, {38, 34, 20, 44}, {26, 28, 14, 30}}
	r := RepeatedMeasuresANOVA(y)
	check(t, "SSCond", r.SSCond, 698.2)
	check(t, "SSError", r.SSError, 112.8)
	check(t, "F", r.F, 24.758865248227035)
	if r.DF1 != 3 || r.DF2 != 12 {
		t.Errorf("df %v, %v; want 3, 12", r.DF1, r.DF2)
	}
	check(t, "P", r.P, 1.9925013151117768e-05)
	check(t, "GGEpsilon", r.GGEpsilon, 0.6048740416210293)
	check(t, "PGG", r.PGG, 0.0006490325706838432)
}

func TestRMANOVARandom(t *testing.T) {
	// default_rng(5) normals, 7 subjects × 4 conditions with unequal variances (a covariance far from
	// spherical); the same direct NumPy/SciPy computation as above.
	y := [][]float64{{-0.802, -1.649, 0.252, 3.261}, {1.136, 1.219, -0.053, -0.354}, {0.749, 4.27, 0.773, -1.7},
		{-0.958, 4.2, 0.703, -3.196}, {-0.084, -1.326, -0.129, 0.536}, {-0.713, 2.107, 0.437, 0.232}, {0.41, 2.66, -1.143, 1.23}}
	r := RepeatedMeasuresANOVA(y)
	check(t, "F", r.F, 1.314112209108352)
	check(t, "P", r.P, 0.30059650276696953)
	check(t, "GGEpsilon", r.GGEpsilon, 0.4493709062674647)
	check(t, "PGG", r.PGG, 0.3017999324936542)
	if r.GGEpsilon < 1.0/3 || r.GGEpsilon > 1 {
		t.Errorf("ε̂ %v outside [1/(k−1), 1]", r.GGEpsilon)
	}
}

func TestRMANOVATooSmall(t *testing.T) {
	r := RepeatedMeasuresANOVA([][]float64{{1, 2, 3, 4}})
	if !math.IsNaN(r.F) || !math.IsNaN(r.PGG) {
		t.Errorf("one subject: F %v, PGG %v; want NaN", r.F, r.PGG)
	}
}

// With two conditions the repeated-measures ANOVA is the paired t test: F = t², the same p, and ε̂ = 1
// (one contrast is always spherical). Checked on pseudo-random data of several sizes; 1e-10 allows for
// the different order of the sums and the two incomplete-beta evaluations.
func TestRMANOVATwoConditionsIsPairedT(t *testing.T) {
	x := 0.37
	next := func() float64 { x = math.Mod(x*9301+49297, 233280); return x / 233280 } // a fixed LCG: deterministic data
	for _, n := range []int{3, 7, 22, 60} {
		a, b := make([]float64, n), make([]float64, n)
		y := make([][]float64, n)
		for i := range a {
			a[i] = 10 + 3*next()
			b[i] = a[i] + next() - 0.3
			y[i] = []float64{a[i], b[i]}
		}
		r := RepeatedMeasuresANOVA(y)
		p := PairedT(a, b)
		if !near(r.F, p.T*p.T, 1e-10) || !near(r.P, p.P, 1e-10) || !near(r.GGEpsilon, 1, 1e-12) || !near(r.PGG, p.P, 1e-10) {
			t.Errorf("n %d: F %v p %v ε %v p_gg %v; t² %v p %v", n, r.F, r.P, r.GGEpsilon, r.PGG, p.T*p.T, p.P)
		}
	}
}

// The normal approximation approaches the exact distribution: at n = 50 (no ties, no zeros) the two
// p-values differ by less than 0.005 across the range (the approximation's error is O(1/n)).
func TestWilcoxonApproxNearExact(t *testing.T) {
	n := 50
	a, b := make([]float64, n), make([]float64, n)
	for shift := -10; shift <= 10; shift += 5 {
		for i := range a {
			a[i] = float64(i+1) * (1 + 1e-3*float64(i)) // distinct |d|
			if (i*7+shift+20)%3 == 0 {
				a[i] = -a[i]
			}
		}
		ex := Wilcoxon(a, b)
		if !ex.Exact {
			t.Fatal("want the exact path at n = 50")
		}
		a51 := append(a, 1e-9) // a 51st tiny difference moves R± by at most 1 and forces the approximation
		ap := Wilcoxon(a51, append(b, 0))
		if ap.Exact || math.Abs(ap.P-ex.P) > 0.005 {
			t.Errorf("shift %d: exact %v, approximation %v", shift, ex.P, ap.P)
		}
	}
}
