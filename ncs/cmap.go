package ncs

import (
	"errors"
	"fmt"
	"math"

	"github.com/endplate/endplate/ephys"
	"github.com/endplate/endplate/internal/order"
)

// CMAP holds the measures of one compound muscle action potential. Times are in seconds from the
// stimulus; amplitudes in the trace's unit (Unit), areas in Unit·s. A measure that cannot be made is
// NaN.
type CMAP struct {
	Unit string

	OnsetLatency   float64 // first deflection: the noise-free CMAP leaves baseline by OnsetFraction of Amplitude
	NegPeakLatency float64 // time of the negative peak (local fit)
	Amplitude      float64 // baseline to negative peak, a positive magnitude (local fit)
	PosPeakLatency float64 // time of the positive peak after the negative one
	PeakToPeak     float64 // negative peak to positive peak
	NegEnd         float64 // where the negative phase returns to baseline
	NegDuration    float64 // NegEnd − OnsetLatency
	NegArea        float64 // area of the negative phase, onset to NegEnd, a positive magnitude (Unit·s)
	End            float64 // where the positive phase has returned to within OnsetFraction of Amplitude
	TotalDuration  float64 // End − OnsetLatency
	TotalArea      float64 // ∫|CMAP| from onset to End (Unit·s)

	// Clipped: the negative peak is a run of ClipRun or more equal samples at the sweep's extreme, the
	// amplifier or converter saturated; Amplitude, PeakToPeak and the areas are then lower bounds.
	Clipped bool

	ArtifactEnd float64  // end of the blanked stimulus artifact
	Inverted    bool     // whether the samples were sign-flipped (Polarity)
	Baseline    Baseline // the baseline model the measures are taken from
}

// ErrNoResponse is returned (wrapped) when a sweep holds no CMAP that can be measured.
var ErrNoResponse = errors.New("ncs: no response")

// Analyzer measures CMAPs. It keeps its options and scratch space between calls, so measuring a
// train of sweeps allocates nothing after the first sweep of the longest length. An Analyzer must not
// be used by several goroutines at once; make one per goroutine.
type Analyzer struct {
	opt Options
	bf  baselineFitter
	z   []float64 // baseline-subtracted, polarity-corrected sweep
	s   []float64 // scratch for robust statistics

	// exclude is a range of samples kept out of the baseline fit (a late potential in the tail).
	exclude span
}

// NewAnalyzer returns an Analyzer with the given options (nil: defaults).
func NewAnalyzer(opt *Options) *Analyzer {
	return &Analyzer{opt: opt.withDefaults()}
}

// Options returns the options the Analyzer uses, defaults filled in.
func (a *Analyzer) Options() Options { return a.opt }

// MeasureCMAP measures one CMAP with the given options (nil: defaults). For many sweeps use an
// Analyzer. The trace's time zero must be the stimulus (ephys sets it from the file; see
// Stimulus and SetStimulus otherwise).
func MeasureCMAP(tr ephys.Trace, opt *Options) (CMAP, error) {
	return NewAnalyzer(opt).CMAP(tr)
}

// sweepFrame is what the first stage of an analysis finds in a sweep: where the stimulus, the
// artifact and the search windows lie, as sample indices, and the corrected samples.
type sweepFrame struct {
	dt, t0   float64
	iStim    int // first sample at or after the stimulus
	preEnd   int // end of the pre-stimulus baseline window
	artEnd   int // first sample after the artifact
	baseline Baseline
	z        []float64
	inverted bool
}

func (f *sweepFrame) time(i float64) float64 { return f.t0 + i*f.dt }

// CMAP measures the CMAP of one sweep whose time zero is the stimulus.
func (a *Analyzer) CMAP(tr ephys.Trace) (CMAP, error) {
	fr, err := a.frame(tr)
	if err != nil {
		return nanCMAP(tr.Unit), err
	}
	c, err := a.measure(&fr, tr.Unit)
	c.Clipped = err == nil && isClipped(tr, c)
	return c, err
}

