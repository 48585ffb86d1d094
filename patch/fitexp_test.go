package patch

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/endplate/endplate/fit"
)

// An ACh-current decay fitted from the end of agonist exchange (t0 = 1.2 s):
// the taus lie within 4.5 SE of the truth (see fit's tests for that bound)
// and the t = 0 amplitudes follow the formula.
func TestFitExp(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	tt := make([]float64, 8000)
	y := make([]float64, len(tt))
	for k := range tt {
		tt[k] = 1.2 + float64(k)*5e-4
		y[k] = -900*math.Exp(-tt[k]/0.4) - 200*math.Exp(-tt[k]/3) - 15 + 4*rng.NormFloat64()
	}
	f, err := FitExp(tt, y, 2)
	if err != nil {
		t.Fatal(err)
	}
	if f.Model() != "bi" || f.Components() != 2 || f.N != len(tt) {
		t.Errorf("model %q, %d components, N %d", f.Model(), f.Components(), f.N)
	}
	tq := fit.TQuantile(0.95, f.N-5)
	for i, want := range []float64{0.4, 3} {
		se := (f.TauCI[i][1] - f.TauCI[i][0]) / (2 * tq)
		if math.Abs(f.Tau[i]-want) > 4.5*se {
			t.Errorf("tau[%d] = %v ± %v, want %v", i, f.Tau[i], se, want)
		}
		if d := f.Amp[i] * math.Exp(-f.T0/f.Tau[i]); math.Abs(d/f.AmpT0[i]-1) > 1e-12 {
			t.Errorf("Amp/AmpT0 inconsistent: %v vs %v", d, f.AmpT0[i])
		}
	}
	if !(f.WeightedTau > f.Tau[0] && f.WeightedTau < f.Tau[1]) || f.R2 < 0.95 {
		t.Errorf("weighted tau %v, R2 %v", f.WeightedTau, f.R2)
	}
	a, err := FitExpAuto(tt, y, 0)
	if err != nil || a.Components() != 2 {
		t.Errorf("FitExpAuto: %d components, %v", a.Components(), err)
	}
}

func TestFitExpErrors(t *testing.T) {
	tt := []float64{0, 1, 2, 3, 4, 5}
	if _, err := FitExp(tt, []float64{1, 1, 1, 1, 1, 1}, 1); !errors.Is(err, fit.ErrFlat) {
		t.Errorf("flat: %v", err)
	}
	if _, err := FitExp(tt, []float64{5, 3, 2, math.NaN(), 1, 1}, 1); !errors.Is(err, fit.ErrNotFinite) {
		t.Errorf("NaN: %v", err)
	}
	if _, err := FitExp(tt, []float64{5, 3, 2, 1.5, 1, 1}, 3); !errors.Is(err, fit.ErrTooFewPoints) {
		t.Errorf("too few: %v", err)
	}
}

// FitExp and FitExpAuto allow for correlated noise: on a decay in AR(1)
// noise with ρ = 0.9 (what a record filtered well below its sampling rate
// has) the fit reports the correlation, its τ interval is wider than the
// white-noise one by about √VarianceFactor (≈ 4.4; 20 % allowed for the
// estimate's scatter), and FitExpAuto keeps one component.
func TestFitExpCorrelatedNoise(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	tt := make([]float64, 4000)
	y := make([]float64, len(tt))
	e := 0.0
	for k := range tt {
		tt[k] = float64(k) * 1e-3
		e = 0.9*e + math.Sqrt(1-0.81)*rng.NormFloat64()
		y[k] = -300*math.Exp(-tt[k]/0.8) - 10 + 2*e
	}
	f, err := FitExp(tt, y, 1)
	if err != nil {
		t.Fatal(err)
	}
	w, err := fit.Exp(tt, y, 1, &fit.ExpOptions{Independent: true})
	if err != nil {
		t.Fatal(err)
	}
	ratio := (f.TauCI[0][1] - f.TauCI[0][0]) / (w.TauCI[0][1] - w.TauCI[0][0])
	if math.Abs(f.ResidualLag1-0.9) > 0.05 || math.Abs(ratio/math.Sqrt(19)-1) > 0.2 {
		t.Errorf("ResidualLag1 %v, interval ratio %v (VarianceFactor %v)", f.ResidualLag1, ratio, f.VarianceFactor)
	}
	if a, err := FitExpAuto(tt, y, 3); err != nil || a.Model() != "mono" {
		t.Errorf("FitExpAuto: %s, %v", a.Model(), err)
	}
}
