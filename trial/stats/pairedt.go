package stats

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// PairedTResult is the paired t test of a against b over n pairs, on the differences d = a − b.
type PairedTResult struct {
	N        int
	MeanA    float64
	MeanB    float64
	MeanDiff float64    // mean of a − b
	SDDiff   float64    // sample standard deviation of a − b (n − 1 in the denominator)
	T        float64    // MeanDiff / (SDDiff/√n)
	DF       float64    // n − 1
	P        float64    // two-sided
	CI95     [2]float64 // t-based 95 % confidence interval of the mean difference
}

// PairedT returns the two-sided paired t test of a against b and the t-based 95 % confidence interval
// of the mean difference. With fewer than two pairs every statistic but the means is NaN. With
// differences that are all equal (zero standard deviation) T is ±Inf and P is 0, or both are NaN when
// the differences are all zero, and the interval is NaN, as SciPy's ttest_rel and t.interval give.
// PairedT panics if a and b differ in length.
func PairedT(a, b []float64) PairedTResult {
	if len(a) != len(b) {
		panic("stats: length mismatch")
	}
	n := len(a)
	r := PairedTResult{N: n, MeanA: mean(a), MeanB: mean(b)}
	nan := math.NaN()
	r.MeanDiff, r.SDDiff, r.T, r.DF, r.P, r.CI95 = nan, nan, nan, nan, nan, [2]float64{nan, nan}
	if n == 0 {
		return r
	}
	d := make([]float64, n)
	for i := range d {
		d[i] = a[i] - b[i]
	}
	r.MeanDiff = mean(d)
	if n < 2 {
		return r
	}
	var ss float64
	for _, v := range d {
		ss += (v - r.MeanDiff) * (v - r.MeanDiff)
	}
	r.SDDiff = math.Sqrt(ss / float64(n-1))
	r.DF = float64(n - 1)
	se := r.SDDiff / math.Sqrt(float64(n))
	r.T = r.MeanDiff / se
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: r.DF}
	switch {
	case math.IsNaN(r.T):
	case math.IsInf(r.T, 0):
		r.P = 0
	default:
		// 2·CDF(−|t|) rather than 2·(1 − CDF(|t|)): the lower tail keeps its relative precision for small p.
		r.P = math.Min(1, 2*t.CDF(-math.Abs(r.T)))
	}
	if se > 0 {
		q := t.Quantile(0.975)
		r.CI95 = [2]float64{r.MeanDiff - q*se, r.MeanDiff + q*se}
	}
	return r
}

func mean(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	var s float64
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}
