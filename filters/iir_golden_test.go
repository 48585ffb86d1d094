package filters

import (
	"encoding/json"
	"fmt"
	"math"
	"math/cmplx"
	"os"
	"path/filepath"
	"testing"
)

// The SciPy 1.10 goldens live outside the repository, in ../../shared/data (see its README); these
// tests skip when it is absent. Each case carries its own tolerance `tol`: the limit on
// max |got − want| / max |want|, 1e-9 unless SciPy's own output moves more than 1e-10 under harmless
// changes of the same design (then 10 × that spread).

const iirGoldenPath = "../../shared/data/golden_scipy_filters.json"

type iirXGen struct {
	Seed  uint64       `json:"seed"`
	N     int          `json:"n"`
	Noise float64      `json:"noise"`
	Tri   [][2]float64 `json:"tri"`
	DC    float64      `json:"dc"`
}

type iirSums struct {
	Peak, Sum, Sumsq float64
}

type iirCase struct {
	ID     string             `json:"id"`
	Call   map[string]any     `json:"call"`
	SOS    [][6]float64       `json:"sos"`
	FreqHz []float64          `json:"freq_hz"`
	Mag    []float64          `json:"mag"`
	X      []float64          `json:"x"`
	XGen   *iirXGen           `json:"x_gen"`
	XSum   float64            `json:"x_sum"`
	At     []int              `json:"at"`
	Sums   map[string]iirSums `json:"sums"`
	F      []float64          `json:"sosfilt"`
	FF     []float64          `json:"sosfiltfilt"`
	FFba   []float64          `json:"filtfilt"`
	B      []float64          `json:"b"`
	A      []float64          `json:"a"`
	Y      []float64          `json:"y"`
	Tol    *float64           `json:"tol"`
}

func (c *iirCase) tol() float64 {
	if c.Tol == nil {
		return 1e-9
	}
	return *c.Tol
}

func loadIIRGolden(t testing.TB) []iirCase {
	t.Helper()
	b, err := os.ReadFile(iirGoldenPath)
	if os.IsNotExist(err) {
		abs, _ := filepath.Abs(iirGoldenPath)
		t.Skipf("SciPy goldens not present at %s (shared data lives outside the repository)", abs)
	}
	if err != nil {
		t.Fatal(err)
	}
	var g struct{ Cases []iirCase }
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	return g.Cases
}

// relErr is max |got − want| / max |want|, the probe's measure; +Inf for a length mismatch or a NaN.
func iirRelErr(got, want []float64) float64 {
	if len(got) != len(want) {
		return math.Inf(1)
	}
	m, e := 0.0, 0.0
	for i := range want {
		m = math.Max(m, math.Abs(want[i]))
		d := math.Abs(got[i] - want[i])
		if math.IsNaN(d) {
			return math.Inf(1)
		}
		e = math.Max(e, d)
	}
	if m == 0 {
		return e
	}
	return e / m
}

func iirFloats(v any) []float64 {
	var out []float64
	for _, x := range v.([]any) {
		out = append(out, x.(float64))
	}
	return out
}

func iirBand(s string) Band {
	return map[string]Band{"lowpass": Lowpass, "highpass": Highpass, "bandpass": Bandpass, "bandstop": Bandstop}[s]
}

func iirDesign(c *iirCase) (SOS, error) {
	o := int(c.Call["order"].(float64))
	fs := c.Call["fs"].(float64)
	cut := iirFloats(c.Call["cutoff_hz"])
	b := iirBand(c.Call["band"].(string))
	switch c.Call["design"] {
	case "butterworth":
		return Butterworth(o, b, fs, cut...)
	case "bessel":
		return Bessel(o, b, fs, cut...)
	case "chebyshev1":
		return Chebyshev1(o, c.Call["ripple_db"].(float64), b, fs, cut...)
	}
	return nil, fmt.Errorf("not an IIR design: %v", c.Call["design"])
}

// splitmixUnit and genSignal rebuild long0's input bit for bit (the golden's x_gen; the same formula as
// the check probe's genSignal). The explicit float64 conversions keep a multiply and an add unfused.
func iirSplitmix(seed, k uint64) float64 {
	z := seed + (k+1)*0x9E3779B97F4A7C15
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	z ^= z >> 31
	return float64(z>>11) * 0x1p-53
}

func iirGenSignal(g *iirXGen) []float64 {
	x := make([]float64, g.N)
	for i := range x {
		k := uint64(i) * 4
		a := (iirSplitmix(g.Seed, k) + iirSplitmix(g.Seed, k+1)) + (iirSplitmix(g.Seed, k+2) + iirSplitmix(g.Seed, k+3))
		a = a - 2
		v := float64(a * 1.7320508075688772)
		v = float64(v * g.Noise)
		for _, t := range g.Tri {
			p := uint64(t[1])
			ph := float64(uint64(i)%p) / float64(p)
			tr := float64(4*math.Abs(ph-0.5)) - 1
			v = v + float64(t[0]*tr)
		}
		x[i] = v + g.DC
	}
	return x
}

