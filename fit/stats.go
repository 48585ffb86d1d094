package fit

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Covariance returns the asymptotic covariance of least-squares estimates,
// s²·(JᵀJ)⁻¹ with s² = sse/dof, written into dst (nil allocates). It
// returns ErrSingular when JᵀJ is not positive definite and ErrTooFewPoints
// when dof < 1.
func Covariance(dst *mat.SymDense, jtj mat.Symmetric, sse float64, dof int) (*mat.SymDense, error) {
	if dof < 1 {
		return dst, fmt.Errorf("%w: no residual degrees of freedom", ErrTooFewPoints)
	}
	n := jtj.SymmetricDim()
	if dst == nil {
		dst = mat.NewSymDense(n, nil)
	}
	// Scale to unit diagonal first: JᵀJ of badly scaled parameters (an
	// amplitude in nA next to a time constant in s) is otherwise needlessly
	// ill-conditioned.
	sc := make([]float64, n)
	for i := range sc {
		d := jtj.At(i, i)
		if !(d > 0) {
			return dst, fmt.Errorf("%w: parameter %d has no influence on the fit", ErrSingular, i)
		}
		sc[i] = 1 / math.Sqrt(d)
	}
	a := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			a.SetSym(i, j, jtj.At(i, j)*sc[i]*sc[j])
		}
	}
	var ch mat.Cholesky
	if !ch.Factorize(a) {
		return dst, fmt.Errorf("%w: JᵀJ is not positive definite", ErrSingular)
	}
	if err := ch.InverseTo(a); err != nil {
		return dst, fmt.Errorf("%w: %v", ErrSingular, err)
	}
	s2 := sse / float64(dof)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			dst.SetSym(i, j, a.At(i, j)*sc[i]*sc[j]*s2)
		}
	}
	return dst, nil
}

// TQuantile returns the two-sided Student t multiplier for a confidence
// level (e.g. 0.95) with dof degrees of freedom: the (1+level)/2 quantile.
// It returns NaN when dof < 1 and panics when level is not inside (0, 1)
// (a level is the caller's constant, not data).
func TQuantile(level float64, dof int) float64 {
	if !(level > 0 && level < 1) {
		panic("fit: confidence level outside (0, 1)")
	}
	if dof < 1 {
		return math.NaN()
	}
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(dof)}.Quantile((1 + level) / 2)
}

// Interval returns the Wald interval x ± tq·se.
func Interval(x, se, tq float64) [2]float64 {
	return [2]float64{x - tq*se, x + tq*se}
}

// LogLikelihood returns the maximised Gaussian log-likelihood of a
// least-squares fit, −n/2·(ln(2π·sse/n) + 1).
func LogLikelihood(sse float64, nobs int) float64 {
	n := float64(nobs)
	return -n / 2 * (math.Log(2*math.Pi*sse/n) + 1)
}

// AICc returns the small-sample corrected Akaike information criterion of a
// least-squares fit with nparams fitted parameters. The noise variance counts
// as one more parameter, k = nparams+1:
//
//	AICc = −2·lnL + 2k + 2k(k+1)/(n−k−1).
//
// It is +Inf when n ≤ k+1. Only differences between models fitted to the
// same data are meaningful; lower is better.
func AICc(sse float64, nobs, nparams int) float64 {
	k := float64(nparams + 1)
	n := float64(nobs)
	if n-k-1 <= 0 {
		return math.Inf(1)
	}
	return -2*LogLikelihood(sse, nobs) + 2*k + 2*k*(k+1)/(n-k-1)
}

// BIC returns the Bayesian information criterion −2·lnL + k·ln n with
// k = nparams+1 (the noise variance included).
func BIC(sse float64, nobs, nparams int) float64 {
	k := float64(nparams + 1)
	return -2*LogLikelihood(sse, nobs) + k*math.Log(float64(nobs))
}

// FTest is the extra-sum-of-squares F test of a simpler model (sse1 with df1
// residual degrees of freedom) nested in a more complex one (sse2, df2 <
// df1):
//
//	F = ((sse1 − sse2)/(df1 − df2)) / (sse2/df2),
//
// and p = P(F(df1−df2, df2) > F). A small p favours the complex model.
// It returns NaN for inconsistent degrees of freedom.
func FTest(sse1 float64, df1 int, sse2 float64, df2 int) (f, p float64) {
	if df2 < 1 || df1 <= df2 || !(sse2 > 0) {
		return math.NaN(), math.NaN()
	}
	f = ((sse1 - sse2) / float64(df1-df2)) / (sse2 / float64(df2))
	return f, fUpperTail(f, float64(df1-df2), float64(df2))
}
