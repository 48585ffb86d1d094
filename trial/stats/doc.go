// Package stats holds the statistics of a paired, two-arm trial: the paired t test with the t-based
// 95 % confidence interval of the mean difference, the Wilcoxon signed-rank test (exact null distribution
// or the tie-corrected normal approximation), and the one-way repeated-measures ANOVA with the
// Greenhouse–Geisser correction.
//
// Every test is two-sided. The rules follow DESIGN.md's trial contract, which pins each choice to a
// reference a reader can recompute:
//
//   - PairedT equals SciPy's stats.ttest_rel(a, b) and stats.t.interval(0.95, n-1, mean(d), sem(d)).
//   - Wilcoxon uses the exact distribution of the signed-rank statistic when n ≤ 50 with no zero
//     differences and no tied |differences| (this equals SciPy 1.10's stats.wilcoxon(a, b)); otherwise it
//     drops the zero differences and uses the normal approximation with the tie-corrected variance
//     (Hollander & Wolfe, Nonparametric Statistical Methods, §3.1) and no continuity correction. SciPy 1.10
//     keeps tied data without zeros on its exact path, which is not valid for ties; here they are not.
//   - RepeatedMeasuresANOVA is the univariate one-way within-subject ANOVA (Winer, Statistical
//     Principles in Experimental Design, 1971, ch. 4) with the Greenhouse–Geisser (1959) estimate of
//     Box's ε computed from the sample covariance matrix of the conditions.
//
// A value that cannot be computed (too few pairs, zero variance, every difference zero) is NaN, never a
// made-up number. Mismatched slice lengths are programmer errors and panic. The functions keep no
// state and are safe for concurrent use; none starts goroutines.
package stats