// fsum is a Neumaier-compensated sum: the goldens' sums are exact (math.fsum).
func iirFsum(v []float64, f func(float64) float64) float64 {
	s, c := 0.0, 0.0
	for _, x := range v {
		x = f(x)
		t := s + x
		if math.Abs(s) >= math.Abs(x) {
			c += (s - t) + x
		} else {
			c += (x - t) + s
		}
		s = t
	}
	return s + c
}

func TestIIRGolden(t *testing.T) {
	cases := loadIIRGolden(t)
	n := 0
	for i := range cases {
		c := &cases[i]
		switch c.Call["design"] {
		case "butterworth", "bessel", "chebyshev1":
		default:
			continue
		}
		n++
		t.Run(c.ID, func(t *testing.T) {
			s, err := iirDesign(c)
			if err != nil {
				t.Fatal(err)
			}
			tol := c.tol()
			if c.XGen != nil {
				testIIRLong(t, s, c)
				return
			}
			// The designs themselves, through the magnitude response SciPy stored (sosfreqz); the
			// response of a well-posed design is as precise as its coefficients.
			if c.Mag != nil {
				h := s.Response(nil, c.FreqHz, c.Call["fs"].(float64))
				mag := make([]float64, len(h))
				for i := range h {
					mag[i] = cmplx.Abs(h[i])
				}
				if e := iirRelErr(mag, c.Mag); e > tol {
					t.Errorf("|H| rel err %.3g > tol %.2g", e, tol)
				}
			}
			if e := iirRelErr(s.Filter(nil, c.X), c.F); e > tol {
				t.Errorf("Filter rel err %.3g > tol %.2g", e, tol)
			}
			if e := iirRelErr(s.FiltFilt(nil, c.X), c.FF); e > tol {
				t.Errorf("FiltFilt rel err %.3g > tol %.2g", e, tol)
			}
			if e := iirRelErr(filtFiltRef(s, c.X), c.FF); e > tol {
				t.Errorf("filtFiltRef rel err %.3g > tol %.2g", e, tol)
			}
			testIIRBatch(t, s, c, cases)
		})
	}
	if n == 0 {
		t.Fatal("no IIR cases in the golden file")
	}
}

// testLong checks long0 as the probe does: the generated input against x_sum, the outputs at the
// stored indices relative to the peak, and the exact sums over all samples read as rms errors
// (|Δsum| / (peak·√n) and |Δsumsq| / (2·peak·√(n·sumsq))).
func testIIRLong(t *testing.T, s SOS, c *iirCase) {
	x := iirGenSignal(c.XGen)
	id := func(v float64) float64 { return v }
	if d := math.Abs(iirFsum(x, id) - c.XSum); d > 1e-9*math.Abs(c.XSum) {
		t.Fatalf("generated input differs from the golden's: sum off by %.3g", d)
	}
	tol := c.tol()
	for _, o := range []struct {
		name string
		got  []float64
		want []float64
		sums iirSums
	}{
		{"Filter", s.Filter(nil, x), c.F, c.Sums["sosfilt"]},
		{"FiltFilt", s.FiltFilt(nil, x), c.FF, c.Sums["sosfiltfilt"]},
	} {
		e := 0.0
		for i, j := range c.At {
			e = math.Max(e, math.Abs(o.got[j]-o.want[i]))
		}
		if e /= o.sums.Peak; e > tol {
			t.Errorf("%s at stored indices: rel err %.3g > tol %.2g", o.name, e, tol)
		}
		n := float64(len(o.got))
		if e := math.Abs(iirFsum(o.got, id)-o.sums.Sum) / (o.sums.Peak * math.Sqrt(n)); e > tol {
			t.Errorf("%s sum: rms err %.3g > tol %.2g", o.name, e, tol)
		}
		sq := func(v float64) float64 { return v * v }
		if e := math.Abs(iirFsum(o.got, sq)-o.sums.Sumsq) / (2 * o.sums.Peak * math.Sqrt(n*o.sums.Sumsq)); e > tol {
			t.Errorf("%s sum of squares: rms err %.3g > tol %.2g", o.name, e, tol)
		}
	}
}