// ClipRun is the shortest run of equal samples at a sweep's extreme taken as saturation: noise of
// even a few converter steps makes three equal samples in a row at a CMAP's peak unlikely, while a
// saturated amplifier or converter holds its limit for as long as the signal exceeds it.
const ClipRun = 3

// isClipped reports whether the negative peak of c, measured on tr, sits in a run of at least
// ClipRun equal raw samples that is the sweep's extreme on the peak's side.
func isClipped(tr ephys.Trace, c CMAP) bool {
	x := tr.Data
	m := int(math.Round((c.NegPeakLatency - tr.Start) * tr.Rate))
	if m < 0 || m >= len(x) {
		return false
	}
	// The raw sample nearest the refined peak may be beside the run; take the extreme within a sample.
	sign := 1.0
	if c.Inverted {
		sign = -1
	}
	for _, j := range []int{m - 1, m + 1} {
		if j >= 0 && j < len(x) && sign*x[j] < sign*x[m] {
			m = j
		}
	}
	for _, v := range x {
		if sign*v < sign*x[m] {
			return false
		}
	}
	lo, hi := m, m
	for lo > 0 && x[lo-1] == x[m] {
		lo--
	}
	for hi+1 < len(x) && x[hi+1] == x[m] {
		hi++
	}
	return hi-lo+1 >= ClipRun
}

func nanCMAP(unit string) CMAP {
	n := math.NaN()
	return CMAP{Unit: unit, OnsetLatency: n, NegPeakLatency: n, Amplitude: n, PosPeakLatency: n,
		PeakToPeak: n, NegEnd: n, NegDuration: n, NegArea: n, End: n, TotalDuration: n, TotalArea: n,
		ArtifactEnd: n}
}

// frame finds the stimulus artifact, fits the baseline and leaves the corrected sweep in a.z.
func (a *Analyzer) frame(tr ephys.Trace) (sweepFrame, error) {
	x := tr.Data
	n := len(x)
	if !(tr.Rate > 0) || math.IsInf(tr.Rate, 0) {
		return sweepFrame{}, fmt.Errorf("ncs: sample rate %v", tr.Rate)
	}
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return sweepFrame{}, errors.New("ncs: the sweep holds NaN or infinite samples")
		}
	}
	fr := sweepFrame{dt: 1 / tr.Rate, t0: tr.Start}
	if n < 16 {
		return fr, fmt.Errorf("%w: the sweep has only %d samples", ErrNoResponse, n)
	}
	fr.iStim = min(max(int(math.Ceil(-tr.Start*tr.Rate-1e-9)), 0), n)
	a.s = grow(a.s, n)
	a.z = grow(a.z, n)

	// The pre-stimulus window ends where the artifact begins: some stimulators' artifact starts before
	// the marked time (the first phase of a biphasic pulse).
	fr.preEnd = a.artifactStart(x, fr.iStim)

	// Provisional artifact end and negative peak on the raw sweep, to place the late-tail window.
	sign := 1.0
	if a.opt.Polarity == Inverted {
		sign = -1
		fr.inverted = true
	}
	lvl := 0.0
	if fr.preEnd > 0 {
		copy(a.s, x[:fr.preEnd])
		lvl = order.Median(a.s[:fr.preEnd])
	} else {
		copy(a.s, x)
		lvl = order.Median(a.s[:n])
	}
	for i, v := range x {
		a.z[i] = sign * (v - lvl)
	}
	noise := diffSD(x[:max(fr.preEnd, min(n, 64))], a.s)
	artEnd := a.artifactEnd(a.z, fr.iStim, noise, fr.dt)
	if a.opt.Polarity == AutoPolarity {
		lo, hi := extremes(a.z[artEnd:])
		if hi > -lo {
			fr.inverted = true
			sign = -1
			for i := range a.z {
				a.z[i] = -a.z[i]
			}
		}
	}
	pk := argmin(a.z[artEnd:]) + artEnd

	// Baseline: pre-stimulus samples and the end of the sweep, the response gone.
	tailStart := max(n-int(a.opt.TailS*tr.Rate), pk+int(a.opt.TailAfterPeakS*tr.Rate))
	spans := [3]span{{0, fr.preEnd}, {min(tailStart, n), n}, {}}
	if ex := a.exclude; ex.len() > 0 && ex.hi > spans[1].lo && ex.lo < n {
		// A late potential (an F-wave) in the tail: the tail is what lies outside it.
		spans[1], spans[2] = span{spans[1].lo, min(ex.lo, n)}, span{max(ex.hi, spans[1].lo), n}
	}
	b, ok := a.bf.fit(x, tr.Start, fr.dt, spans[:], a.opt.mains(), a.opt.MainsHz > 0)
	if !ok {
		// Too short for the model: the level before the stimulus, else the sweep's median (a sweep
		// without pre-stimulus samples and tail cannot do better).
		b = Baseline{Offset: lvl, NoiseSD: noise}
	}
	if b.NoiseSD <= 0 {
		b.NoiseSD = noise
	}
	fr.baseline = b
	b.Subtract(a.z, x, tr.Start, fr.dt)
	if sign < 0 {
		for i := range a.z {
			a.z[i] = -a.z[i]
		}
	}
	if a.opt.ArtifactS > 0 {
		fr.artEnd = min(fr.iStim+int(math.Ceil(a.opt.ArtifactS*tr.Rate)), n)
	} else {
		fr.artEnd = a.artifactEnd(a.z, fr.iStim, fr.baseline.NoiseSD, fr.dt)
		if responseUnderWay(a.z, fr.iStim, fr.artEnd, fr.dt) {
			return fr, fmt.Errorf("%w: the sweep is already far from baseline at the stimulus (%.2f ms after the sweep's first sample) without an artifact's jump: a response under way, is the stimulus placed inside it?",
				ErrNoResponse, -tr.Start*1e3)
		}
		if e, ok := a.restore(a.z, fr.iStim, fr.artEnd, fr.baseline.NoiseSD); ok {
			fr.artEnd = e
		}
	}
	fr.z = a.z
	return fr, nil
}

