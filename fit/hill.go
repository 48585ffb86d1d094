package fit

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"
)

// HillOptions controls Hill. The zero value (or nil) means the defaults.
type HillOptions struct {
	// FitBaseline fits the response at zero concentration; otherwise it is
	// held at Baseline.
	FitBaseline bool
	// Baseline is the fixed baseline when FitBaseline is false (default 0).
	Baseline float64

	// HillMin and HillMax bound the Hill coefficient; 0 means 0.1 and 10.
	HillMin, HillMax float64

	// Level is the confidence level of the intervals, inside (0, 1); 0
	// means 0.95. Another value outside (0, 1) is ErrBadInput.
	Level float64

	// Settings for Levenberg–Marquardt (nil: defaults).
	Settings *Settings
}

// HillResult is a fit of the Hill equation
//
//	y = Baseline + Imax / (1 + (EC50/c)^Hill)
//
// on the log-concentration axis. The intervals of log10 EC50 and Hill are
// profile-likelihood intervals — the values at which the sum of squares,
// refitted over the other parameters, rises by t²·s² (s² = SSE/DoF,
// Student t on DoF) — so they follow a weakly determined fit (an EC50 near
// the highest concentration) where Wald intervals are too short. An end the
// data do not close within the search bounds is open (EC50CI 0 or +Inf,
// HillCI 0 or +Inf). A parameter on a search bound (AtBound, EC50AtBound:
// an EC50 two decades beyond the tested concentrations, a Hill coefficient
// at HillMin or HillMax) gets a one-sided interval, open on the bound's side
// — "EC50 above x" is what such data say. EC50CI is the log interval transformed back,
// hence asymmetric. Imax and Baseline have Wald intervals. The noise is
// assumed independent with constant variance (responses from separate
// applications).
type HillResult struct {
	EC50, LogEC50     float64 // EC50 in the unit of the concentrations; LogEC50 = log10(EC50)
	EC50CI, LogEC50CI [2]float64
	Hill              float64 // Hill coefficient (> 0)
	HillCI            [2]float64
	Imax              float64 // maximal response above the baseline, unit of y (signed)
	ImaxCI            [2]float64
	Baseline          float64 // response at c = 0 (fixed unless FitBaseline)
	BaselineCI        [2]float64

	SSE, R2, AICc float64
	N, DoF        int
	Iterations    int
	AtBound       bool // the Hill coefficient sits on HillMin or HillMax: HillCI is one-sided
	EC50AtBound   bool // log10 EC50 sits two decades beyond the concentrations: EC50CI is one-sided
}

// At returns the fitted Hill equation at concentration c (c > 0; c = 0 gives
// the baseline): Baseline + Imax / (1 + (EC50/c)^Hill).
func (h HillResult) At(c float64) float64 {
	return h.Baseline + h.Imax/(1+math.Pow(h.EC50/c, h.Hill))
}

