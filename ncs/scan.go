package ncs

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/endplate/endplate/ephys"
)

// CMAP scan: a stimulus–response curve of a few hundred graded stimuli, recorded from supramaximal
// down to subthreshold (Qtrac's MScan protocol). ScanAnalyzer measures it from the points alone —
// never from the result sections a Qtrac MEM file carries — as Qtrac and MScanFit define the measures:
//
//   - the maximal CMAP: the mean of the supramaximal responses recorded first, above the baseline (the
//     mean of the lowest-stimulus responses);
//   - S5, S50, S95: the stimulus at which the response (as recorded) reaches 5, 50, 95 % of the
//     maximal CMAP, by a rank estimate that needs no smoothing (stimulusFor);
//   - D50 (Sleutjes et al., Clin Neurophysiol 2014): sort all the scan's amplitudes, take the
//     differences between neighbours, and count how many of the largest it takes to reach half of
//     max − min;
//   - steps: gaps in the sorted amplitudes of at least StepPct of the maximal CMAP;
//   - MUNE under MScanFit's model (Bostock, Muscle Nerve 2016), see scan_mune.go.

// Defaults of ScanOptions, each with its source.
const (
	// DefaultScanBaselinePoints lowest-stimulus responses make the baseline: Qtrac's scans end with a
	// run of subthreshold stimuli; 10, 20 or 30 points give the same maximal CMAP to 0.1 % on the
	// 54 Qtrac scans of ../shared/data, so the choice is not critical.
	DefaultScanBaselinePoints = 20
	// DefaultScanStepPct is the smallest step, in % of the maximal CMAP, that counts as a step: Qtrac
	// reports no step below 2 % (its MScStepMax is 0 or ≥ 2.0 in every scan we have).
	DefaultScanStepPct = 2
	// DefaultScanRelativeSpread is a unit's relative spread of threshold, RS = σ(T)/T, as in
	// MScanFit's model (its MSFMeanRS is 2 %; Bostock 2016).
	DefaultScanRelativeSpread = 0.02
	// DefaultScanSmallestUnitPct is MScanFit's size limit: no unit smaller than 0.25 % of the
	// maximal CMAP (its MSFSizeLimit).
	DefaultScanSmallestUnitPct = 0.25
	// DefaultScanBinSpreads is the width of a MUNE bin in ln(stimulus), in units of RS: 4 spans one
	// unit's transition from 2.3 % to 97.7 % firing probability (±2 σ), the scan's resolution.
	DefaultScanBinSpreads = 4
)

// minCMAPNoise is how many times the noise of one response the maximal CMAP must exceed (5σ: a
// false CMAP from noise alone has odds below one in a million).
const minCMAPNoise = 5

// ScanOptions are the settings of a CMAP-scan analysis. The zero value means the documented
// defaults (the Default… constants).
type ScanOptions struct {
	BaselinePoints  int     // lowest-stimulus responses averaged for the baseline
	StepPct         float64 // smallest step, % of the maximal CMAP
	RelativeSpread  float64 // RS of every unit's threshold, σ(T)/T
	SmallestUnitPct float64 // smallest unit, % of the maximal CMAP
	BinSpreads      float64 // width of a MUNE bin in ln(stimulus), in units of RS
}

func (o *ScanOptions) withDefaults() ScanOptions {
	var r ScanOptions
	if o != nil {
		r = *o
	}
	if r.BaselinePoints <= 0 {
		r.BaselinePoints = DefaultScanBaselinePoints
	}
	if !(r.StepPct > 0) {
		r.StepPct = DefaultScanStepPct
	}
	if !(r.RelativeSpread > 0) {
		r.RelativeSpread = DefaultScanRelativeSpread
	}
	if !(r.SmallestUnitPct > 0) {
		r.SmallestUnitPct = DefaultScanSmallestUnitPct
	}
	if !(r.BinSpreads > 0) {
		r.BinSpreads = DefaultScanBinSpreads
	}
	return r
}

// ScanResult holds the measures of one CMAP scan. Stimuli are in mA, amplitudes in mV unless the name
// says otherwise. A measure the scan cannot give is NaN.
type ScanResult struct {
	Points      int     // scan points
	Supramax    int     // supramaximal responses averaged for the maximal CMAP
	BaselineMV  float64 // mean of the lowest-stimulus responses
	MaxCMAPMV   float64 // maximal CMAP above the baseline (Qtrac's MScPeak)
	S5MA        float64 // stimulus for 5 % of the maximal CMAP
	S50MA       float64 // stimulus for 50 %
	S95MA       float64 // stimulus for 95 %
	D50         int     // largest amplitude steps making up half of max − min
	Steps       int     // steps of at least StepPct of the maximal CMAP
	StepsPct    float64 // their sum, % of the maximal CMAP
	StepMaxPct  float64 // the largest, % of the maximal CMAP (0 without steps)
	NoiseMV     float64 // rms noise of a response, from the baseline responses
	MUNE        int     // motor units (MScanFit's model); 0 when it cannot be estimated
	MUNEExact   float64 // the estimate before rounding to a whole unit
	MeanUnitUV  float64 // mean unit amplitude, µV: MaxCMAPMV / MUNE (MScanFit's MSFMeanUnitAmp)
	SizeLimitUV float64 // smallest unit allowed, µV
}