// artifactStart returns the end of the pre-stimulus baseline window: the first sample of the
// artifact's leading edge in the last millisecond before the stimulus, less a guard of two samples.
func (a *Analyzer) artifactStart(x []float64, iStim int) int {
	if iStim < 8 {
		return 0
	}
	// Level and noise from the first half of the pre-stimulus samples.
	h := max(iStim/2, 4)
	copy(a.s, x[:h])
	lvl := order.Median(a.s[:h])
	sd := max(diffSD(x[:h], a.s), robustSD(x[:h], a.s))
	thr := 10 * sd
	for i := h; i < iStim; i++ {
		if math.Abs(x[i]-lvl) > thr {
			// Confirm: an artifact stays out of the band (a single noise spike does not).
			if i+1 < iStim && math.Abs(x[i+1]-lvl) <= thr {
				continue
			}
			return max(i-2, 0)
		}
	}
	return iStim
}

// artifactEnd returns the first sample after the stimulus artifact in z (baseline ≈ 0): from the
// artifact's largest excursion (within 1 ms after its start) forward until its decay reaches 5
// noise SDs or crosses the baseline, where the response takes over.
func (a *Analyzer) artifactEnd(z []float64, iStim int, noise, dt float64) int {
	n := len(z)
	lo := max(iStim-int(0.5e-3/dt), 0)
	hi := min(iStim+int(1e-3/dt)+1, n)
	if hi <= lo {
		return min(iStim, n)
	}
	p := lo
	for i := lo; i < hi; i++ {
		if math.Abs(z[i]) > math.Abs(z[p]) {
			p = i
		}
	}
	thr := 5 * noise
	if math.Abs(z[p]) <= 4*thr {
		return min(iStim+1, n) // no artifact to speak of
	}
	s := math.Copysign(1, z[p])
	i := p
	for i < n && s*z[i] > thr {
		i++
	}
	return min(max(i, iStim+1), n)
}

