package lanes_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/endplate/endplate/filters"
)

// TestFiltersLongChannel holds package filters' Filter and FiltFilt on a channel long enough for the
// block-parallel path (300 k samples) against the scalar recursion written out here, to 1e-12 of the
// peak: the segments' results differ from the serial recursion only by the rounding of the added
// zero-input responses and what is left of them when they stop (below 2⁻⁶⁰ of the output).
func TestFiltersLongChannel(t *testing.T) {
	s, err := filters.Butterworth(4, filters.Bandpass, 20000, 10, 5000)
	if err != nil {
		t.Fatal(err)
	}
	const n = 300_000
	rng := rand.New(rand.NewPCG(1, 2))
	x := make([]float64, n)
	for i := range x {
		x[i] = rng.NormFloat64() + 0.5*math.Sin(float64(i)/300) + 0.3
	}
	run := func(v []float64, z [][2]float64) {
		for i, u := range v {
			for k := range s {
				c := &s[k]
				y := c[0]*u + z[k][0]
				z[k][0] = c[1]*u - c[4]*y + z[k][1]
				z[k][1] = c[2]*u - c[5]*y
				u = y
			}
			v[i] = u
		}
	}
	want := append([]float64(nil), x...)
	run(want, make([][2]float64, len(s)))
	d := dev(s.Filter(nil, x), want)
	t.Logf("Filter: deviation %.3g of the peak", d)
	if d > 1e-12 {
		t.Errorf("Filter: deviation %.3g of the peak", d)
	}
	pad := s.PadLen()
	ext := make([]float64, 0, n+2*pad)
	for i := pad; i >= 1; i-- {
		ext = append(ext, 2*x[0]-x[i])
	}
	ext = append(ext, x...)
	for i := 1; i <= pad; i++ {
		ext = append(ext, 2*x[n-1]-x[n-1-i])
	}
	zi := s.ZI(nil)
	for range 2 {
		z := make([][2]float64, len(s))
		for k := range z {
			z[k] = [2]float64{zi[k][0] * ext[0], zi[k][1] * ext[0]}
		}
		run(ext, z)
		for i, j := 0, len(ext)-1; i < j; i, j = i+1, j-1 {
			ext[i], ext[j] = ext[j], ext[i]
		}
	}
	d = dev(s.FiltFilt(nil, x), ext[pad:pad+n])
	t.Logf("FiltFilt: deviation %.3g of the peak", d)
	if d > 1e-12 {
		t.Errorf("FiltFilt: deviation %.3g of the peak", d)
	}
}

func dev(got, want []float64) float64 {
	peak, d := 0.0, 0.0
	for i := range want {
		peak = max(peak, math.Abs(want[i]))
		d = max(d, math.Abs(got[i]-want[i]))
	}
	return d / peak
}
