package fit

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"
)

// Problem is a nonlinear least-squares problem: minimise Σ rᵢ(x)² over the
// box Lower ≤ x ≤ Upper.
type Problem struct {
	// NumResiduals is the number of residuals m, NumParams the number of
	// parameters p. Both must be positive.
	NumResiduals, NumParams int

	// Func writes the m residuals at x into dst (len m). It must not keep x
	// or dst.
	Func func(dst, x []float64)

	// Jacobian, if not nil, writes ∂rᵢ/∂xⱼ at x into the m×p matrix dst.
	// When nil, a forward-difference Jacobian is used (step
	// √ε·max(|xⱼ|, 1), taken backwards at an upper bound).
	Jacobian func(dst *mat.Dense, x []float64)

	// Lower and Upper are the bounds (nil: unbounded; ±Inf entries allowed).
	Lower, Upper []float64
}

// Settings controls Levenberg–Marquardt. The zero value (or a nil *Settings)
// means the documented defaults.
type Settings struct {
	// MaxIter is the largest number of iterations (one Jacobian each);
	// 0 means 200.
	MaxIter int

	// SSETol stops when an accepted step both reduced the sum of squares and
	// was predicted to reduce it by no more than SSETol·SSE. 0 means 1e-12.
	SSETol float64

	// StepTol stops when an accepted (or a rejected but negligible) step has
	// |Δxᵢ| ≤ StepTol·(1 + |xᵢ|) for every i. 0 means 1e-10.
	StepTol float64

	// GradTol stops when the cosine between the residual vector and every
	// free Jacobian column, |gᵢ|/√(SSE·(JᵀJ)ᵢᵢ), is at most GradTol.
	// 0 means 1e-10.
	GradTol float64

	// InitialDamping is the starting λ relative to diag(JᵀJ); 0 means 1e-3.
	InitialDamping float64
}

func (s *Settings) withDefaults() Settings {
	var d Settings
	if s != nil {
		d = *s
	}
	if d.MaxIter <= 0 {
		d.MaxIter = 200
	}
	if d.SSETol <= 0 {
		d.SSETol = 1e-12
	}
	if d.StepTol <= 0 {
		d.StepTol = 1e-10
	}
	if d.GradTol <= 0 {
		d.GradTol = 1e-10
	}
	if d.InitialDamping <= 0 {
		d.InitialDamping = 1e-3
	}
	return d
}

// Status says which stopping rule ended an iteration.
type Status int

const (
	NotConverged      Status = iota // iteration limit reached
	SSEConverged                    // relative change of the sum of squares below SSETol
	StepConverged                   // step below StepTol
	GradientConverged               // gradient cosine below GradTol
)

func (s Status) String() string {
	switch s {
	case SSEConverged:
		return "sse converged"
	case StepConverged:
		return "step converged"
	case GradientConverged:
		return "gradient converged"
	}
	return "not converged"
}

// Result is the outcome of LevenbergMarquardt.
type Result struct {
	X           []float64     // the best point found
	SSE         float64       // Σ rᵢ² at X
	JTJ         *mat.SymDense // JᵀJ at X (Gauss–Newton Hessian), for Covariance
	AtBound     []bool        // whether Xᵢ lies on one of its bounds
	Iterations  int           // iterations (Jacobian evaluations)
	Evaluations int           // residual evaluations, finite differences included
	Status      Status
}