// responseUnderWay reports whether what artifactEnd took for the stimulus artifact, z[iStim:end],
// is a response already under way at the stimulus (a stimulus placed inside the CMAP): it lasts
// over 1 ms and nothing near the stimulus jumps like an artifact (the steepest step within 0.5 ms
// of it is under 3 times the steepest later on: a pulse's edge takes a sample or two and the
// amplifier's recovery decays from it, while a CMAP's phases take a millisecond or more).
func responseUnderWay(z []float64, iStim, end int, dt float64) bool {
	ms := int(1e-3 / dt)
	if end-iStim <= ms+1 {
		return false
	}
	near, later := 0.0, 0.0
	for i := max(iStim-ms/2, 1); i < end; i++ {
		d := math.Abs(z[i] - z[i-1])
		if i <= iStim+ms/2 {
			near = max(near, d)
		} else {
			later = max(later, d)
		}
	}
	return near < 3*later
}

// restore removes the artifact's exponential decay: it is fitted (log-linear, weighted by the
// squared samples) to the part of the tail after the artifact's largest sample that stands more
// than 10 noise SDs and 5 % of that sample out — where the artifact dominates whatever response
// may have begun — and subtracted
// from every later sample it still reaches. A decay that lasts into the response (a short distal
// latency, a slow amplifier recovery) would otherwise hide the take-off or be taken for the CMAP.
// It returns the new end of the artifact: the first sample after its peak where the restored trace
// is back within 5 noise SDs of baseline (ok false: no decay to fit; end stays).
func (a *Analyzer) restore(z []float64, iStim, end int, noise float64) (int, bool) {
	if end <= iStim+3 {
		return end, false
	}
	// The artifact's largest sample after the stimulus.
	p := iStim
	for i := iStim; i < end; i++ {
		if math.Abs(z[i]) > math.Abs(z[p]) {
			p = i
		}
	}
	s := math.Copysign(1, z[p])
	var sw, st, sy, stt, sty float64
	m := 0
	prev := math.Inf(1)
	floor := max(10*noise, 0.05*math.Abs(z[p]))
	for i := p + 1; i < len(z); i++ {
		v := s * z[i]
		if v < floor || v > prev {
			break // into the noise, or no longer decaying (the response has taken over)
		}
		prev = v
		w := v * v
		t := float64(i - p)
		ly := math.Log(v)
		sw += w
		st += w * t
		sy += w * ly
		stt += w * t * t
		sty += w * t * ly
		m++
	}
	if m < 3 {
		return end, false
	}
	det := sw*stt - st*st
	if det <= 0 {
		return end, false
	}
	slope := (sw*sty - st*sy) / det
	icpt := (sy - slope*st) / sw
	if !(slope < 0) {
		return end, false
	}
	for i := p + 1; i < len(z); i++ {
		r := math.Exp(icpt + slope*float64(i-p))
		if r < 0.01*noise {
			break
		}
		z[i] -= s * r
	}
	// The restored trace is at baseline from where it first comes within 5 noise SDs, inside the
	// fitted samples or after them, however large the artifact still was there: the take-off of a
	// short-latency CMAP may begin before the artifact has decayed.
	e := p + 1
	for e < p+1+m && math.Abs(z[e]) >= 5*noise {
		e++
	}
	return max(e, iStim+1), true
}

func extremes(x []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range x {
		lo = min(lo, v)
		hi = max(hi, v)
	}
	return lo, hi
}

func argmin(x []float64) int {
	k := 0
	for i, v := range x {
		if v < x[k] {
			k = i
		}
	}
	return k
}

func argmax(x []float64) int {
	k := 0
	for i, v := range x {
		if v > x[k] {
			k = i
		}
	}
	return k
}

