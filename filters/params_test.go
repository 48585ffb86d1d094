package filters

import (
	"errors"
	"math"
	"runtime"
	"strconv"
	"testing"
)

// Caller parameters that used to crash, hang or return garbage (issue 16): each now either works in
// bounded time and memory or is refused clearly.

// allocated returns the bytes f allocates on the heap.
func allocated(f func()) uint64 {
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	f()
	runtime.ReadMemStats(&m1)
	return m1.TotalAlloc - m0.TotalAlloc
}

func wantDesignError(t *testing.T, name string, err error) {
	t.Helper()
	var de *DesignError
	if !errors.As(err, &de) {
		t.Errorf("%s: error %v, want a *DesignError", name, err)
	}
}

// TestSavGolLongWindow: a 10001-sample window used to build a window×window identity (800 MB). Now
// design and filter take O(window·polyorder): 9.6 MB here, bounded at 16 MB — V, its QR and the
// fit (window×4 each, 320 KB), and the FFT convolution's blocks of 2¹⁷ points (1–2 MB each). A cubic passes a cubic fit unchanged, edges
// included, to the rounding of the fit: V's condition number is below 10² for order 3, and the data
// reach 10³, so 1e-9 of the peak leaves a wide margin.
func TestSavGolLongWindow(t *testing.T) {
	const n, window = 20000, 10001
	x := make([]float64, n)
	for i := range x {
		u := float64(i)/n - 0.3
		x[i] = 1000 * (u*u*u - 0.5*u + 0.1)
	}
	var y []float64
	if b := allocated(func() { y = SavGol(nil, x, window, 3, 0, 1) }); b > 16<<20 {
		t.Errorf("SavGol window %d allocated %d bytes", window, b)
	}
	if e := peakRelErr(y, x); e > 1e-9 {
		t.Errorf("a cubic through a cubic fit: deviation %.3g of the peak", e)
	}
	if !panics(func() { NewSavGolFilter(101, MaxSavGolOrder+1, 0, 1) }) {
		t.Error("polyorder above MaxSavGolOrder: no panic")
	}
}

func TestNotchCombTooMany(t *testing.T) {
	_, err := NotchComb(1e-6, 30, 1000, 0) // 5·10⁸ harmonics below Nyquist
	wantDesignError(t, "NotchComb(1e-6 Hz)", err)
	_, err = NotchComb(1e-300, 30, 1000, 0) // a count beyond int
	wantDesignError(t, "NotchComb(1e-300 Hz)", err)
	s, err := NotchComb(1e-6, 30, 1000, 5) // a few of them are fine
	if err != nil || len(s) != 5 {
		t.Errorf("NotchComb(1e-6 Hz, 5 harmonics): %d sections, %v", len(s), err)
	}
	_, err = NotchComb(1, 30, 2*(MaxCombSections+1)+0.5, 0) // exactly MaxCombSections + 1 below Nyquist
	wantDesignError(t, "NotchComb(MaxCombSections+1)", err)
	s, err = NotchComb(1, 30, 2*MaxCombSections+1.5, 0)
	if err != nil || len(s) != MaxCombSections {
		t.Errorf("NotchComb(MaxCombSections harmonics): %d sections, %v", len(s), err)
	}
}

// TestMovingAverageHugeWindow: a window of math.MaxInt samples used to loop over every one of them.
// Over whole periods of the reflected signal the mean is mean(x); what the window holds beyond them
// (fewer than 2·len(x) samples, each at most the peak) moves it by less than 2·len(x)·peak/n: 2e-13
// of the peak with a 64-bit int, 1e-6 with a 32-bit one.
func TestMovingAverageHugeWindow(t *testing.T) {
	x := benchInput(1000)
	var mean, peak float64
	for _, v := range x {
		mean += v / float64(len(x))
		peak = max(peak, math.Abs(v))
	}
	n := math.MaxInt
	tol := 2 * float64(len(x)) * peak / float64(n)
	y := MovingAverage(nil, x, n)
	for i, v := range y {
		if math.Abs(v-mean) > tol {
			t.Fatalf("y[%d] = %.15g, want the mean %.15g (±%.3g)", i, v, mean, tol)
		}
	}
	// Windows of a few periods against fresh sums (TestMovingAverage covers up to 300 samples). The
	// fresh sums are plain: up to 10⁴ terms lose up to 10⁴·2⁻⁵³ ≈ 1e-12 of the peak, ours far less.
	for _, n := range []int{2001, 2002, 4000, 4001, 9999} {
		if e := peakRelErr(MovingAverage(nil, x, n), movingAverageNaive(x, n)); e > 1e-12 {
			t.Errorf("n=%d: rel err %.3g", n, e)
		}
	}
}

