package fit

import (
	"math"
	"math/cmplx"
	"sort"

	"gonum.org/v1/gonum/mat"
)

// seed is a set of starting time constants with the reduced sum of squares
// they give on the seed level.
type seed struct {
	tau [maxExp]float64
	sse float64
}

// gridSeeds evaluates the variable-projection sum of squares on lvl for
// every combination of n distinct time constants from a log-spaced grid of k
// values on [lo, hi] and returns the best keep combinations. The per-τ data
// sums and the Gram table are computed once, so a combination costs one
// (n+1)×(n+1) solve.
func gridSeeds(lvl *expLevel, n, k int, lo, hi float64, keep int) []seed {
	grid := make([]float64, k)
	for i := range grid {
		grid[i] = lo * math.Pow(hi/lo, float64(i)/float64(k-1))
	}
	// Gram table over the grid columns plus the constant (index k).
	K := k + 1
	gt := make([]float64, K*K)
	bt := make([]float64, K)
	m := lvl.len()
	gt[k*K+k] = float64(m)
	bt[k] = lvl.sy
	if lvl.uniform {
		for a := 0; a < k; a++ {
			ha := lvl.dt / grid[a]
			g0, _, _ := geoSums(m, ha)
			gt[a*K+k], gt[k*K+a] = g0, g0
			for b := a; b < k; b++ {
				g0, _, _ := geoSums(m, ha+lvl.dt/grid[b])
				gt[a*K+b], gt[b*K+a] = g0, g0
			}
			bt[a], _ = expSums(lvl.y, lvl.c, ha)
		}
	} else {
		cols := make([]float64, k*m)
		for a := 0; a < k; a++ {
			col := cols[a*m : (a+1)*m]
			for i, t := range lvl.t {
				col[i] = math.Exp(-t / grid[a])
			}
		}
		for a := 0; a < k; a++ {
			ca := cols[a*m : (a+1)*m]
			s1, sb := 0.0, 0.0
			for i, v := range ca {
				s1 += v
				sb += v * (lvl.y[i] - lvl.c)
			}
			gt[a*K+k], gt[k*K+a] = s1, s1
			bt[a] = sb
			for b := a; b < k; b++ {
				cb := cols[b*m : (b+1)*m]
				s := 0.0
				for i, v := range ca {
					s += v * cb[i]
				}
				gt[a*K+b], gt[b*K+a] = s, s
			}
		}
	}
	var best []seed
	var idx [maxExp + 1]int
	var G [maxExp + 1][maxExp + 1]float64
	var bv, c [maxExp + 1]float64
	try := func() {
		idx[n] = k
		for i := 0; i <= n; i++ {
			for j := 0; j <= n; j++ {
				G[i][j] = gt[idx[i]*K+idx[j]]
			}
			bv[i] = bt[idx[i]]
		}
		if !smallSPDSolve(&G, &bv, &c, n+1) {
			return
		}
		sse := lvl.yy
		for i := 0; i <= n; i++ {
			sse -= bv[i] * c[i]
		}
		if len(best) == keep && sse >= best[keep-1].sse {
			return
		}
		var s seed
		s.sse = sse
		for i := 0; i < n; i++ {
			s.tau[i] = grid[idx[i]]
		}
		best = append(best, s)
		sort.Slice(best, func(a, b int) bool { return best[a].sse < best[b].sse })
		if len(best) > keep {
			best = best[:keep]
		}
	}
	var rec func(pos, from int)
	rec = func(pos, from int) {
		if pos == n {
			try()
			return
		}
		for a := from; a < k; a++ {
			idx[pos] = a
			rec(pos+1, a+1)
		}
	}
	rec(0, 0)
	return best
}

// smallSPDSolve solves the p×p symmetric positive definite system G·c = b
// (equilibrated, unpivoted Cholesky). It is used only to rank seeds; the
// fit itself solves through gonum. It reports false when G is not
// numerically positive definite.
func smallSPDSolve(G *[maxExp + 1][maxExp + 1]float64, b, c *[maxExp + 1]float64, p int) bool {
	var s [maxExp + 1]float64
	var L [maxExp + 1][maxExp + 1]float64
	for i := 0; i < p; i++ {
		if !(G[i][i] > 0) {
			return false
		}
		s[i] = 1 / math.Sqrt(G[i][i])
	}
	for i := 0; i < p; i++ {
		for j := 0; j <= i; j++ {
			sum := G[i][j] * s[i] * s[j]
			for k := 0; k < j; k++ {
				sum -= L[i][k] * L[j][k]
			}
			if i == j {
				if sum <= 1e-13 {
					return false
				}
				L[i][i] = math.Sqrt(sum)
			} else {
				L[i][j] = sum / L[j][j]
			}
		}
	}
	var z [maxExp + 1]float64
	for i := 0; i < p; i++ {
		sum := b[i] * s[i]
		for k := 0; k < i; k++ {
			sum -= L[i][k] * z[k]
		}
		z[i] = sum / L[i][i]
	}
	for i := p - 1; i >= 0; i-- {
		sum := z[i]
		for k := i + 1; k < p; k++ {
			sum -= L[k][i] * c[k]
		}
		c[i] = sum / L[i][i]
	}
	for i := 0; i < p; i++ {
		c[i] *= s[i]
	}
	return true
}

// pencilTaus estimates n time constants from evenly spaced samples y (step
// dt) with the matrix-pencil method (Hua & Sarkar 1990) applied to the first
// differences, which removes the offset: the Hankel matrix of the
// differences is reduced to its n leading right singular vectors V, and the
// poles zᵢ = exp(−dt/τᵢ) are the eigenvalues of V₁⁺V₂ (V without its last /
// first row). Only real poles in (0, 1) give time constants; ok is false
// when fewer than n are found.
func pencilTaus(y []float64, dt float64, n int) (tau [maxExp]float64, ok bool) {
	N := len(y) - 1
	L := N / 3
	if L < n || N-L < n+1 {
		return tau, false
	}
	rows := N - L
	H := mat.NewDense(rows, L+1, nil)
	for i := 0; i < rows; i++ {
		for j := 0; j <= L; j++ {
			H.Set(i, j, y[i+j+1]-y[i+j])
		}
	}
	var svd mat.SVD
	if !svd.Factorize(H, mat.SVDThin) {
		return tau, false
	}
	var V mat.Dense
	svd.VTo(&V)
	V1 := mat.DenseCopyOf(V.Slice(0, L, 0, n))
	V2 := mat.DenseCopyOf(V.Slice(1, L+1, 0, n))
	var X mat.Dense
	if err := X.Solve(V1, V2); err != nil {
		return tau, false
	}
	var eig mat.Eigen
	if !eig.Factorize(&X, mat.EigenNone) {
		return tau, false
	}
	z := eig.Values(nil)
	k := 0
	for _, zi := range z {
		if math.Abs(imag(zi)) > 1e-6*cmplx.Abs(zi) {
			continue
		}
		r := real(zi)
		if r <= 0 || r >= 1 {
			continue
		}
		tau[k] = -dt / math.Log(r)
		k++
	}
	if k < n {
		return tau, false
	}
	sort.Float64s(tau[:n])
	return tau, true
}