// testBatchGolden runs FiltFiltBatch on 11 sweeps of the case's length (so the 4-lane kernel and its
// remainder both run): six scaled copies of x, whose outputs are SciPy's scaled (linearity), and five
// other inputs, whose outputs must equal FiltFilt's to 1e-12 of the peak (the same arithmetic in another
// order of sweeps; 1e-12 leaves room for a kernel that reassociates). Then 9 of them in place.
func testIIRBatch(t *testing.T, s SOS, c *iirCase, all []iirCase) {
	var xs, want [][]float64
	tols := []float64{}
	for _, a := range []float64{1, -0.5, 2.75, -1.3, 0.01, 1e3} {
		x, y := make([]float64, len(c.X)), make([]float64, len(c.X))
		for i := range x {
			x[i], y[i] = a*c.X[i], a*c.FF[i]
		}
		xs, want, tols = append(xs, x), append(want, y), append(tols, c.tol())
	}
	for k := 0; len(xs) < 11 && k < len(all); k++ {
		o := &all[k]
		if o.ID != c.ID && len(o.X) == len(c.X) {
			x := append([]float64(nil), o.X...)
			xs, want, tols = append(xs, x), append(want, s.FiltFilt(nil, x)), append(tols, 1e-12)
		}
	}
	dst := make([][]float64, len(xs))
	for i := range dst {
		dst[i] = make([]float64, len(c.X))
	}
	s.FiltFiltBatch(dst, xs)
	for i := range dst {
		if e := iirRelErr(dst[i], want[i]); e > tols[i] {
			t.Errorf("FiltFiltBatch row %d of %d: rel err %.3g > tol %.2g", i, len(dst), e, tols[i])
		}
	}
	in := make([][]float64, 9)
	for i := range in {
		in[i] = append([]float64(nil), xs[(i+3)%len(xs)]...)
	}
	s.FiltFiltBatch(in, in)
	for i := range in {
		j := (i + 3) % len(xs)
		if e := iirRelErr(in[i], want[j]); e > tols[j] {
			t.Errorf("FiltFiltBatch in place, row %d: rel err %.3g > tol %.2g", i, e, tols[j])
		}
	}
}

// TestGoldenSOS compares the designed sections with SciPy's. The order of sections may differ without
// changing the filter, so sections are matched by their denominators first; each coefficient must
// agree to 1e-9 of the largest coefficient of its row, except where the case's own tol is larger.
func TestIIRGoldenSections(t *testing.T) {
	for _, c := range loadIIRGolden(t) {
		switch c.Call["design"] {
		case "butterworth", "bessel", "chebyshev1":
		default:
			continue
		}
		s, err := iirDesign(&c)
		if err != nil {
			t.Errorf("%s: %v", c.ID, err)
			continue
		}
		if len(s) != len(c.SOS) {
			t.Errorf("%s: %d sections, SciPy %d", c.ID, len(s), len(c.SOS))
			continue
		}
		// Filters are compared through the total gain and the set of sections normalised to b0 = 1
		// where b0 ≠ 0 (the gain sits in the first section).
		tol := math.Max(1e-9, c.tol())
		used := make([]bool, len(s))
		for _, w := range c.SOS {
			best, bestE := -1, math.Inf(1)
			for j, g := range s {
				if used[j] {
					continue
				}
				e := 0.0
				for k := 3; k < 6; k++ {
					e = math.Max(e, math.Abs(g[k]-w[k]))
				}
				if e < bestE {
					best, bestE = j, e
				}
			}
			used[best] = true
			if bestE > tol {
				t.Errorf("%s: denominator %v unmatched (nearest off by %.3g)", c.ID, w[3:], bestE)
			}
		}
	}
}

func TestNotchGolden(t *testing.T) {
	for _, c := range loadIIRGolden(t) {
		if c.Call["design"] != "notch" {
			continue
		}
		s, err := Notch(c.Call["f0_hz"].(float64), c.Call["q"].(float64), c.Call["fs"].(float64))
		if err != nil {
			t.Fatalf("%s: %v", c.ID, err)
		}
		// The coefficients are SciPy's formula evaluated in the same order: equal to a few ulps.
		if e := iirRelErr(append(s[0][:3:3], s[0][3:]...), append(append([]float64(nil), c.B...), c.A...)); e > 1e-15 {
			t.Errorf("%s: coefficients rel err %.3g, want ≤ 1e-15 (same formula)", c.ID, e)
		}
		// filtfilt(b, a) with its odd padding of 3·max(len(a), len(b)) = 9 equals sosfiltfilt on one
		// section (padlen 3·(2+1) = 9, the same lfilter_zi).
		if e := iirRelErr(s.FiltFilt(nil, c.X), c.FFba); e > c.tol() {
			t.Errorf("%s: FiltFilt rel err %.3g > tol %.2g", c.ID, e, c.tol())
		}
	}
}

func TestDecimateGolden(t *testing.T) {
	for _, c := range loadIIRGolden(t) {
		if c.Call["design"] != "decimate" {
			continue
		}
		q := int(c.Call["q"].(float64))
		if e := iirRelErr(Decimate(nil, c.X, q), c.Y); e > c.tol() {
			t.Errorf("%s: Decimate rel err %.3g > tol %.2g", c.ID, e, c.tol())
		}
	}
}
