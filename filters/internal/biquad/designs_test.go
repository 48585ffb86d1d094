package biquad

import (
	"math"
	"math/rand/v2"
	"testing"
)

// designs are SciPy 1.10.1 designs at fs = 20 kHz (signal.butter / cheby1 / bessel with output='sos'),
// copied digit for digit, and a 7-section cascade that makes the kernels run in two groups.
var designs = map[string][][6]float64{
	"butter4bp": { // butter(4, [10, 5000], 'bandpass'): the perf issue's filter
		{0.09339162972178305, 0.1867832594435661, 0.09339162972178305, 1.0, -0.002793146973393903, 0.039799467670131615},
		{1.0, 2.0, 1.0, 1.0, -0.0006627149354306071, 0.44753707524402125},
		{1.0, -2.0, 1.0, 1.0, -1.994189168346316, 0.9941990623287553},
		{1.0, -2.0, 1.0, 1.0, -1.9975938903976775, 0.9976037571993163},
	},
	"butter8lp": { // butter(8, 1000)
		{1.7625537291912843e-07, 3.5251074583825687e-07, 1.7625537291912843e-07, 1.0, -1.4597062543768673, 0.5348259849616107},
		{1.0, 2.0, 1.0, 1.0, -1.5132907658389045, 0.5911680745682053},
		{1.0, 2.0, 1.0, 1.0, -1.6234056976410005, 0.7069497656826822},
		{1.0, 2.0, 1.0, 1.0, -1.7939618452517712, 0.8862831120070135},
	},
	"cheby1_6hp": { // cheby1(6, 0.5, 300, 'highpass')
		{0.7585584688167488, -1.5171169376334976, 0.7585584688167488, 1.0, -1.6592881734964653, 0.7069730731606069},
		{1.0, -2.0, 1.0, 1.0, -1.9201074868773076, 0.9346373567638294},
		{1.0, -2.0, 1.0, 1.0, -1.977199282437431, 0.9858144912262632},
	},
	"bessel3lp": { // bessel(3, 2000): a first-order section (b2 = a2 = 0)
		{0.016450876442181975, 0.03290175288436395, 0.016450876442181975, 1.0, -0.5314587728841786, 0.0},
		{1.0, 1.0, 0.0, 1.0, -1.1121658628876692, 0.39305258943590327},
	},
}

func init() {
	designs["seven"] = append(append([][6]float64(nil), designs["butter4bp"]...), designs["cheby1_6hp"]...)
	rng := rand.New(rand.NewPCG(7, 8))
	designs["random5"] = randomSOS(rng, 5)
	designs["random1"] = randomSOS(rng, 1)
}

// randomSOS draws stable sections: conjugate pole pairs of radius 0.3–0.995 and zeros on or inside the
// unit circle, with gains of either sign.
func randomSOS(rng *rand.Rand, n int) [][6]float64 {
	s := make([][6]float64, n)
	for k := range s {
		rp, tp := 0.3+0.695*rng.Float64(), math.Pi*rng.Float64()
		rz, tz := rng.Float64(), math.Pi*rng.Float64()
		g := 0.1 + rng.Float64()
		if rng.IntN(2) == 0 {
			g = -g
		}
		s[k] = [6]float64{g, -2 * g * rz * math.Cos(tz), g * rz * rz, 1, -2 * rp * math.Cos(tp), rp * rp}
	}
	return s
}

// ziOf returns the steady states of sos (ZI).
func ziOf(sos [][6]float64) [][2]float64 {
	zi := make([][2]float64, len(sos))
	ZI(sos, zi)
	return zi
}

// testCascade returns a Cascade for sos with the kernel k of w lanes (and the row kernels rows, for
// w = 16) for batches and long channels alike, segments of at least minSeg samples and SciPy's
// padding.
func testCascade(t testing.TB, sos [][6]float64, w int, k kernel, rows *rowKernels, minSeg int) *Cascade {
	c, err := New(sos, PadLen(sos))
	if err != nil {
		t.Fatal(err)
	}
	c.planned = true
	c.batch = newVecPlan(sos, w, k)
	c.batch.rows = rows
	c.seg = c.batch
	c.minSeg = minSeg
	return c
}

// signal is a test input: a random walk (strong low frequencies, like a drifting baseline) plus white
// noise and an offset, different for every seed.
func signal(seed uint64, n int) []float64 {
	rng := rand.New(rand.NewPCG(seed, 99))
	x := make([]float64, n)
	walk := rng.NormFloat64()
	for i := range x {
		walk += 0.05 * rng.NormFloat64()
		x[i] = walk + rng.NormFloat64() + 0.3
	}
	return x
}

// maxDev is the largest |got − want| relative to the largest |want| (1 when want is all zeros).
func maxDev(got, want []float64) float64 {
	return maxDevFloor(got, want, nil)
}

// maxDevFloor is maxDev with the peak taken at least that of in, the input: roundings in the recursion
// are relative to its intermediates, which include the input, so an output that cancels (a high-pass
// from its steady state) is compared at the input's scale.
func maxDevFloor(got, want, in []float64) float64 {
	peak, dev := 0.0, 0.0
	for _, v := range in {
		peak = max(peak, math.Abs(v))
	}
	for i := range want {
		peak = max(peak, math.Abs(want[i]))
		dev = max(dev, math.Abs(got[i]-want[i]))
	}
	if peak == 0 {
		peak = 1
	}
	return dev / peak
}
