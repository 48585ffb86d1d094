package filters

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// smoothGoldenPath is SciPy 1.10's reference outputs, shared by the project's
// checks (../shared/data/README.md); it lies outside the repository.
var smoothGoldenPath = filepath.Join("..", "..", "shared", "data", "golden_scipy_filters.json")

type smoothCase struct {
	ID   string         `json:"id"`
	Call map[string]any `json:"call"`
	X    []float64      `json:"x"`
	Y    []float64      `json:"y"`
	Fr   []float64      `json:"freq_hz"`
	PSD  []float64      `json:"psd"`
	Tol  *float64       `json:"tol"`
}

// smoothGoldenCases returns the golden cases of one design, or skips the test when
// the shared data are not there (a fresh clone outside the team's tree).
func smoothGoldenCases(t *testing.T, design string) []smoothCase {
	t.Helper()
	b, err := os.ReadFile(smoothGoldenPath)
	if err != nil {
		t.Skipf("SciPy goldens not available (%v): run from the team's tree with ../shared/data", err)
	}
	var g struct {
		Cases []smoothCase `json:"cases"`
	}
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatalf("%s: %v", smoothGoldenPath, err)
	}
	var out []smoothCase
	for _, c := range g.Cases {
		if c.Call["design"] == design {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		t.Fatalf("%s holds no %q cases", smoothGoldenPath, design)
	}
	return out
}

// tol is the case's tolerance: max |got − want| / max |want|, 1e-9 unless the
// case says otherwise (the goldens' contract, README.md).
func (c smoothCase) tol() float64 {
	if c.Tol != nil {
		return *c.Tol
	}
	return 1e-9
}

func (c smoothCase) intArg(key string) int { return int(c.Call[key].(float64)) }

// peakRelErr is max |got − want| / max |want|, the goldens' measure.
func peakRelErr(got, want []float64) float64 {
	if len(got) != len(want) {
		return math.Inf(1)
	}
	var peak, e float64
	for i, w := range want {
		peak = math.Max(peak, math.Abs(w))
		d := math.Abs(got[i] - w)
		if math.IsNaN(d) {
			return math.Inf(1)
		}
		e = math.Max(e, d)
	}
	if peak == 0 {
		return e
	}
	return e / peak
}

func TestSavGolGolden(t *testing.T) {
	for _, c := range smoothGoldenCases(t, "savgol") {
		got := SavGol(nil, c.X, c.intArg("window"), c.intArg("polyorder"), c.intArg("deriv"), c.Call["delta"].(float64))
		e := peakRelErr(got, c.Y)
		t.Logf("%s %v: rel err %.3g", c.ID, c.Call, e)
		if !(e <= c.tol()) {
			t.Errorf("%s %v: rel err %.3g > tol %.3g", c.ID, c.Call, e, c.tol())
		}
	}
}

// poly evaluates Σ c[q]·t^q and its first two derivatives.
func poly(c []float64, t float64) (v, d1, d2 float64) {
	for q := len(c) - 1; q >= 0; q-- {
		d2 = d2*t + 2*d1
		d1 = d1*t + v
		v = v*t + c[q]
	}
	return v, d1, d2
}

// A Savitzky–Golay fit of degree p reproduces any polynomial of degree ≤ p
// exactly, and its derivatives, everywhere (edges included; odd windows: an
// even one evaluates half a sample late, TestSavGolEvenWindow). Tolerance: the
// weights are accurate to ~1e-15 relative (checked against exact rational
// weights for window 101, order 5: 4e-15) and each output sums ≤ 201 terms, so
// 1e-11 of the peak leaves a factor of ten.
func TestSavGolPolynomials(t *testing.T) {
	const delta = 0.01
	c := []float64{0.3, -1.2, 0.8, 0.5, -0.25} // degree 4, in t = i·delta·10
	for _, tc := range []struct{ window, polyorder, deriv int }{
		{5, 4, 0}, {7, 4, 1}, {9, 4, 2}, {21, 4, 0}, {21, 5, 1}, {101, 4, 2}, {201, 6, 1},
	} {
		n := 300
		x := make([]float64, n)
		want := make([]float64, n)
		for i := range x {
			s := float64(i) / float64(n) * 3 // t in [0, 3)
			v, d1, d2 := poly(c, s)
			x[i] = v
			// d/di = (3/n)·d/ds; per delta: divide by delta.
			switch tc.deriv {
			case 0:
				want[i] = v
			case 1:
				want[i] = d1 * 3 / float64(n) / delta
			case 2:
				want[i] = d2 * 9 / float64(n*n) / (delta * delta)
			}
		}
		got := SavGol(nil, x, tc.window, tc.polyorder, tc.deriv, delta)
		if e := peakRelErr(got, want); e > 1e-11 {
			t.Errorf("%+v: rel err %.3g > 1e-11", tc, e)
		}
	}
}

