package fit

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// Rosenbrock's function as least squares: r = (10(x₁−x₀²), 1−x₀), minimum
// 0 at (1, 1).
func rosenbrock() Problem {
	return Problem{
		NumResiduals: 2, NumParams: 2,
		Func: func(dst, x []float64) {
			dst[0] = 10 * (x[1] - x[0]*x[0])
			dst[1] = 1 - x[0]
		},
		Jacobian: func(dst *mat.Dense, x []float64) {
			dst.Set(0, 0, -20*x[0])
			dst.Set(0, 1, 10)
			dst.Set(1, 0, -1)
			dst.Set(1, 1, 0)
		},
	}
}

func TestLMRosenbrock(t *testing.T) {
	for _, analytic := range []bool{true, false} {
		p := rosenbrock()
		if !analytic {
			p.Jacobian = nil
		}
		r, err := LevenbergMarquardt(p, []float64{-1.2, 1}, nil)
		if err != nil {
			t.Fatalf("analytic=%v: %v", analytic, err)
		}
		// Zero-residual problem: the default tolerances put x within ~1e-8.
		if math.Abs(r.X[0]-1) > 1e-8 || math.Abs(r.X[1]-1) > 1e-8 || r.SSE > 1e-16 {
			t.Errorf("analytic=%v: x = %v, SSE %v, %v", analytic, r.X, r.SSE, r.Status)
		}
	}
}

