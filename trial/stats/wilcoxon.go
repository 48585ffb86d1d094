package stats

import (
	"math"
	"sort"
)

// ExactMaxN is the largest number of pairs for which Wilcoxon uses the exact null distribution (when
// there are no zero differences and no ties), as SciPy 1.10's method="auto" does.
const ExactMaxN = 50

// WilcoxonResult is the two-sided Wilcoxon signed-rank test of a against b.
type WilcoxonResult struct {
	N      int     // pairs given
	NUsed  int     // pairs ranked: N for the exact test, the non-zero differences for the approximation
	RPlus  float64 // sum of the ranks of |d| over d > 0 (average ranks for ties)
	RMinus float64 // sum of the ranks of |d| over d < 0
	Exact  bool    // the exact null distribution was used
	Z      float64 // the normal deviate of min(R+, R−); NaN on the exact path
	P      float64 // two-sided p-value; NaN when every difference is zero or there are no pairs
}

// Wilcoxon returns the two-sided Wilcoxon signed-rank test on the differences d = a − b.
//
// When there are at most ExactMaxN pairs, no zero difference and no tied |d|, p comes from the exact
// null distribution of R+ (all 2ⁿ sign patterns equally likely): p = 2·min(P(R+ ≤ r), P(R+ ≥ r)), capped
// at 1, and 1 at the centre. Otherwise the zero differences are dropped (Wilcoxon's original rule), the
// m others ranked with average ranks for ties, and
//
//	z = (min(R+, R−) − m(m+1)/4) / √(m(m+1)(2m+1)/24 − Σ(t³ − t)/48),   p = 2·Φ(−|z|),
//
// t running over the sizes of the tie groups, without continuity correction. P is NaN when every
// difference is zero. Wilcoxon panics if a and b differ in length.
func Wilcoxon(a, b []float64) WilcoxonResult {
	if len(a) != len(b) {
		panic("stats: length mismatch")
	}
	n := len(a)
	r := WilcoxonResult{N: n, Z: math.NaN(), P: math.NaN()}
	d := make([]float64, 0, n)
	for i := range a {
		if v := a[i] - b[i]; v != 0 {
			d = append(d, v)
		}
	}
	m := len(d)
	if m == 0 {
		return r
	}
	rank, ties := signedRanks(d)
	for i, v := range d {
		if v > 0 {
			r.RPlus += rank[i]
		} else {
			r.RMinus += rank[i]
		}
	}
	r.NUsed = m
	if m == n && n <= ExactMaxN && ties == 0 {
		r.Exact = true
		r.P = exactSignedRankP(n, int(r.RPlus))
		return r
	}
	fm := float64(m)
	mu := fm * (fm + 1) / 4
	v := fm*(fm+1)*(2*fm+1)/24 - ties/48
	r.Z = (math.Min(r.RPlus, r.RMinus) - mu) / math.Sqrt(v)
	r.P = math.Erfc(math.Abs(r.Z) / math.Sqrt2) // = 2·Φ(−|z|)
	return r
}

// signedRanks returns the average ranks of |d| (1-based) and Σ(t³ − t) over the tie groups.
func signedRanks(d []float64) (rank []float64, ties float64) {
	m := len(d)
	idx := make([]int, m)
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(i, j int) bool { return math.Abs(d[idx[i]]) < math.Abs(d[idx[j]]) })
	rank = make([]float64, m)
	for i := 0; i < m; {
		j := i + 1
		for j < m && math.Abs(d[idx[j]]) == math.Abs(d[idx[i]]) {
			j++
		}
		avg := float64(i+j+1) / 2 // ranks i+1 … j averaged
		for k := i; k < j; k++ {
			rank[idx[k]] = avg
		}
		if t := float64(j - i); t > 1 {
			ties += t*t*t - t
		}
		i = j
	}
	return rank, ties
}

// exactSignedRankP is the two-sided p-value of R+ = r under the exact null distribution of the
// signed-rank statistic of n untied, non-zero differences.
func exactSignedRankP(n, r int) float64 {
	// c[s] counts the sign patterns with rank sum s. Counts stay below 2⁵⁰ for n ≤ 50, so float64 holds
	// them exactly.
	top := n * (n + 1) / 2
	c := make([]float64, top+1)
	c[0] = 1
	for k := 1; k <= n; k++ {
		for s := top; s >= k; s-- {
			c[s] += c[s-k]
		}
	}
	if r == top/2 { // the centre (SciPy 1.10's rule; with top odd both tails already hold half)
		return 1
	}
	var lo, hi float64
	for s := 0; s <= r; s++ {
		lo += c[s]
	}
	for s := r; s <= top; s++ {
		hi += c[s]
	}
	return math.Min(1, 2*math.Min(lo, hi)/math.Ldexp(1, n))
}