// measure takes the CMAP measures from a prepared frame.
func (a *Analyzer) measure(fr *sweepFrame, unit string) (CMAP, error) {
	res := nanCMAP(unit)
	res.Baseline = fr.baseline
	res.Inverted = fr.inverted
	res.ArtifactEnd = fr.time(float64(fr.artEnd))
	z := fr.z
	n := len(z)
	searchEnd := n
	if a.opt.SearchEndS > 0 {
		searchEnd = min(n, max(fr.iStim+int(a.opt.SearchEndS/fr.dt), fr.artEnd+1))
	}
	if fr.artEnd >= searchEnd-4 {
		return res, fmt.Errorf("%w: nothing after the stimulus artifact", ErrNoResponse)
	}
	noise := fr.baseline.NoiseSD
	m := argmin(z[fr.artEnd:searchEnd]) + fr.artEnd
	if !(-z[m] > 5*noise) {
		return res, fmt.Errorf("%w: the largest negative deflection, %.3g %s, is within 5 noise SDs (%.3g %s)",
			ErrNoResponse, -z[m], unit, noise, unit)
	}
	pt, pv := localPeak(z, m, fr.artEnd, searchEnd, -1)
	res.NegPeakLatency, res.Amplitude = fr.time(pt), -pv
	amp := -pv

	onset, ok := takeoff(z, m, fr.artEnd, amp, a.opt.OnsetFraction, a.opt.TakeoffLevel, a.opt.TakeoffPreS/fr.dt, noise, 0)
	if ok {
		res.OnsetLatency = fr.time(onset)
	}

	// Negative phase end: the first baseline crossing after the peak.
	ne := crossing(z, m, n, 0, +1)
	if ne >= 0 {
		res.NegEnd = fr.time(ne)
		// Positive peak: the largest sample between the negative end and 20 ms later, local fit.
		hi := min(n, int(ne)+1+int(20e-3/fr.dt))
		if lo := int(ne) + 1; lo < hi {
			q := argmax(z[lo:hi]) + lo
			qt, qv := localPeak(z, q, lo, hi, +1)
			res.PosPeakLatency, res.PeakToPeak = fr.time(qt), qv-pv
			// End: the positive phase back within the onset level.
			lvl := a.opt.OnsetFraction * amp
			if e := crossing(z, q, n, lvl, -1); e >= 0 {
				res.End = fr.time(e)
			}
		}
	}
	if ok && ne >= 0 {
		res.NegDuration = res.NegEnd - res.OnsetLatency
		res.NegArea = -integrate(z, onset, ne, fr.dt)
		if !math.IsNaN(res.End) {
			res.TotalDuration = res.End - res.OnsetLatency
			e := (res.End - fr.t0) / fr.dt
			res.TotalArea = res.NegArea + integrate(z, ne, e, fr.dt)
		}
	}
	return res, nil
}

// crossing returns the fractional index of the first crossing of level after sample from, going up
// (dir +1: z rises through level) or down (dir −1), searching [from, to); −1 when there is none. The
// crossing is placed by a straight line through the two samples beside it.
func crossing(z []float64, from, to int, level float64, dir float64) float64 {
	for i := from; i+1 < to; i++ {
		a, b := dir*(z[i]-level), dir*(z[i+1]-level)
		if a < 0 && b >= 0 {
			return float64(i) + a/(a-b)
		}
	}
	return -1
}

// integrate returns ∫ z over the fractional index range [a, b] times dt: trapezoids between samples,
// linear interpolation at the ends.
func integrate(z []float64, a, b, dt float64) float64 {
	if !(b > a) {
		return 0
	}
	ia, ib := int(math.Ceil(a)), int(math.Floor(b))
	at := func(x float64) float64 {
		i := min(max(int(math.Floor(x)), 0), len(z)-2)
		f := x - float64(i)
		return z[i] + f*(z[i+1]-z[i])
	}
	if ia > ib {
		return (at(a) + at(b)) / 2 * (b - a) * dt
	}
	s := (at(a) + z[ia]) / 2 * (float64(ia) - a)
	for i := ia; i < ib; i++ {
		s += (z[i] + z[i+1]) / 2
	}
	s += (z[ib] + at(b)) / 2 * (b - float64(ib))
	return s * dt
}