// LevenbergMarquardt minimises the sum of squared residuals of p starting
// from x0, which is clamped into the bounds first. Bounds are handled by
// projection with an active set: a parameter at a bound whose gradient points
// outwards is held for that step, the others take the damped Gauss–Newton
// step (JᵀJ + λ·D)Δx = −Jᵀr (D the running maximum of diag JᵀJ, Marquardt's
// scaling; Nielsen's λ update), solved by Cholesky, and the trial point is
// clamped into the box.
//
// It returns ErrBadInput for a NaN bound or a Lower above its Upper,
// ErrNotFinite for a non-finite x0 or residual at x0, or when the iteration
// ends because Func gave NaN or Inf residuals at every step it tried (the
// Result then holds the last finite point), ErrSingular if no step can be
// computed at the start, and
// ErrNoConvergence (with the best point found in the Result) when
// settings.MaxIter is reached. It panics if the problem's dimensions are
// inconsistent.
func LevenbergMarquardt(p Problem, x0 []float64, settings *Settings) (Result, error) {
	if p.NumParams <= 0 || p.NumResiduals <= 0 || len(x0) != p.NumParams || p.Func == nil {
		panic("fit: bad problem dimensions")
	}
	if (p.Lower != nil && len(p.Lower) != p.NumParams) || (p.Upper != nil && len(p.Upper) != p.NumParams) {
		panic("fit: bounds length mismatch")
	}
	lo, hi := boundsOr(p.Lower, p.NumParams, math.Inf(-1)), boundsOr(p.Upper, p.NumParams, math.Inf(1))
	for i := range lo {
		switch {
		case math.IsNaN(lo[i]) || math.IsNaN(hi[i]):
			return Result{}, fmt.Errorf("%w: bounds of parameter %d are [%v, %v]", ErrBadInput, i, lo[i], hi[i])
		case lo[i] > hi[i]:
			return Result{}, fmt.Errorf("%w: lower bound %v above upper bound %v for parameter %d", ErrBadInput, lo[i], hi[i], i)
		}
	}
	obj := newResidualObjective(p, lo, hi)
	x := append([]float64(nil), x0...)
	var lm lmState
	lm.init(p.NumParams)
	res := Result{JTJ: mat.NewSymDense(p.NumParams, nil)}
	st, err := lm.run(obj, x, lo, hi, settings.withDefaults())
	if err == nil && obj.lastNonFinite {
		// The run ended on a rejected trial step whose residuals were NaN
		// or Inf: no stopping rule was met at a point where Func is finite.
		err = fmt.Errorf("%w: residuals at every trial step from x = %v", ErrNotFinite, x)
		st = NotConverged
	}
	res.X = x
	res.SSE = lm.sse
	res.JTJ.CopySym(lm.hess)
	res.AtBound = make([]bool, len(x))
	for i := range x {
		res.AtBound[i] = x[i] <= lo[i] || x[i] >= hi[i]
	}
	res.Iterations = lm.iter
	res.Evaluations = obj.evals
	res.Status = st
	return res, err
}

// boundsOr copies b, or returns n copies of def when b is nil.
func boundsOr(b []float64, n int, def float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = def
		if b != nil {
			out[i] = b[i]
		}
	}
	return out
}

// objective is what the Levenberg–Marquardt core minimises.
type objective interface {
	// value evaluates the sum of squares at x and remembers x. ok is false
	// when x is infeasible (e.g. the linear subproblem is singular).
	value(x []float64) (sse float64, ok bool)
	// derivs writes g = Jᵀr (half the gradient of the sum of squares) and
	// hess = JᵀJ at the last point given to value. The core calls it only
	// right after a value call whose point it accepted.
	derivs(g []float64, hess *mat.SymDense)
}

// lmState is the reusable workspace of the Levenberg–Marquardt core.
type lmState struct {
	n          int
	g, d, xt   []float64
	step, rhs  *mat.VecDense
	hess, damp *mat.SymDense
	free       []bool
	sse        float64
	iter       int
}

func (s *lmState) init(n int) {
	if s.n == n && s.hess != nil {
		return
	}
	s.n = n
	s.g = make([]float64, n)
	s.d = make([]float64, n)
	s.xt = make([]float64, n)
	s.free = make([]bool, n)
	s.step = mat.NewVecDense(n, nil)
	s.rhs = mat.NewVecDense(n, nil)
	s.hess = mat.NewSymDense(n, nil)
	s.damp = mat.NewSymDense(n, nil)
}

