package stats

import (
	"math"

	"gonum.org/v1/gonum/mathext"
)

// RMANOVAResult is a one-way repeated-measures ANOVA with the Greenhouse–Geisser correction.
type RMANOVAResult struct {
	Subjects   int
	Conditions int
	SSCond     float64 // between conditions
	SSSubj     float64 // between subjects
	SSError    float64 // condition × subject residual
	F          float64 // (SSCond/DF1) / (SSError/DF2)
	DF1        float64 // k − 1
	DF2        float64 // (k − 1)(n − 1)
	P          float64 // upper tail of F(DF1, DF2)
	GGEpsilon  float64 // Greenhouse–Geisser ε̂, in [1/(k − 1), 1]
	PGG        float64 // upper tail of F(ε̂·DF1, ε̂·DF2)
}

// RepeatedMeasuresANOVA returns the one-way repeated-measures ANOVA of y, one row per subject and one
// column per condition (every subject has every condition). The Greenhouse–Geisser ε̂ is
//
//	ε̂ = tr(CSC)² / ((k − 1)·tr((CSC)²)),   C = I − J/k,
//
// with S the sample covariance matrix of the k conditions; the double-centred CSC has the same non-zero
// eigenvalues as the covariance of k − 1 orthonormal contrasts. With fewer than two subjects or two
// conditions every statistic is NaN. RepeatedMeasuresANOVA panics if the rows differ in length.
func RepeatedMeasuresANOVA(y [][]float64) RMANOVAResult {
	n := len(y)
	k := 0
	if n > 0 {
		k = len(y[0])
	}
	for _, row := range y {
		if len(row) != k {
			panic("stats: ragged rows")
		}
	}
	nan := math.NaN()
	r := RMANOVAResult{Subjects: n, Conditions: k, SSCond: nan, SSSubj: nan, SSError: nan, F: nan,
		DF1: nan, DF2: nan, P: nan, GGEpsilon: nan, PGG: nan}
	if n < 2 || k < 2 {
		return r
	}
	fn, fk := float64(n), float64(k)
	colMean := make([]float64, k)
	rowMean := make([]float64, n)
	var grand float64
	for i, row := range y {
		for j, v := range row {
			colMean[j] += v
			rowMean[i] += v
			grand += v
		}
	}
	for j := range colMean {
		colMean[j] /= fn
	}
	for i := range rowMean {
		rowMean[i] /= fk
	}
	grand /= fn * fk
	var ssTotal, ssCond, ssSubj float64
	for i, row := range y {
		for _, v := range row {
			ssTotal += (v - grand) * (v - grand)
		}
		ssSubj += (rowMean[i] - grand) * (rowMean[i] - grand)
	}
	for _, m := range colMean {
		ssCond += (m - grand) * (m - grand)
	}
	r.SSCond, r.SSSubj = fn*ssCond, fk*ssSubj
	r.SSError = ssTotal - r.SSCond - r.SSSubj
	r.DF1, r.DF2 = fk-1, (fk-1)*(fn-1)
	r.F = (r.SSCond / r.DF1) / (r.SSError / r.DF2)
	r.P = fSurvival(r.F, r.DF1, r.DF2)

	// Double-centred sample covariance of the conditions.
	s := make([]float64, k*k)
	for j := 0; j < k; j++ {
		for l := j; l < k; l++ {
			var c float64
			for _, row := range y {
				c += (row[j] - colMean[j]) * (row[l] - colMean[l])
			}
			s[j*k+l] = c / (fn - 1)
			s[l*k+j] = s[j*k+l]
		}
	}
	sRow := make([]float64, k)
	var sAll float64
	for j := 0; j < k; j++ {
		for l := 0; l < k; l++ {
			sRow[j] += s[j*k+l]
		}
		sAll += sRow[j]
		sRow[j] /= fk
	}
	sAll /= fk * fk
	var tr, tr2 float64
	for j := 0; j < k; j++ {
		for l := 0; l < k; l++ {
			c := s[j*k+l] - sRow[j] - sRow[l] + sAll
			if j == l {
				tr += c
			}
			tr2 += c * c // tr(A²) = Σ a_jl² for symmetric A
		}
	}
	r.GGEpsilon = tr * tr / ((fk - 1) * tr2)
	r.PGG = fSurvival(r.F, r.GGEpsilon*r.DF1, r.GGEpsilon*r.DF2)
	return r
}

// fSurvival is P(X > f) for X ~ F(d1, d2), taken from the regularized incomplete beta function of the
// upper tail directly: distuv.F.Survival is 1 − CDF, which loses the relative precision of a small p.
func fSurvival(f, d1, d2 float64) float64 {
	switch {
	case math.IsNaN(f) || math.IsNaN(d1) || math.IsNaN(d2) || d1 <= 0 || d2 <= 0:
		return math.NaN()
	case f <= 0:
		return 1
	case math.IsInf(f, 1):
		return 0
	}
	return mathext.RegIncBeta(d2/2, d1/2, d2/(d2+d1*f))
}