// Hill fits the Hill equation to responses y at concentrations c (c ≥ 0;
// c = 0 contributes the baseline). Parameters are log10 EC50, Hill, Imax
// (and Baseline with FitBaseline) by bounded Levenberg–Marquardt with an
// analytic Jacobian, started from the half-maximal crossing and Hill
// coefficients 0.5, 1 and 2 (the best is kept). log10 EC50 is bounded to
// two decades beyond the tested positive concentrations.
//
// Errors: ErrBadInput for a negative concentration or fewer than two
// distinct positive ones, ErrTooFewPoints when len(c) ≤ number of
// parameters, ErrNotFinite, ErrFlat, ErrNoConvergence, ErrSingular. It panics
// if len(c) != len(y).
func Hill(c, y []float64, opt *HillOptions) (HillResult, error) {
	if len(c) != len(y) {
		panic("fit: length mismatch")
	}
	var o HillOptions
	if opt != nil {
		o = *opt
	}
	if o.HillMin <= 0 {
		o.HillMin = 0.1
	}
	if o.HillMax <= 0 {
		o.HillMax = 10
	}
	if o.Level == 0 {
		o.Level = 0.95
	}
	if !(o.Level > 0 && o.Level < 1) {
		return HillResult{}, fmt.Errorf("%w: confidence level %v outside (0, 1)", ErrBadInput, o.Level)
	}
	np := 3
	if o.FitBaseline {
		np = 4
	}
	m := len(c)
	if m <= np {
		return HillResult{}, fmt.Errorf("%w: %d points for %d Hill parameters", ErrTooFewPoints, m, np)
	}
	x := make([]float64, m)
	var pos []float64
	for i, ci := range c {
		if ci-ci != 0 {
			return HillResult{}, fmt.Errorf("%w: concentration %d = %v", ErrNotFinite, i, ci)
		}
		if ci < 0 {
			return HillResult{}, fmt.Errorf("%w: concentration %d = %v < 0", ErrBadInput, i, ci)
		}
		x[i] = math.Inf(-1)
		if ci > 0 {
			x[i] = math.Log10(ci)
			pos = append(pos, x[i])
		}
	}
	_, sst, err := checkData(y)
	if err != nil {
		return HillResult{}, err
	}
	sort.Float64s(pos)
	if len(pos) < 2 || pos[0] == pos[len(pos)-1] {
		return HillResult{}, fmt.Errorf("%w: fewer than two distinct positive concentrations", ErrBadInput)
	}
	xlo, xhi := pos[0], pos[len(pos)-1]

	base := o.Baseline
	model := func(p []float64, xi float64) (f, fl, fn, fi float64) {
		// f = 1/(1+10^((L−x)·n)); fl = ∂/∂L, fn = ∂/∂n of Imax·f.
		if math.IsInf(xi, -1) {
			return 0, 0, 0, 0
		}
		u := (p[0] - xi) * p[1] * math.Ln10
		var s float64
		if u > 0 {
			e := math.Exp(-u)
			s = e / (1 + e)
		} else {
			s = 1 / (1 + math.Exp(u))
		}
		d := s * (1 - s) // −∂f/∂u
		return s, -p[2] * d * p[1] * math.Ln10, -p[2] * d * (p[0] - xi) * math.Ln10, s
	}
	prob := Problem{
		NumResiduals: m,
		NumParams:    np,
		Func: func(dst, p []float64) {
			b := base
			if np == 4 {
				b = p[3]
			}
			for i, xi := range x {
				f, _, _, _ := model(p, xi)
				dst[i] = b + p[2]*f - y[i]
			}
		},
		Jacobian: func(dst *mat.Dense, p []float64) {
			for i, xi := range x {
				_, fl, fn, fi := model(p, xi)
				dst.Set(i, 0, fl)
				dst.Set(i, 1, fn)
				dst.Set(i, 2, fi)
				if np == 4 {
					dst.Set(i, 3, 1)
				}
			}
		},
		Lower: []float64{xlo - 2, o.HillMin, math.Inf(-1), math.Inf(-1)}[:np],
		Upper: []float64{xhi + 2, o.HillMax, math.Inf(1), math.Inf(1)}[:np],
	}
	// Starting values: baseline from the lowest concentrations, Imax from
	// the highest, log EC50 where the response crosses half way.
	idx := make([]int, m)
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return x[idx[a]] < x[idx[b]] })
	b0 := base
	if o.FitBaseline {
		b0 = y[idx[0]]
	}
	top := y[idx[m-1]]
	half := b0 + (top-b0)/2
	l0 := (xlo + xhi) / 2
	for k := 1; k < m; k++ {
		i, j := idx[k-1], idx[k]
		if math.IsInf(x[i], -1) {
			continue
		}
		if (y[i]-half)*(y[j]-half) <= 0 && y[i] != y[j] {
			l0 = x[i] + (half-y[i])/(y[j]-y[i])*(x[j]-x[i])
			break
		}
	}
	var best Result
	var bestErr error
	bestSSE := math.Inf(1)
	iters := 0
	for _, n0 := range []float64{1, 0.5, 2} {
		p0 := []float64{l0, n0, top - b0, b0}[:np]
		r, err := LevenbergMarquardt(prob, p0, o.Settings)
		iters += r.Iterations
		if err != nil && !isNoConv(err) {
			continue
		}
		if r.SSE < bestSSE {
			best, bestErr, bestSSE = r, err, r.SSE
		}
	}
	if math.IsInf(bestSSE, 1) {
		return HillResult{}, fmt.Errorf("%w: Hill fit failed from every start", ErrSingular)
	}
	p := best.X
	res := HillResult{
		LogEC50:    p[0],
		EC50:       math.Pow(10, p[0]),
		Hill:       p[1],
		Imax:       p[2],
		Baseline:   base,
		SSE:        best.SSE,
		R2:         1 - best.SSE/sst,
		AICc:       AICc(best.SSE, m, np),
		N:          m,
		DoF:        m - np,
		Iterations: iters,
		AtBound:    best.AtBound[1],
	}
	if np == 4 {
		res.Baseline = p[3]
	}
	res.EC50AtBound = best.AtBound[0]
	cov, cerr := Covariance(nil, best.JTJ, best.SSE, res.DoF)
	if cerr != nil {
		return res, cerr
	}
	tq := TQuantile(o.Level, res.DoF)
	// Profile-likelihood intervals for log EC50 and the Hill coefficient:
	// the parameter held at θ, the others refitted, until the sum of
	// squares has risen by t²·s² (see profileEnd). Open ends are ∓Inf on
	// the log axis (EC50 0 or +Inf) and 0 or +Inf for the Hill coefficient.
	thr := tq * tq * best.SSE / float64(res.DoF)
	var ci [2][2]float64
	for j, open := range [2][2]float64{{math.Inf(-1), math.Inf(1)}, {0, math.Inf(1)}} {
		fixed := prob
		fixed.Lower = append([]float64(nil), prob.Lower...)
		fixed.Upper = append([]float64(nil), prob.Upper...)
		x := make([]float64, np)
		rise := func(th float64) float64 {
			for k := range x {
				x[k] = p[k] + cov.At(k, j)/cov.At(j, j)*(th-p[j])
			}
			fixed.Lower[j], fixed.Upper[j] = th, th
			r, err := LevenbergMarquardt(fixed, x, o.Settings)
			if err != nil && !isNoConv(err) {
				return math.Inf(1)
			}
			return math.Max(r.SSE-best.SSE, 0)
		}
		w := tq * math.Sqrt(cov.At(j, j))
		// A parameter on a bound is one-sided: only the end away from the
		// bound is searched, the other stays open.
		ci[j] = open
		if p[j] > prob.Lower[j] {
			if th, isOpen := profileEnd(rise, p[j], -1, w, prob.Lower[j], thr); !isOpen {
				ci[j][0] = th
			}
		}
		if p[j] < prob.Upper[j] {
			if th, isOpen := profileEnd(rise, p[j], +1, w, prob.Upper[j], thr); !isOpen {
				ci[j][1] = th
			}
		}
	}
	res.LogEC50CI = ci[0]
	res.EC50CI = [2]float64{math.Pow(10, ci[0][0]), math.Pow(10, ci[0][1])}
	res.HillCI = ci[1]
	res.ImaxCI = Interval(p[2], math.Sqrt(cov.At(2, 2)), tq)
	if np == 4 {
		res.BaselineCI = Interval(p[3], math.Sqrt(cov.At(3, 3)), tq)
	} else {
		res.BaselineCI = [2]float64{base, base}
	}
	return res, bestErr
}