// run minimises obj from x (updated in place to the best point).
func (s *lmState) run(obj objective, x, lo, hi []float64, set Settings) (Status, error) {
	n := s.n
	for i := range x {
		if math.IsNaN(x[i]) || math.IsInf(x[i], 0) {
			return NotConverged, fmt.Errorf("%w: starting value %d is %v", ErrNotFinite, i, x[i])
		}
		x[i] = clamp(x[i], lo[i], hi[i])
	}
	s.iter = 0
	sse, ok := obj.value(x)
	if !ok {
		return NotConverged, fmt.Errorf("%w: at the starting point", ErrSingular)
	}
	if math.IsNaN(sse) || math.IsInf(sse, 0) {
		return NotConverged, fmt.Errorf("%w: residuals at the starting point", ErrNotFinite)
	}
	s.sse = sse
	obj.derivs(s.g, s.hess)
	for i := range s.d {
		s.d[i] = 0
	}
	lambda, nu := set.InitialDamping, 2.0
	for s.iter < set.MaxIter {
		s.iter++
		// Active set and gradient test.
		gradOK := true
		for i := 0; i < n; i++ {
			gi := s.g[i]
			if gi-gi != 0 || s.hess.At(i, i)-s.hess.At(i, i) != 0 {
				return NotConverged, fmt.Errorf("%w: gradient or Jacobian of parameter %d at x = %v", ErrNotFinite, i, x)
			}
			s.free[i] = !((x[i] <= lo[i] && gi > 0) || (x[i] >= hi[i] && gi < 0))
			hii := s.hess.At(i, i)
			if hii > s.d[i] {
				s.d[i] = hii
			}
			if s.free[i] && hii > 0 && math.Abs(gi) > set.GradTol*math.Sqrt(s.sse*hii) {
				gradOK = false
			}
		}
		if gradOK || s.sse == 0 {
			return GradientConverged, nil
		}
		for {
			// Damped normal equations with held parameters removed.
			for i := 0; i < n; i++ {
				for j := i; j < n; j++ {
					v := 0.0
					if s.free[i] && s.free[j] {
						v = s.hess.At(i, j)
					}
					if i == j {
						if s.free[i] {
							di := s.d[i]
							if di <= 0 {
								di = 1
							}
							v += lambda * di
						} else {
							v = 1
						}
					}
					s.damp.SetSym(i, j, v)
				}
				if s.free[i] {
					s.rhs.SetVec(i, -s.g[i])
				} else {
					s.rhs.SetVec(i, 0)
				}
			}
			solved := s.cholSolve()
			if !solved {
				lambda *= nu
				nu *= 2
				if lambda > 1e20 {
					return NotConverged, fmt.Errorf("%w: damped normal equations", ErrSingular)
				}
				continue
			}
			small, clamped := true, false
			for i := 0; i < n; i++ {
				xi := x[i] + s.step.AtVec(i)
				s.xt[i] = clamp(xi, lo[i], hi[i])
				clamped = clamped || s.xt[i] != xi
				dx := s.xt[i] - x[i]
				s.step.SetVec(i, dx)
				if math.Abs(dx) > set.StepTol*(1+math.Abs(x[i])) {
					small = false
				}
			}
			// Predicted reduction of the sum of squares: −(2gᵀΔ + ΔᵀHΔ).
			pred := 0.0
			for i := 0; i < n; i++ {
				di := s.step.AtVec(i)
				hd := 0.0
				for j := 0; j < n; j++ {
					hd += s.hess.At(i, j) * s.step.AtVec(j)
				}
				pred -= 2*s.g[i]*di + di*hd
			}
			sset, ok := obj.value(s.xt)
			if ok && sset < s.sse && !math.IsNaN(sset) {
				old := s.sse
				copy(x, s.xt)
				s.sse = sset
				obj.derivs(s.g, s.hess)
				lam := lambda // the damping this step was taken with
				rho := (old - sset) / pred
				if pred <= 0 {
					rho = 1
				}
				f := 1 - math.Pow(2*rho-1, 3)
				lambda *= math.Max(1.0/3, f)
				if lambda < 1e-15 {
					lambda = 1e-15
				}
				nu = 2
				// A heavily damped step is short whatever the distance to the
				// optimum, so only a nearly Gauss–Newton step may end on SSETol.
				if !clamped && lam <= 1e-2 && old-sset <= set.SSETol*old && pred <= set.SSETol*old {
					return SSEConverged, nil
				}
				if small {
					return StepConverged, nil
				}
				break
			}
			// Rejected. A negligible step, or a nearly undamped step predicted
			// to gain less than SSETol, that cannot reduce the sum of squares
			// means we sit at the optimum to rounding. (derivs is only called
			// after an accepted value, so obj need not be restored.)
			if small {
				return StepConverged, nil
			}
			if ok && !clamped && lambda <= 1e-2 && pred >= 0 && pred <= set.SSETol*s.sse {
				return SSEConverged, nil
			}
			lambda *= nu
			nu *= 2
			if lambda > 1e20 {
				return StepConverged, nil
			}
		}
	}
	return NotConverged, fmt.Errorf("%w: %d iterations", ErrNoConvergence, set.MaxIter)
}