// ScanAnalyzer measures CMAP scans. It owns its scratch, so analysing many scans allocates nothing
// in steady state; it is not safe for concurrent use (one per goroutine).
type ScanAnalyzer struct {
	opt ScanOptions
	// scratch, sorted by stimulus
	keys []scanKey
	ord  []int
	s, y []float64
	amp  []float64
	gaps []float64
	mune muneScratch
}

// scanKey orders the points by stimulus, then in the order recorded.
type scanKey struct {
	s float64
	i int
}

// NewScanAnalyzer returns an analyzer with the given options (nil: defaults).
func NewScanAnalyzer(opt *ScanOptions) *ScanAnalyzer {
	return &ScanAnalyzer{opt: opt.withDefaults()}
}

// AnalyzeScan measures the CMAP scan of r (a Qtrac MEM recording). It is the file-level analysis
// behind `endplate cmapscan`; errors name the file.
func AnalyzeScan(r *ephys.Recording, opt *ScanOptions) (ScanResult, error) {
	if r.Scan == nil {
		in := ""
		if r.Format != "" {
			in = " in this " + string(r.Format) + " file"
		}
		return ScanResult{}, fmt.Errorf("%s: not a CMAP scan (no stimulus–response points%s)", r.Path, in)
	}
	res, err := NewScanAnalyzer(opt).Analyze(r.Scan.Points)
	if err != nil {
		return res, fmt.Errorf("%s: %w", r.Path, err)
	}
	return res, nil
}

// ScanFile opens path and measures its CMAP scan (see AnalyzeScan), like
// CMAPFile, FWaveFile and RNSFile for the other measures: the one call
// behind `endplate cmapscan`. Errors name the file.
func ScanFile(path string, opt *ScanOptions) (ScanResult, error) {
	r, err := ephys.Open(path)
	if err != nil {
		return ScanResult{}, err
	}
	defer r.Close()
	return AnalyzeScan(r, opt)
}

// Analyze measures a CMAP scan from its points in the order recorded. A scan too short to have a
// baseline and a rise, a non-positive or non-finite stimulus, or no response above the baseline is an
// error.
func (a *ScanAnalyzer) Analyze(pts []ephys.ScanPoint) (ScanResult, error) {
	o := a.opt
	n := len(pts)
	res := ScanResult{Points: n}
	if need := 2*o.BaselinePoints + 2; n < need {
		return res, fmt.Errorf("CMAP scan of %d points; at least %d are needed (%d baseline responses, a rise and the supramaximal ones)",
			n, need, o.BaselinePoints)
	}
	for _, p := range pts {
		if !(p.StimulusMA > 0) || math.IsInf(p.StimulusMA, 0) || math.IsNaN(p.ResponseMV) || math.IsInf(p.ResponseMV, 0) {
			return res, fmt.Errorf("scan point MS.%d: stimulus %g mA, response %g mV: stimuli must be positive and values finite",
				p.Index, p.StimulusMA, p.ResponseMV)
		}
	}

	// Points sorted by stimulus, ascending; among equal stimuli in the order recorded.
	// (A scan is recorded from high to low stimulus: keys built from the end are nearly sorted
	// already, which pdqsort notices.)
	a.keys = a.keys[:0]
	for i := n - 1; i >= 0; i-- {
		a.keys = append(a.keys, scanKey{pts[i].StimulusMA, i})
	}
	slices.SortFunc(a.keys, func(p, q scanKey) int {
		if c := cmp.Compare(p.s, q.s); c != 0 {
			return c
		}
		return cmp.Compare(p.i, q.i)
	})
	a.ord = scanGrowInts(a.ord, n)
	a.s, a.y = grow(a.s, n), grow(a.y, n)
	for k, key := range a.keys {
		a.ord[k] = key.i
		a.s[k], a.y[k] = key.s, pts[key.i].ResponseMV
	}

	// Baseline: the lowest-stimulus responses. Maximal CMAP: the supramaximal responses recorded first
	// (the leading run at the scan's highest stimulus), or every response at the highest stimulus when
	// the scan does not start there.
	nb := o.BaselinePoints
	res.BaselineMV = scanMean(a.y[:nb])
	top := a.s[n-1]
	sum, cnt := 0.0, 0
	if pts[0].StimulusMA == top {
		for _, p := range pts {
			if p.StimulusMA != top {
				break
			}
			sum += p.ResponseMV
			cnt++
		}
	} else {
		for k := n - 1; k >= 0 && a.s[k] == top; k-- {
			sum += a.y[k]
			cnt++
		}
	}
	res.Supramax = cnt
	res.MaxCMAPMV = sum/float64(cnt) - res.BaselineMV
	res.NoiseMV = baselineNoise(pts, a.ord[:nb], &a.mune)
	// A CMAP a single stimulus can tell from the noise: more than minCMAPNoise times the noise of one
	// response above the baseline.
	if !(res.MaxCMAPMV > minCMAPNoise*res.NoiseMV) {
		return res, fmt.Errorf("no CMAP: the supramaximal responses (%.4g mV) are not above the baseline (%.4g mV) by %g × its noise (%.3g mV rms)",
			sum/float64(cnt), res.BaselineMV, float64(minCMAPNoise), res.NoiseMV)
	}

	res.S5MA = stimulusFor(a.s, a.y, 0.05*res.MaxCMAPMV)
	res.S50MA = stimulusFor(a.s, a.y, 0.50*res.MaxCMAPMV)
	res.S95MA = stimulusFor(a.s, a.y, 0.95*res.MaxCMAPMV)

	// D50 and steps from the sorted amplitudes.
	a.amp = grow(a.amp, n)
	copy(a.amp, a.y)
	slices.Sort(a.amp)
	a.gaps = grow(a.gaps, n-1)
	a.gaps = sortedGaps(a.gaps, a.amp)
	res.D50 = d50(a.gaps, a.amp[n-1]-a.amp[0])
	limit := o.StepPct / 100 * res.MaxCMAPMV
	for _, g := range a.gaps { // descending
		if g < limit {
			break
		}
		pct := 100 * g / res.MaxCMAPMV
		res.Steps++
		res.StepsPct += pct
		res.StepMaxPct = max(res.StepMaxPct, pct)
	}

	res.SizeLimitUV = 1000 * o.SmallestUnitPct / 100 * res.MaxCMAPMV
	res.MUNEExact = estimateUnits(a.s, a.y, res.MaxCMAPMV, res.NoiseMV, o, &a.mune)
	res.MeanUnitUV = math.NaN()
	if res.MUNEExact > 0 && !math.IsInf(res.MUNEExact, 0) {
		res.MUNE = max(1, int(math.Round(res.MUNEExact)))
		res.MeanUnitUV = 1000 * res.MaxCMAPMV / float64(res.MUNE)
	}
	return res, nil
}