// Even windows follow SciPy: the interior is the fit over
// x[i−w/2+1 … i+w/2] evaluated half a sample after i; checked here on a line
// y = i, whose smoothed value is then i + 0.5, and at the edges i.
func TestSavGolEvenWindow(t *testing.T) {
	x := make([]float64, 20)
	for i := range x {
		x[i] = float64(i)
	}
	got := SavGol(nil, x, 6, 1, 0, 1)
	for i, v := range got {
		want := float64(i) + 0.5
		if i < 3 || i >= 17 {
			want = float64(i)
		}
		if math.Abs(v-want) > 1e-12 { // exact arithmetic gives want; 1e-12 ≫ rounding of 6-term sums of values ≤ 20
			t.Errorf("y[%d] = %v, want %v", i, v, want)
		}
	}
}

func TestSavGolEdgeCases(t *testing.T) {
	x := benchInput(50)
	// deriv above polyorder: zeros.
	for i, v := range SavGol(nil, x, 7, 2, 3, 1) {
		if v != 0 {
			t.Fatalf("deriv > polyorder: y[%d] = %v", i, v)
		}
	}
	// window == len(x): every output from the one fit; window 1: identity.
	if e := peakRelErr(SavGol(nil, x[:9], 9, 8, 0, 1), x[:9]); e > 1e-12 { // degree-8 fit through 9 points interpolates
		t.Errorf("window = len(x) interpolation: rel err %.3g", e)
	}
	if e := peakRelErr(SavGol(nil, x, 1, 0, 0, 1), x); e != 0 {
		t.Errorf("window 1: rel err %.3g", e)
	}
	// In place equals out of place; the FFT path (window > 64) equals the direct one.
	want := SavGol(nil, x, 11, 3, 1, 0.5)
	in := append([]float64(nil), x...)
	SavGol(in, in, 11, 3, 1, 0.5)
	if e := peakRelErr(in, want); e != 0 {
		t.Errorf("in place: rel err %.3g", e)
	}
	long := benchInput(5000)
	f := NewSavGolFilter(151, 4, 0, 1)
	direct := make([]float64, len(long))
	for i := 75; i < len(long)-75; i++ {
		direct[i] = dotProduct(f.Weights(), long[i-75:i+76])
	}
	got := f.Filter(nil, long)
	// FFT convolution rounding: ~eps·log2(2048)·Σ|w| of the input scale; 1e-13 of the peak.
	if e := peakRelErr(got[75:len(long)-75], direct[75:len(long)-75]); e > 1e-13 {
		t.Errorf("FFT path vs direct: rel err %.3g", e)
	}
	for name, fn := range map[string]func(){
		"window 0":        func() { SavGol(nil, x, 0, 0, 0, 1) },
		"polyorder=win":   func() { SavGol(nil, x, 5, 5, 0, 1) },
		"negative deriv":  func() { SavGol(nil, x, 5, 2, -1, 1) },
		"zero delta":      func() { SavGol(nil, x, 5, 2, 1, 0) },
		"window > len(x)": func() { SavGol(nil, x[:4], 5, 2, 0, 1) },
		"dst length":      func() { SavGol(make([]float64, 3), x, 5, 2, 0, 1) },
	} {
		if !panics(fn) {
			t.Errorf("%s: no panic", name)
		}
	}
}

// savgolNaive is the reference for the benchmark: the plain dot-product loop
// without the four partial sums.
func savgolNaive(dst, x []float64, f *SavGolFilter) {
	w, h := f.window, f.window/2
	for i := h; i < len(x)-h; i++ {
		var s float64
		for j, c := range f.weights {
			s += c * x[i-h+j]
		}
		dst[i] = s
	}
	_ = w
}

func BenchmarkSavGol(b *testing.B) {
	for _, n := range []int{1000, 100000} {
		for _, w := range []int{21, 201} {
			x := benchInput(n)
			dst := make([]float64, n)
			f := NewSavGolFilter(w, 3, 0, 1)
			b.Run(fmt.Sprintf("n=%d/w=%d/fast", n, w), func(b *testing.B) {
				b.SetBytes(int64(8 * n))
				b.ReportAllocs()
				for b.Loop() {
					f.Filter(dst, x)
				}
			})
			b.Run(fmt.Sprintf("n=%d/w=%d/naive", n, w), func(b *testing.B) {
				b.SetBytes(int64(8 * n))
				b.ReportAllocs()
				for b.Loop() {
					savgolNaive(dst, x, f)
				}
			})
			b.Run(fmt.Sprintf("n=%d/w=%d/design+filter", n, w), func(b *testing.B) {
				b.SetBytes(int64(8 * n))
				b.ReportAllocs()
				for b.Loop() {
					SavGol(dst, x, w, 3, 0, 1)
				}
			})
		}
	}
}