// cholSolve solves damp·step = rhs with LAPACK's Cholesky (gonum's
// lapack64.Potrf/Potrs, which factorise damp in place and, unlike
// mat.Cholesky, allocate nothing). It reports false when damp is not
// positive definite or the step is not finite.
func (s *lmState) cholSolve() bool {
	t, ok := lapack64.Potrf(s.damp.RawSymmetric())
	if !ok {
		return false
	}
	s.step.CopyVec(s.rhs)
	raw := s.step.RawVector()
	lapack64.Potrs(t, blas64.General{Rows: s.n, Cols: 1, Stride: 1, Data: raw.Data})
	for _, v := range raw.Data {
		if v-v != 0 {
			return false
		}
	}
	return true
}

func clamp(v, lo, hi float64) float64 {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

// residualObjective adapts a Problem to the LM core.
type residualObjective struct {
	p     Problem
	x     []float64
	r, rt []float64
	jac   *mat.Dense
	evals int
	// lastNonFinite records whether the latest Func evaluation gave a
	// NaN or Inf residual.
	lastNonFinite bool
	fdx           []float64
	rv, gv        *mat.VecDense
	lo, hi        []float64
}

func newResidualObjective(p Problem, lo, hi []float64) *residualObjective {
	m, n := p.NumResiduals, p.NumParams
	o := &residualObjective{
		p:   p,
		x:   make([]float64, n),
		r:   make([]float64, m),
		rt:  make([]float64, m),
		jac: mat.NewDense(m, n, nil),
		fdx: make([]float64, n),
		lo:  lo,
		hi:  hi,
	}
	o.rv = mat.NewVecDense(m, o.r)
	o.gv = mat.NewVecDense(n, nil)
	return o
}

func (o *residualObjective) value(x []float64) (float64, bool) {
	copy(o.x, x)
	o.p.Func(o.r, x)
	o.evals++
	sse := 0.0
	for _, v := range o.r {
		sse += v * v
	}
	o.lastNonFinite = math.IsNaN(sse) || math.IsInf(sse, 0)
	return sse, !o.lastNonFinite
}

func (o *residualObjective) derivs(g []float64, hess *mat.SymDense) {
	if o.p.Jacobian != nil {
		o.p.Jacobian(o.jac, o.x)
	} else {
		o.finiteDiff()
	}
	o.gv.MulVec(o.jac.T(), o.rv)
	for i := range g {
		g[i] = o.gv.AtVec(i)
	}
	hess.SymOuterK(1, o.jac.T())
}

func (o *residualObjective) finiteDiff() {
	copy(o.fdx, o.x)
	const sqrtEps = 1.4901161193847656e-08
	for j := range o.fdx {
		h := sqrtEps * math.Max(math.Abs(o.x[j]), 1)
		if o.x[j]+h > o.hi[j] {
			h = -h
		}
		o.fdx[j] = o.x[j] + h
		h = o.fdx[j] - o.x[j] // exactly representable step
		o.p.Func(o.rt, o.fdx)
		o.evals++
		for i, v := range o.rt {
			o.jac.Set(i, j, (v-o.r[i])/h)
		}
		o.fdx[j] = o.x[j]
	}
}