// stimulusFor returns the stimulus at which the response reaches level, from points sorted by
// stimulus (s ascending). On a noise-free monotone curve exactly the m responses below the level
// would be the m lowest-stimulus ones; with scatter the estimate is the boundary between the m-th and
// (m+1)-th stimulus — where as many responses at or above the level lie below it as responses under
// the level lie above it. It needs no smoothing width, and scatter from alternating units, symmetric
// about the curve, cancels. Responses are compared as recorded (Qtrac: the response that reaches
// q × the maximal CMAP).
func stimulusFor(s, y []float64, level float64) float64 {
	m := 0
	for _, v := range y {
		if v < level {
			m++
		}
	}
	switch {
	case m == 0:
		return s[0]
	case m == len(s):
		return s[len(s)-1]
	}
	return (s[m-1] + s[m]) / 2
}

// sortedGaps returns in dst the differences between neighbours of the sorted amplitudes amp
// (ascending), in descending order; dst has len(amp)−1 elements (nil allocates, a wrong length panics).
// dst must not alias amp.
func sortedGaps(dst, amp []float64) []float64 {
	n := len(amp) - 1
	if n < 0 {
		n = 0
	}
	if dst == nil {
		dst = make([]float64, n)
	}
	if len(dst) != n {
		panic("ncs: dst length mismatch")
	}
	for i := range dst {
		dst[i] = amp[i+1] - amp[i]
	}
	slices.Sort(dst)
	slices.Reverse(dst)
	return dst
}

// D50 is the number of the largest steps between neighbouring sorted amplitudes that it takes to
// reach half of the scan's range max − min (Sleutjes et al. 2014; Qtrac's MScD50). 0 when the
// amplitudes are all equal.
func D50(amp []float64) int {
	x := slices.Clone(amp)
	slices.Sort(x)
	if len(x) < 2 {
		return 0
	}
	return d50(sortedGaps(nil, x), x[len(x)-1]-x[0])
}

// d50 counts the descending gaps it takes to reach half of span. The sum of all gaps is span itself;
// the comparison allows for its rounding (amplitudes are printed to 1 µV, and a sum that equals half
// of span in decimal must count as reaching it).
func d50(gaps []float64, span float64) int {
	if !(span > 0) {
		return 0
	}
	half := span / 2 * (1 - 1e-12)
	acc := 0.0
	for k, g := range gaps {
		acc += g
		if acc >= half {
			return k + 1
		}
	}
	return len(gaps)
}

func scanMean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

func scanGrowInts(b []int, n int) []int {
	if cap(b) < n {
		return make([]int, n)
	}
	return b[:n]
}
