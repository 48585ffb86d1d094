package fit

import (
	"math"

	"gonum.org/v1/gonum/mat"
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
	sc         [maxExp + 1]float64
	gs, ginv   *mat.SymDense
	ch         mat.Cholesky
	bv, cv     *mat.VecDense
}

func (v *varpro) reset(lvl *expLevel, n int) {
	v.lvl = lvl
	if v.n != n || v.gs == nil {
		v.n, v.p = n, n+1
		v.gs = mat.NewSymDense(n+1, nil)
		v.ginv = mat.NewSymDense(n+1, nil)
		v.bv = mat.NewVecDense(n+1, nil)
		v.cv = mat.NewVecDense(n+1, nil)
	}
}

func (v *varpro) value(theta []float64) (float64, bool) {
	for i, th := range theta {
		v.tau[i] = math.Exp(th)
	}
	v.lvl.moments(&v.trial, v.tau[:v.n], true)
	return v.solve(&v.trial)
}

// solve finds the linear coefficients of mo (equilibrated Cholesky, gonum)
// and returns the sum of squares yᵀy − bᵀc.
func (v *varpro) solve(mo *expMoments) (float64, bool) {
	p := v.p
	for i := 0; i < p; i++ {
		g := mo.G[i][i]
		if !(g > 0) || math.IsInf(g, 0) {
			return math.Inf(1), false
		}
		v.sc[i] = 1 / math.Sqrt(g)
	}
	for i := 0; i < p; i++ {
		for j := i; j < p; j++ {
			v.gs.SetSym(i, j, mo.G[i][j]*v.sc[i]*v.sc[j])
		}
		v.bv.SetVec(i, mo.b[i]*v.sc[i])
	}
	if !v.ch.Factorize(v.gs) {
		return math.Inf(1), false
	}
	if err := v.ch.SolveVecTo(v.cv, v.bv); err != nil {
		return math.Inf(1), false
	}
	for i := 0; i < p; i++ {
		mo.c[i] = v.cv.AtVec(i) * v.sc[i]
	}
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
	if sse < 0 {
		sse = 0
	}
	mo.sse = sse
	return sse, !math.IsNaN(sse)
}

func (v *varpro) derivs(g []float64, hess *mat.SymDense) {
	v.cur = v.trial
	mo := &v.cur
	n, p := v.n, v.p
	var gi [maxExp + 1][maxExp + 1]float64
	if err := v.ch.InverseTo(v.ginv); err == nil {
		for i := 0; i < p; i++ {
			for j := 0; j < p; j++ {
				gi[i][j] = v.ginv.At(i, j) * v.sc[i] * v.sc[j]
			}
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