// TestGaussianWideKernel: σ = 10⁶ on 1000 samples used to build an 8·10⁶-weight kernel and a padded
// copy as long; folded onto the period of the reflected signal it takes O(len(x)) memory. With σ a
// thousand periods wide the folded kernel is flat to the Gaussian's truncation at 4σ (e⁻⁸·p/σ ≈ 7e-7
// of a weight), so the output is the mean to 1e-5 of the peak. σ above MaxGaussianSigma panics.
func TestGaussianWideKernel(t *testing.T) {
	x := benchInput(1000)
	var mean, peak float64
	for _, v := range x {
		mean += v / float64(len(x))
		peak = max(peak, math.Abs(v))
	}
	var y []float64
	if b := allocated(func() { y = Gaussian(nil, x, 1e6) }); b > 1<<20 {
		t.Errorf("Gaussian σ=1e6 on %d samples allocated %d bytes", len(x), b)
	}
	for i, v := range y {
		if math.Abs(v-mean) > 1e-5*peak {
			t.Fatalf("y[%d] = %.15g, want about the mean %.15g", i, v, mean)
		}
	}
	// Kernels a few periods long against the naive sum over reflected indices (1e-13 as TestGaussian).
	for _, sigma := range []float64{3, 10, 40} {
		xs := x[:7]
		if e := peakRelErr(Gaussian(nil, xs, sigma), gaussianNaive(xs, sigma)); e > 1e-13 {
			t.Errorf("σ=%v on 7 samples: rel err %.3g", sigma, e)
		}
	}
	for _, s := range []float64{1e7, math.Inf(1), math.NaN(), -1} {
		if !panics(func() { Gaussian(nil, x, s) }) || !panics(func() { GaussianKernel(s) }) {
			t.Errorf("σ=%v: no panic", s)
		}
	}
}

// TestFIRWinTooManyTaps: 2³⁰ taps used to be designed (8 GB); above MaxFIRTaps is a DesignError, and
// filtering with the longest filter takes bounded scratch: 30 MB measured for 200,000 samples (FFT
// blocks of 2¹⁹ points, their spectra and the taps' spectrum, input and output), bounded at 48 MB.
func TestFIRWinTooManyTaps(t *testing.T) {
	_, err := FIRWin(1<<30, Lowpass, Hamming, 1000, 100)
	wantDesignError(t, "FIRWin(2³⁰ taps)", err)
	_, err = FIRWin(MaxFIRTaps+2, Lowpass, Hamming, 1000, 100)
	wantDesignError(t, "FIRWin(MaxFIRTaps+2 taps)", err)
	h, err := FIRWin(MaxFIRTaps-1, Lowpass, Hamming, 20000, 100)
	if err != nil {
		t.Fatal(err)
	}
	x := benchInput(200_000)
	if b := allocated(func() { NewFIR(h).Filter(nil, x) }); b > 48<<20 {
		t.Errorf("filtering with %d taps allocated %d bytes", len(h), b)
	}
}

// TestMedianHugeWindow: n = 2⁶² used to allocate its window. From 2·len(x) on every window is mostly
// zeros: the median is 0 (medianNaive agrees on either side of that length).
func TestMedianHugeWindow(t *testing.T) {
	x := benchInput(50)
	for i := range x {
		x[i] += 10 // all positive: zeros are the majority only from the outside
	}
	for _, n := range []int{97, 99, 101, 103} {
		want := medianNaive(nil, x, n)
		if e := peakRelErr(Median(nil, x, n), want); e != 0 {
			t.Errorf("n=%d: differs from medianNaive by %.3g", n, e)
		}
	}
	huge := math.MaxInt // odd
	if b := allocated(func() { Median(nil, x, huge) }); b > 1024 {
		t.Errorf("n=MaxInt allocated %d bytes", b)
	}
	for i, v := range Median(nil, x, huge) {
		if v != 0 {
			t.Fatalf("n=MaxInt: y[%d] = %v, want 0", i, v)
		}
	}
}

// TestButterworthNearZero: at fc/fs = 1e-9 the poles round onto the unit circle and filtering gave
// NaN (SciPy raises); between 1e-9 and 1e-7 the design is silently wrong (a constant came out 6 %
// too high at 1e-8, in SciPy too). Both are refused; at 1e-6 the design holds a constant to 1e-5.
func TestButterworthNearZero(t *testing.T) {
	for _, f := range []float64{1e-9, 1e-8, 1e-7} {
		_, err := Butterworth(4, Lowpass, 1, f)
		wantDesignError(t, "Butterworth fc/fs = "+formatG(f), err)
		_, err = Butterworth(4, Highpass, 1, 0.5-f)
		wantDesignError(t, "Butterworth high-pass near Nyquist", err)
	}
	s, err := Butterworth(4, Lowpass, 1, 1e-6)
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float64, 100)
	for i := range x {
		x[i] = 1
	}
	for i, v := range s.FiltFilt(nil, x) {
		if math.Abs(v-1) > 1e-5 {
			t.Fatalf("fc/fs = 1e-6: y[%d] = %.15g, want 1", i, v)
		}
	}
}

func formatG(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// TestDecimateLongFactor: q ≥ len(x) gives one sample, finite; the largest factor still designs its
// filter; beyond MaxDecimation it panics (the filter's poles would round onto z = 1).
func TestDecimateLongFactor(t *testing.T) {
	x := benchInput(100)
	for _, q := range []int{100, 101, 1000, MaxDecimation} {
		y := Decimate(nil, x, q)
		if len(y) != 1 || math.IsNaN(y[0]) || math.IsInf(y[0], 0) {
			t.Errorf("q=%d: %v", q, y)
		}
	}
	if !panics(func() { Decimate(nil, x, MaxDecimation+1) }) {
		t.Error("q above MaxDecimation: no panic")
	}
}
