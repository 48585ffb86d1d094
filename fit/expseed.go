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

// seedGrid is the reusable scratch of gridSeeds.
type seedGrid struct {
	grid, gt, bt, cols []float64
	best               []seed
}

// gridSeeds evaluates the variable-projection sum of squares on lvl for
// every combination of n distinct time constants from a log-spaced grid of k
// values on [lo, hi] and returns the best keep combinations (best first).
// The per-τ data sums and the Gram table are computed once, so a
// combination costs one (n+1)×(n+1) solve.
func (sg *seedGrid) gridSeeds(lvl *expLevel, n, k int, lo, hi float64, keep int) []seed {
	sg.grid = grow(sg.grid, k)
	grid := sg.grid
	for i := range grid {
		grid[i] = lo * math.Pow(hi/lo, float64(i)/float64(k-1))
	}
	// Gram table over the grid columns plus the constant (index k).
	K := k + 1
	sg.gt = grow(sg.gt, K*K)
	sg.bt = grow(sg.bt, K)
	gt, bt := sg.gt, sg.bt
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
		sg.cols = grow(sg.cols, k*m)
		cols := sg.cols
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
	best := sg.best[:0]
	var G [maxExp + 1][maxExp + 1]float64
	var bv, c [maxExp + 1]float64
	var ch smallChol
	// Enumerate index combinations idx[0] < … < idx[n−1] < k.
	var idx [maxExp + 1]int
	for i := 0; i < n; i++ {
		idx[i] = i
	}
	idx[n] = k
	for {
		for i := 0; i <= n; i++ {
			for j := 0; j <= n; j++ {
				G[i][j] = gt[idx[i]*K+idx[j]]
			}
			bv[i] = bt[idx[i]]
		}
		if ch.factor(&G, n+1) {
			ch.solve(&bv, &c)
			sse := lvl.yy
			for i := 0; i <= n; i++ {
				sse -= bv[i] * c[i]
			}
			if len(best) < keep || sse < best[len(best)-1].sse {
				var s seed
				s.sse = sse
				for i := 0; i < n; i++ {
					s.tau[i] = grid[idx[i]]
				}
				if len(best) < keep {
					best = append(best, s)
				} else {
					best[len(best)-1] = s
				}
				for j := len(best) - 1; j > 0 && best[j].sse < best[j-1].sse; j-- {
					best[j], best[j-1] = best[j-1], best[j]
				}
			}
		}
		// Next combination.
		i := n - 1
		for i >= 0 && idx[i] == k-n+i {
			i--
		}
		if i < 0 {
			break
		}
		idx[i]++
		for j := i + 1; j < n; j++ {
			idx[j] = idx[j-1] + 1
		}
	}
	sg.best = best
	return best
}

// smallChol is an equilibrated Cholesky factorisation of a p×p symmetric
// positive definite matrix, p ≤ maxExp+1: S·G·S = L·Lᵀ with
// S = diag(1/√Gᵢᵢ).
type smallChol struct {
	p int
	s [maxExp + 1]float64
	l [maxExp + 1][maxExp + 1]float64
}

// factor reports false when G is not numerically positive definite (a
// pivot of the equilibrated matrix below 1e-13, i.e. condition ≳ 1e13).
func (c *smallChol) factor(G *[maxExp + 1][maxExp + 1]float64, p int) bool {
	c.p = p
	for i := 0; i < p; i++ {
		if !(G[i][i] > 0) || math.IsInf(G[i][i], 0) {
			return false
		}
		c.s[i] = 1 / math.Sqrt(G[i][i])
	}
	for i := 0; i < p; i++ {
		for j := 0; j <= i; j++ {
			sum := G[i][j] * c.s[i] * c.s[j]
			for k := 0; k < j; k++ {
				sum -= c.l[i][k] * c.l[j][k]
			}
			if i == j {
				if !(sum > 1e-13) {
					return false
				}
				c.l[i][i] = math.Sqrt(sum)
			} else {
				c.l[i][j] = sum / c.l[j][j]
			}
		}
	}
	return true
}

// solve writes G⁻¹b into x.
func (c *smallChol) solve(b, x *[maxExp + 1]float64) {
	p := c.p
	var z [maxExp + 1]float64
	for i := 0; i < p; i++ {
		sum := b[i] * c.s[i]
		for k := 0; k < i; k++ {
			sum -= c.l[i][k] * z[k]
		}
		z[i] = sum / c.l[i][i]
	}
	for i := p - 1; i >= 0; i-- {
		sum := z[i]
		for k := i + 1; k < p; k++ {
			sum -= c.l[k][i] * x[k]
		}
		x[i] = sum / c.l[i][i]
	}
	for i := 0; i < p; i++ {
		x[i] *= c.s[i]
	}
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
	if !svd.Factorize(H, mat.SVDThinV) {
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