// With x₀ ≤ 0.5 the constrained minimum is (0.5, 0.25) with SSE 0.25.
func TestLMBounded(t *testing.T) {
	p := rosenbrock()
	p.Upper = []float64{0.5, math.Inf(1)}
	r, err := LevenbergMarquardt(p, []float64{-1.2, 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.X[0] != 0.5 || math.Abs(r.X[1]-0.25) > 1e-9 || math.Abs(r.SSE-0.25) > 1e-12 {
		t.Errorf("x = %v, SSE %v", r.X, r.SSE)
	}
	if !r.AtBound[0] || r.AtBound[1] {
		t.Errorf("AtBound = %v", r.AtBound)
	}
	// A start outside the box is clamped into it.
	p.Lower = []float64{-2, 0.3}
	r, err = LevenbergMarquardt(p, []float64{3, -7}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.X[0] != 0.5 || r.X[1] != 0.3 {
		t.Errorf("x = %v, want (0.5, 0.3)", r.X)
	}
}

func TestLMErrors(t *testing.T) {
	p := rosenbrock()
	_, err := LevenbergMarquardt(p, []float64{-1.2, 1}, &Settings{MaxIter: 2})
	if !errors.Is(err, ErrNoConvergence) {
		t.Errorf("MaxIter 2: %v", err)
	}
	_, err = LevenbergMarquardt(p, []float64{math.NaN(), 1}, nil)
	if !errors.Is(err, ErrNotFinite) {
		t.Errorf("NaN start: %v", err)
	}
	p.Func = func(dst, x []float64) { dst[0], dst[1] = math.Inf(1), 0 }
	_, err = LevenbergMarquardt(p, []float64{0, 0}, nil)
	if !errors.Is(err, ErrSingular) && !errors.Is(err, ErrNotFinite) {
		t.Errorf("Inf residual: %v", err)
	}
	defer func() {
		if recover() == nil {
			t.Error("no panic for a wrong x0 length")
		}
	}()
	LevenbergMarquardt(rosenbrock(), []float64{1}, nil)
}

// Bounds that cannot hold a point, NaN bounds, and a Func that turns NaN as
// soon as it leaves its start are errors, not a "converged" result.
func TestLMBadBoundsAndNaN(t *testing.T) {
	for _, c := range []struct {
		name         string
		lower, upper []float64
	}{
		{"lower above upper", []float64{2, 0}, []float64{1, 1}},
		{"NaN lower", []float64{math.NaN(), 0}, nil},
		{"NaN upper", nil, []float64{1, math.NaN()}},
	} {
		p := rosenbrock()
		p.Lower, p.Upper = c.lower, c.upper
		if _, err := LevenbergMarquardt(p, []float64{0, 0}, nil); !errors.Is(err, ErrBadInput) {
			t.Errorf("%s: %v, want ErrBadInput", c.name, err)
		}
	}
	// Equal bounds hold a parameter fixed: allowed.
	p := rosenbrock()
	p.Lower, p.Upper = []float64{0.5, math.Inf(-1)}, []float64{0.5, math.Inf(1)}
	if r, err := LevenbergMarquardt(p, []float64{0, 0}, nil); err != nil || r.X[0] != 0.5 || math.Abs(r.X[1]-0.25) > 1e-9 {
		t.Errorf("fixed x0: %v, %v", r.X, err)
	}

	for _, analytic := range []bool{true, false} {
		p := rosenbrock()
		if !analytic {
			p.Jacobian = nil
		}
		f := p.Func
		p.Func = func(dst, x []float64) {
			f(dst, x)
			if x[0] != -1.2 || x[1] != 1 {
				dst[0] = math.NaN()
			}
		}
		r, err := LevenbergMarquardt(p, []float64{-1.2, 1}, nil)
		if !errors.Is(err, ErrNotFinite) && !errors.Is(err, ErrSingular) {
			t.Errorf("analytic=%v: NaN away from the start gave %v, x %v", analytic, err, r.X)
		}
	}
}

// Linear regression y = a + b·x: LM must give the normal-equation solution
// and Covariance the textbook s²(XᵀX)⁻¹.
func TestLMLinearCovariance(t *testing.T) {
	x := []float64{0, 1, 2, 3, 4, 5, 6}
	y := []float64{1.1, 2.9, 5.2, 7.1, 8.8, 11.2, 12.9}
	p := Problem{
		NumResiduals: len(x), NumParams: 2,
		Func: func(dst, q []float64) {
			for i := range x {
				dst[i] = q[0] + q[1]*x[i] - y[i]
			}
		},
	}
	r, err := LevenbergMarquardt(p, []float64{0, 0}, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Closed form.
	n := float64(len(x))
	var sx, sy, sxx, sxy float64
	for i := range x {
		sx += x[i]
		sy += y[i]
		sxx += x[i] * x[i]
		sxy += x[i] * y[i]
	}
	det := n*sxx - sx*sx
	b := (n*sxy - sx*sy) / det
	a := (sy - b*sx) / n
	// Forward differences are exact for a linear model up to rounding of the
	// step: 1e-7 relative.
	if math.Abs(r.X[0]-a) > 1e-7 || math.Abs(r.X[1]/b-1) > 1e-7 {
		t.Fatalf("x = %v, want (%v, %v)", r.X, a, b)
	}
	cov, err := Covariance(nil, r.JTJ, r.SSE, len(x)-2)
	if err != nil {
		t.Fatal(err)
	}
	s2 := r.SSE / (n - 2)
	want := [2][2]float64{{s2 * sxx / det, -s2 * sx / det}, {-s2 * sx / det, s2 * n / det}}
	for i := 0; i < 2; i++ {
		for j := 0; j < 2; j++ {
			if math.Abs(cov.At(i, j)/want[i][j]-1) > 1e-6 {
				t.Errorf("cov[%d][%d] = %v, want %v", i, j, cov.At(i, j), want[i][j])
			}
		}
	}
}

func TestStats(t *testing.T) {
	// t(0.975, 10) = 2.228138851986274 (tables; scipy.stats.t.ppf).
	for _, level := range []float64{0, 1, -0.5, 1.5, math.NaN()} {
		func() {
			defer func() {
				if r := recover(); r != "fit: confidence level outside (0, 1)" {
					t.Errorf("TQuantile(%v): recovered %v", level, r)
				}
			}()
			TQuantile(level, 10)
		}()
	}
	if q := TQuantile(0.95, 10); math.Abs(q-2.228138851986274) > 1e-9 {
		t.Errorf("TQuantile = %v", q)
	}
	// F(2, 10) critical value at 0.05 is 4.102821015130399 (scipy.stats.f.ppf).
	f, p := FTest(10*(1+2*4.102821015130399/10), 12, 10, 10)
	if math.Abs(f-4.102821015130399) > 1e-9 || math.Abs(p-0.05) > 1e-9 {
		t.Errorf("FTest: F = %v, p = %v", f, p)
	}
	// Far tail: scipy.stats.f.sf(99.5, 2, 995) = 4.04883511884343e-40.
	if _, p := FTest(1200, 997, 1000, 995); math.Abs(p/4.04883511884343e-40-1) > 1e-8 {
		t.Errorf("FTest tail p = %v", p)
	}
	if _, p := FTest(5, 10, 6, 8); p != 1 {
		t.Errorf("FTest with a worse complex model: p = %v, want 1", p)
	}
	// AICc and BIC by hand: n = 20, SSE = 5, 3 parameters (k = 4).
	ll := -10 * (math.Log(2*math.Pi*5/20) + 1)
	if a := AICc(5, 20, 3); math.Abs(a-(-2*ll+8+2*4*5/15.0)) > 1e-12 {
		t.Errorf("AICc = %v", a)
	}
	if b := BIC(5, 20, 3); math.Abs(b-(-2*ll+4*math.Log(20))) > 1e-12 {
		t.Errorf("BIC = %v", b)
	}
	if !math.IsInf(AICc(1, 4, 3), 1) {
		t.Error("AICc with n ≤ k+1 should be +Inf")
	}
}
