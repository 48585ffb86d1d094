package fit

import (
	"gonum.org/v1/gonum/mat"
	"math"
)

// varpro is the variable-projection objective for a sum of n exponentials
// plus an offset on one data level. Its parameters are θᵢ = ln τᵢ; the
// amplitudes and the offset are the linear least-squares solution for the
// current θ. value computes the moments at a trial θ; derivs supplies the
// exact gradient Jᵀr = −cᵢ·ψᵢᵀr and the Golub–Pereyra Gauss–Newton matrix
//
//	JᵀJ = C·Ψᵀ(I−P_A)Ψ·C + S·(AᵀA)⁻¹·S,  C = diag(c), S = diag(ψᵀr),
//
// whose first term is Kaufman's simplification and whose second is the
// rest of the full Golub–Pereyra Jacobian (the cross terms vanish because
// (I−P_A)·A = 0).
type varpro struct {
	lvl        *expLevel
	n, p       int
	tau        [maxExp]float64
	trial, cur expMoments
	chol       smallChol
}

func (v *varpro) reset(lvl *expLevel, n int) {
	v.lvl = lvl
	v.n, v.p = n, n+1
}

func (v *varpro) value(theta []float64) (float64, bool) {
	for i, th := range theta {
		v.tau[i] = math.Exp(th)
	}
	v.lvl.moments(&v.trial, v.tau[:v.n], true)
	return v.solve(&v.trial)
}

// solve finds the linear coefficients of mo and returns the sum of squares.
// The (n+1)×(n+1) system is solved by an equilibrated Cholesky
// factorisation kept in v.chol (smallChol), which derivs reuses for
// (AᵀA)⁻¹; at this size a hand-written factorisation avoids the
// per-call overhead and allocations of a general solver.
func (v *varpro) solve(mo *expMoments) (float64, bool) {
	p := v.p
	if !v.chol.factor(&mo.G, p) {
		return math.Inf(1), false
	}
	v.chol.solve(&mo.b, &mo.c)
	// ‖y − Ac‖² = yᵀy − 2bᵀc + cᵀGc, stationary in c: unlike yᵀy − bᵀc it
	// does not pass the solve's rounding error on to first order.
	sse := v.lvl.yy
	for i := 0; i < p; i++ {
		gc := 0.0
		for j := 0; j < p; j++ {
			gc += mo.G[i][j] * mo.c[j]
		}
		sse += mo.c[i] * (gc - 2*mo.b[i])
	}
	if sse < 1e-8*v.lvl.yy {
		sse = v.lvl.residualSSE(mo)
	}
	mo.sse = sse
	return sse, !math.IsNaN(sse)
}

func (v *varpro) derivs(g []float64, hess *mat.SymDense) {
	v.cur = v.trial
	mo := &v.cur
	n, p := v.n, v.p
	var gi [maxExp + 1][maxExp + 1]float64
	for j := 0; j < p; j++ {
		var e, col [maxExp + 1]float64
		e[j] = 1
		v.chol.solve(&e, &col)
		for i := 0; i < p; i++ {
			gi[i][j] = col[i]
		}
	}
	var s [maxExp]float64
	for i := 0; i < n; i++ {
		si := mo.d[i]
		for j := 0; j < p; j++ {
			si -= mo.M[i][j] * mo.c[j]
		}
		s[i] = si
		g[i] = -mo.c[i] * si
	}
	// W = G⁻¹Mᵀ (p×n), then K = M·W.
	var w [maxExp + 1][maxExp]float64
	for a := 0; a < p; a++ {
		for j := 0; j < n; j++ {
			sum := 0.0
			for b := 0; b < p; b++ {
				sum += gi[a][b] * mo.M[j][b]
			}
			w[a][j] = sum
		}
	}
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			k := 0.0
			for a := 0; a < p; a++ {
				k += mo.M[i][a] * w[a][j]
			}
			hess.SetSym(i, j, mo.c[i]*mo.c[j]*(mo.P[i][j]-k)+s[i]*s[j]*gi[i][j])
		}
	}
}
