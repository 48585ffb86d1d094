package fit

import (
	"errors"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// synthExp returns Σ amp·exp(−t/tau) + off + N(0, sd²) noise.
func synthExp(rng *rand.Rand, t, amp, tau []float64, off, sd float64) []float64 {
	y := make([]float64, len(t))
	for k, tk := range t {
		v := off
		for i := range amp {
			v += amp[i] * math.Exp(-tk/tau[i])
		}
		if sd > 0 {
			v += sd * rng.NormFloat64()
		}
		y[k] = v
	}
	return y
}

func linspace(t0, dt float64, n int) []float64 {
	t := make([]float64, n)
	for k := range t {
		t[k] = t0 + float64(k)*dt
	}
	return t
}

type expCase struct {
	name     string
	amp, tau []float64
	off      float64
	n        int     // points
	dt       float64 // sample interval
}

var expCases = []expCase{
	{"mono", []float64{-800}, []float64{3}, -50, 2000, 0.01},
	{"bi", []float64{-600, -300}, []float64{0.8, 6}, -20, 2000, 0.01},
	{"tri", []float64{-500, -300, -200}, []float64{0.05, 0.5, 5}, 10, 4000, 0.005},
}

// Noise-free data: the fit must return the generating parameters. The 1e-7
// relative tolerance is set by the sum of squares' floor: it is formed from
// moments accurate to ~1e-14 of Σy², and a parameter offset δ changes it
// only by O(δ²).
func TestExpRecoverNoiseFree(t *testing.T) {
	for _, c := range expCases {
		tt := linspace(0, c.dt, c.n)
		y := synthExp(nil, tt, c.amp, c.tau, c.off, 0)
		r, err := Exp(tt, y, len(c.tau), nil)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		for i := range c.tau {
			if e := math.Abs(r.Tau[i]/c.tau[i] - 1); e > 1e-7 {
				t.Errorf("%s: tau[%d] = %v, want %v", c.name, i, r.Tau[i], c.tau[i])
			}
			if e := math.Abs(r.Amp[i]/c.amp[i] - 1); e > 1e-7 {
				t.Errorf("%s: amp[%d] = %v, want %v", c.name, i, r.Amp[i], c.amp[i])
			}
		}
		if math.Abs(r.Offset-c.off) > 1e-7*800 {
			t.Errorf("%s: offset = %v, want %v", c.name, r.Offset, c.off)
		}
	}
}

// Across noise levels every estimate must lie within 4.5 standard errors of
// the truth (SE from the reported 95 % interval): a correct fit misses
// that by chance with probability < 1e-5 per parameter, so with the fixed
// seed a failure means a wrong optimum or wrong intervals.
func TestExpRecoverNoisy(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for _, c := range expCases {
		tt := linspace(0, c.dt, c.n)
		for _, sd := range []float64{0.1, 1, 10} {
			y := synthExp(rng, tt, c.amp, c.tau, c.off, sd)
			r, err := Exp(tt, y, len(c.tau), nil)
			if err != nil {
				t.Fatalf("%s sd=%g: %v", c.name, sd, err)
			}
			tq := TQuantile(0.95, r.DoF)
			for i := range c.tau {
				se := (r.TauCI[i][1] - r.TauCI[i][0]) / (2 * tq)
				if z := math.Abs(r.Tau[i]-c.tau[i]) / se; z > 4.5 {
					t.Errorf("%s sd=%g: tau[%d] = %v ± %v, truth %v (z = %.1f)", c.name, sd, i, r.Tau[i], se, c.tau[i], z)
				}
				se = (r.AmpCI[i][1] - r.AmpCI[i][0]) / (2 * tq)
				if z := math.Abs(r.Amp[i]-c.amp[i]) / se; z > 4.5 {
					t.Errorf("%s sd=%g: amp[%d] = %v ± %v, truth %v (z = %.1f)", c.name, sd, i, r.Amp[i], se, c.amp[i], z)
				}
			}
			if r.R2 <= 0 || r.R2 > 1 || r.Status == NotConverged {
				t.Errorf("%s sd=%g: R2 %v status %v", c.name, sd, r.R2, r.Status)
			}
		}
	}
}

// fullLM fits all 2n+1 parameters (a, τ, offset) with the general
// Levenberg–Marquardt and a finite-difference Jacobian from start p0; an
// independent route to the same optimum.
func fullLM(t *testing.T, tt, y []float64, p0 []float64) Result {
	n := (len(p0) - 1) / 2
	prob := Problem{
		NumResiduals: len(y), NumParams: len(p0),
		Func: func(dst, p []float64) {
			for k, tk := range tt {
				v := p[2*n]
				for i := 0; i < n; i++ {
					v += p[2*i] * math.Exp(-tk/p[2*i+1])
				}
				dst[k] = v - y[k]
			}
		},
	}
	r, err := LevenbergMarquardt(prob, p0, &Settings{MaxIter: 500})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// optimumTol is how far two fits that both stopped by the default rule may put τ_i apart. SSETol
// (1e-12: stop when a step is predicted to reduce SSE by at most 1e-12·SSE) leaves a parameter at most
// about √(SSETol·dof) standard errors from the optimum, since SSE − SSE* ≈ δᵀJᵀJδ; twice that for two
// fits, twice again for the quadratic model. Comparisons at a fixed relative tolerance held only
// while both fits rounded alike (on arm64, whose compiler fuses multiply-adds, varpro and full LM
// differed by 1.5e-6 of a τ whose SE is 13 % of it; the tolerance there is 1.3e-5 of τ).
func optimumTol(r ExpResult, i int) float64 {
	se := (r.TauCI[i][1] - r.TauCI[i][0]) / (2 * TQuantile(0.95, r.DoF))
	return 4 * math.Sqrt(1e-12*float64(r.DoF)) * se
}

// Variable projection must reach the full-parameter optimum (started there
// from the truth): the same sum of squares to 1e-10 relative and the same
// time constants within optimumTol.
func TestExpMatchesFullLM(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, c := range expCases[:2] {
		tt := linspace(0, c.dt, c.n)
		y := synthExp(rng, tt, c.amp, c.tau, c.off, 10)
		r, err := Exp(tt, y, len(c.tau), nil)
		if err != nil {
			t.Fatal(err)
		}
		p0 := make([]float64, 0, 2*len(c.tau)+1)
		for i := range c.tau {
			p0 = append(p0, c.amp[i], c.tau[i])
		}
		ref := fullLM(t, tt, y, append(p0, c.off))
		if r.SSE > ref.SSE*(1+1e-10) {
			t.Errorf("%s: SSE %v worse than full LM %v", c.name, r.SSE, ref.SSE)
		}
		for i := range c.tau {
			if d := math.Abs(r.Tau[i] - ref.X[2*i+1]); d > optimumTol(r, i) {
				t.Errorf("%s: tau[%d] %v vs full LM %v (tolerance %.3g)", c.name, i, r.Tau[i], ref.X[2*i+1], optimumTol(r, i))
			}
		}
	}
}

// Unevenly sampled data take the general path; the optimum must agree with
// the full-parameter fit there too.
func TestExpNonUniform(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	tt := make([]float64, 600)
	for k := range tt {
		tt[k] = 0.02 * math.Pow(1.01, float64(k)) // log-spaced, 0.02 … 7.8 s
	}
	amp, tau := []float64{-600, -300}, []float64{0.8, 6}
	y := synthExp(rng, tt, amp, tau, -20, 5)
	r, err := Exp(tt, y, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	ref := fullLM(t, tt, y, []float64{-600, 0.8, -300, 6, -20})
	if r.SSE > ref.SSE*(1+1e-10) {
		t.Errorf("SSE %v worse than full LM %v", r.SSE, ref.SSE)
	}
	for i := range tau {
		if d := math.Abs(r.Tau[i] - ref.X[2*i+1]); d > optimumTol(r, i) {
			t.Errorf("tau[%d] %v vs full LM %v (tolerance %.3g)", i, r.Tau[i], ref.X[2*i+1], optimumTol(r, i))
		}
	}
}

// Uniform detection and the general path agree: the same data with a
// harmless jitter of 1e-7 of a step (forcing the general path) give the
// same taus within optimumTol (the jitter itself moves the optimum by ~1e-8).
func TestExpUniformVsGeneral(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	tt := linspace(0.5, 0.002, 1500)
	y := synthExp(rng, tt, []float64{-600, -300}, []float64{0.3, 2}, -20, 3)
	a, err := Exp(tt, y, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	tj := append([]float64(nil), tt...)
	for k := range tj {
		tj[k] += 2e-10 * float64(k%3)
	}
	b, err := Exp(tj, y, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range a.Tau {
		if d := math.Abs(a.Tau[i] - b.Tau[i]); d > optimumTol(a, i) {
			t.Errorf("tau[%d]: uniform %v, general %v (tolerance %.3g)", i, a.Tau[i], b.Tau[i], optimumTol(a, i))
		}
	}
}

// Time not starting at zero: amplitudes at t = 0 follow the formula, AmpT0
// are those at t[0]; far from zero the t = 0 amplitudes overflow to ±Inf
// while AmpT0 and the taus are unaffected.
func TestExpTimeOrigin(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	amp, tau := []float64{-800}, []float64{0.5}
	tt := linspace(2, 0.001, 3000)
	y := synthExp(rng, tt, amp, tau, -5, 1)
	r, err := Exp(tt, y, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.T0 != 2 {
		t.Errorf("T0 = %v", r.T0)
	}
	if e := math.Abs(r.Amp[0]/amp[0] - 1); e > 0.01 {
		t.Errorf("Amp at t=0 %v, want ≈ %v", r.Amp[0], amp[0])
	}
	if want := r.Amp[0] * math.Exp(-2/r.Tau[0]); math.Abs(r.AmpT0[0]/want-1) > 1e-12 {
		t.Errorf("AmpT0 %v, want %v", r.AmpT0[0], want)
	}
	if !(r.AmpCI[0][0] < r.Amp[0] && r.Amp[0] < r.AmpCI[0][1]) {
		t.Errorf("AmpCI %v does not bracket %v", r.AmpCI[0], r.Amp[0])
	}
	// Shift the same samples to start at t = 1000 s: exp(1000/0.5) overflows.
	ts := linspace(1000, 0.001, 3000)
	s, err := Exp(ts, y, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsInf(s.Amp[0], -1) {
		t.Errorf("Amp at t=0 = %v, want -Inf", s.Amp[0])
	}
	// The two fits see the same samples, so they seek the same optimum, but the arithmetic differs
	// (other time values in the sums), so each stops somewhere within its stopping rule. The rule
	// (SSETol 1e-12: a predicted reduction of at most 1e-12·SSE) leaves a parameter at most about
	// √(SSETol·dof) standard errors from the optimum (SSE − SSE* ≈ δ²·JᵀJ); twice that for two fits,
	// twice again for the quadratic model: 4·√(1e-12·dof)·SE = 2.2e-4 SE, here 2.6e-6 of τ (SE is
	// 1.2 % of τ: the decay is caught 4τ in, at −15 against noise 1). The fits agree to 1e-14 on
	// amd64 and to 1.2e-8 where math.Exp rounds differently, as on 386.
	tq := TQuantile(0.95, r.DoF)
	for _, c := range []struct {
		name      string
		got, want float64
		ci        [2]float64
	}{{"tau", s.Tau[0], r.Tau[0], r.TauCI[0]}, {"amplitude at t0", s.AmpT0[0], r.AmpT0[0], r.AmpT0CI[0]}} {
		se := (c.ci[1] - c.ci[0]) / (2 * tq)
		tol := 4 * math.Sqrt(1e-12*float64(r.DoF)) * se
		if math.Abs(c.got-c.want) > tol {
			t.Errorf("shifted fit: %s %v, unshifted %v (tolerance %.3g = 4·√(SSETol·dof)·SE)", c.name, c.got, c.want, tol)
		}
	}
}

func TestExpErrors(t *testing.T) {
	tt := linspace(0, 0.01, 100)
	flat := make([]float64, 100)
	for i := range flat {
		flat[i] = 3
	}
	good := synthExp(nil, tt, []float64{1}, []float64{0.2}, 0, 0)
	nan := append([]float64(nil), good...)
	nan[17] = math.NaN()
	inf := append([]float64(nil), good...)
	inf[3] = math.Inf(-1)
	tinf := append([]float64(nil), tt...)
	tinf[5] = math.Inf(1)
	for _, c := range []struct {
		name string
		t, y []float64
		n    int
		want error
	}{
		{"flat", tt, flat, 1, ErrFlat},
		{"nan", tt, nan, 1, ErrNotFinite},
		{"inf", tt, inf, 2, ErrNotFinite},
		{"t inf", tinf, good, 1, ErrNotFinite},
		{"too few", tt[:5], good[:5], 2, ErrTooFewPoints},
		{"none", nil, nil, 1, ErrTooFewPoints},
		{"n=0", tt, good, 0, ErrBadInput},
		{"n=4", tt, good, 4, ErrBadInput},
		{"same t", make([]float64, 100), good, 1, ErrBadInput},
	} {
		_, err := Exp(c.t, c.y, c.n, nil)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: err = %v, want %v", c.name, err, c.want)
		} else if err.Error()[:5] != "fit: " {
			t.Errorf("%s: error %q lacks the fit: prefix", c.name, err)
		}
	}
	for _, level := range []float64{-0.1, 1, 95, math.NaN()} {
		if _, err := Exp(tt, good, 1, &ExpOptions{Level: level}); !errors.Is(err, ErrBadInput) {
			t.Errorf("Level %v: err = %v, want ErrBadInput", level, err)
		}
		c, y := hillData(nil, hillConc, 1, 7, 1.4, -250, 0, 0)
		if _, err := Hill(c, y, &HillOptions{Level: level}); !errors.Is(err, ErrBadInput) {
			t.Errorf("Hill Level %v: err = %v, want ErrBadInput", level, err)
		}
	}
	// Non-convergence is reported, with the best point.
	y := synthExp(rand.New(rand.NewPCG(1, 2)), tt, []float64{-5, -3}, []float64{0.05, 0.4}, 1, 0.1)
	r, err := Exp(tt, y, 2, &ExpOptions{Settings: &Settings{MaxIter: 1, SSETol: 1e-300, StepTol: 1e-300, GradTol: 1e-300}})
	if !errors.Is(err, ErrNoConvergence) || len(r.Tau) != 2 {
		t.Errorf("MaxIter 1: err = %v, taus %v", err, r.Tau)
	}
}

// A reused ExpFitter gives identical results and allocates nothing that
// grows with the data: its scratch is kept, so a fit allocates only the
// result's slices and gonum's small factorisation workspaces.
//
// The bound is on bytes, not on the count of allocations: gonum/mat draws its
// workspaces from sync.Pools, which the race detector empties at random, so
// the count moves between runs (54 here, 57–62 under -race). One float64
// slice of the data's length would be 1.6 MB at n = 200,000; a fit measured
// 15 KB (up to 52 KB under -race), so 1/16 of that slice (100 KB) separates
// the two with room on both sides.
func TestExpFitterReuse(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 3))
	const n = 200000
	tt := linspace(0, 0.01, n)
	y := synthExp(rng, tt, []float64{-600, -300}, []float64{0.8, 6}, -20, 10)
	var f ExpFitter
	a, _ := f.Fit(tt, y, 2, nil)
	b, _ := f.Fit(tt, y, 2, nil)
	if a.Tau[0] != b.Tau[0] || a.SSE != b.SSE {
		t.Errorf("reuse changed the result: %v %v", a, b)
	}
	const runs = 10
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range runs {
		f.Fit(tt, y, 2, nil)
	}
	runtime.ReadMemStats(&after)
	perFit := (after.TotalAlloc - before.TotalAlloc) / runs
	t.Logf("%d bytes, %d allocations per fit of %d points", perFit, (after.Mallocs-before.Mallocs)/runs, n)
	if limit := uint64(8 * n / 16); perFit > limit {
		t.Errorf("%d bytes allocated per fit, want ≤ %d (nothing of the data's length)", perFit, limit)
	}
}

// A reused ExpFitter (as Exp's pool hands out) must give the same bits as a new one: it carries only
// scratch from one fit to the next.
func TestExpFitterReuseIsExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	tt := linspace(0, 0.005, 3000)
	datasets := [][]float64{
		synthExp(rng, tt, []float64{-600, -300}, []float64{0.8, 6}, -20, 5),
		synthExp(rng, tt, []float64{-800}, []float64{3}, -50, 10),
		synthExp(rng, tt[:500], []float64{200, 100, 50}, []float64{0.05, 0.4, 2}, 1, 0.5),
	}
	ns := []int{2, 1, 3}
	var reused ExpFitter
	for round := 0; round < 2; round++ {
		for i, y := range datasets {
			var fresh ExpFitter
			want, err1 := fresh.Fit(tt[:len(y)], y, ns[i], nil)
			got, err2 := reused.Fit(tt[:len(y)], y, ns[i], nil)
			if (err1 == nil) != (err2 == nil) {
				t.Fatalf("dataset %d: errors %v and %v", i, err1, err2)
			}
			if !cmp.Equal(got, want, cmpopts.EquateNaNs()) {
				t.Errorf("round %d, dataset %d: a reused fitter gives %v, a new one %v", round, i, got.Tau, want.Tau)
			}
		}
	}
}

// FitUniform on y sampled at t0 + k·dt finds what Fit finds with those times written out, and
// refuses a step that is not positive and finite.
func TestExpFitUniform(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	const t0, dt = 0.0125, 0.0005
	tt := make([]float64, 4000)
	for k := range tt {
		tt[k] = t0 + float64(k)*dt
	}
	y := synthExp(rng, tt, []float64{-300, -80}, []float64{0.05, 0.4}, 12, 2)
	var f ExpFitter
	want, err := f.Fit(tt, y, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.FitUniform(t0, dt, y, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Both take the evenly-sampled path; Fit recovers dt from the times (t[k] − t[0])/k, which may
	// differ from the given dt by an ulp, so the optimum agrees to the fit's own resolution (1e-9
	// relative in τ, 1e-9 relative in SSE), not necessarily bit for bit (here it does).
	opt := cmpopts.EquateApprox(1e-9, 0)
	if diff := cmp.Diff(want.Tau, got.Tau, opt); diff != "" {
		t.Errorf("τ: Fit vs FitUniform (-Fit +FitUniform):\n%s", diff)
	}
	if diff := cmp.Diff(want.SSE, got.SSE, opt); diff != "" {
		t.Errorf("SSE: %s", diff)
	}
	for _, step := range []float64{0, -dt, math.NaN(), math.Inf(1)} {
		if _, err := f.FitUniform(t0, step, y, 2, nil); !errors.Is(err, ErrBadInput) {
			t.Errorf("dt = %v: err = %v, want ErrBadInput", step, err)
		}
	}
}
