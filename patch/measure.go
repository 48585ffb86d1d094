package patch

import (
	"errors"
	"fmt"
	"math"
)

// span is one application on a trace, in samples: the response runs from
// on to ret; the baseline is fitted through pre and post (half-open sample
// ranges, possibly empty); off is the given offset (−1 when found from the
// current).
type span struct {
	on, ret   int
	off       int
	pre, post [2]int
	sign      float64
	source    string
	empty     bool // a given window whose current never leaves the noise (see givenSpans)
}

// sweepData is one trace prepared for measurement.
type sweepData struct {
	y     []float64 // current, nA
	fs    float64
	nl    noiseLevel
	lo    float64 // smallest and largest sample (clipping)
	hi    float64
	sweep int

	glitches []int // samples replaced by deglitch, ascending

	// Detection runs on s, the current smoothed over smoothS and kept
	// every q samples (about ten points per smoothing width: the smoothed
	// trace holds nothing faster): s[j] is the mean of the w = q·wq samples
	// centred on block j, the mean of y[j·q : (j+1)·q].
	s     []float64
	q, wq int
	w     int

	yb, ys []float64 // measure's work buffers
}

// grow returns b resized to n, reallocated only when too small.
func grow(b []float64, n int) []float64 {
	if cap(b) < n {
		return make([]float64, n)
	}
	return b[:n]
}

// prepare computes the detection trace: block means of q samples, then a
// boxcar of wq blocks over them (a boxcar of w samples, seen every q).
func (d *sweepData) prepare() {
	w := max(1, int(math.Round(smoothS*d.fs)))
	d.q = max(1, w/10)
	d.wq = max(1, w/d.q)
	d.w = d.q * d.wq
	nb := (len(d.y) + d.q - 1) / d.q
	bm := make([]float64, nb)
	for j := range bm {
		blk := d.y[j*d.q : min((j+1)*d.q, len(d.y))]
		s := 0.0
		for _, v := range blk {
			s += v
		}
		bm[j] = s / float64(len(blk))
	}
	d.s = smooth(bm, bm, d.wq)
}

// sample converts an index of the detection trace into a sample index.
func (d *sweepData) sample(j int) int { return min(j*d.q, len(d.y)) }

// lightWidth is the boxcar that locates the peak and the crossings before
// they are measured on the raw samples: 20 ms (one period of 50 Hz hum),
// at least 3 samples.
func lightWidth(fs float64) int { return max(3, int(math.Round(0.02*fs))|1) }

// measure makes every measure of one application.
func (d *sweepData) measure(sp span, maxN int) Response {
	y, fs := d.y, d.fs
	dt := 1 / fs
	r := Response{Sweep: d.sweep, Source: sp.source}
	nan := math.NaN()
	r.Peak, r.Amplitude, r.PeakTime, r.TimeToPeak, r.Rise1090 = nan, nan, nan, nan, nan
	r.THalf, r.SteadyToPeak, r.Charge = nan, nan, nan
	r.Onset = float64(sp.on) * dt
	r.Return = float64(sp.ret) * dt
	r.Offset = r.Return
	if sp.off >= 0 {
		r.Offset = float64(sp.off) * dt
	}

	// Baseline: a line through the quiet samples before the onset and
	// after the washout, in time relative to the onset.
	var ls lineSums
	for _, rg := range [][2]int{sp.pre, sp.post} {
		ls.addRange(y[rg[0]:rg[1]], float64(rg[0]-sp.on)*dt, dt)
	}
	npre, npost := sp.pre[1]-sp.pre[0], sp.post[1]-sp.post[0]
	switch {
	case npre == 0 && npost == 0:
		r.Flags |= FlagNoBaseline
		r.Baseline.Level = y[sp.on]
	case npre == 0 || npost == 0:
		// One side only: its mean; a slope from one short side would be
		// extrapolated across the whole response.
		r.Baseline.Level = ls.sy / ls.n
	default:
		r.Baseline.Level, r.Baseline.DriftPS = ls.coef()
	}
	r.Baseline.NoiseSD = d.nl.sd
	for _, g := range d.glitches {
		if g >= sp.pre[0] && g < max(sp.post[1], sp.ret) {
			r.Flags |= FlagGlitch
			break
		}
	}
	base := func(i int) float64 { return r.Baseline.Level + r.Baseline.DriftPS*float64(i-sp.on)*dt }

	if sp.empty {
		// A given window without a response: nothing to measure but the
		// baseline (noise measures would look like a response's).
		r.Flags |= FlagNoResponse
		r.DecayErr = fmt.Errorf("patch: no response: the current stays within %d noise SDs (%.3g nA) of its level before the onset between %.6g and %.6g s",
			detectSD, detectSD*d.nl.sd, r.Onset, r.Offset)
		return r
	}
	end := sp.ret
	if sp.off >= 0 {
		end = max(end, min(len(y), sp.off+1))
	}
	if end-sp.on < 4 {
		r.DecayErr = errors.New("patch: response shorter than 4 samples")
		r.Flags |= FlagFitFailed
		return r
	}
	// Work buffers, reused from one application to the next of this sweep
	// (nothing returned points into them).
	d.yb = grow(d.yb, end-sp.on)
	d.ys = grow(d.ys, end-sp.on)
	yb := d.yb // baseline subtracted, from the onset
	for k := range yb {
		yb[k] = y[sp.on+k] - base(sp.on+k)
	}
	sign := sp.sign
	ys := smooth(d.ys, yb, lightWidth(fs))

	// Peak: extreme of the lightly smoothed current, then a local cubic.
	// With a given offset the peak must lie in the application: after it
	// the agonist is being washed out, and the current there may belong to
	// another response.
	np := len(ys)
	if sp.off >= 0 {
		np = min(np, sp.off-sp.on+1)
	}
	i0 := 0
	for k := range ys[:np] {
		if ys[k]*sign > ys[i0]*sign {
			i0 = k
		}
	}
	pk, pos, edge := localPeak(yb, ys, sign, i0, 0, np, d.nl.sd, lightWidth(fs))
	r.Peak, r.Amplitude = pk, math.Abs(pk)
	r.PeakTime = r.Onset + pos*dt
	r.TimeToPeak = pos * dt
	if edge || i0 == 0 || i0 == np-1 {
		r.Flags |= FlagPeakAtEdge
	}

	// Rise: 10 % and 90 % crossings going back from the peak, linearly
	// interpolated between the samples around each.
	ip := min(int(pos), len(yb)-1)
	t10 := crossBack(yb, sign, 0.1*r.Amplitude, ip)
	t90 := crossBack(yb, sign, 0.9*r.Amplitude, ip)
	if !math.IsNaN(t10) && !math.IsNaN(t90) && t90 >= t10 {
		r.Rise1090 = (t90 - t10) * dt
	}
	// The onset from the 100 ms detection smoothing lies up to half its
	// width early; move it to where the 20 ms smoothing leaves the
	// baseline by boundarySD of its own noise, going back from the 10 %
	// crossing. Found from the current only: a given onset stays.
	if sp.off < 0 && !math.IsNaN(t10) {
		thr := boundarySD * d.nl.sd / math.Sqrt(float64(lightWidth(fs)))
		k := int(t10)
		for k > 0 && ys[k]*sign > thr {
			k--
		}
		r.Onset += float64(k) * dt
		r.TimeToPeak -= float64(k) * dt
	}

	// Charge: trapezoid from the onset to the return.
	q := 0.0
	for k := 1; k < sp.ret-sp.on && k < len(yb); k++ {
		q += 0.5 * (yb[k-1] + yb[k])
	}
	r.Charge = q * dt

	// Clipping: samples at the trace's extreme value, three in a row.
	run := 0
	for k := range yb {
		v := y[sp.on+k]
		if v == d.lo || v == d.hi {
			run++
			if run >= 3 {
				r.Flags |= FlagClipped
				break
			}
		} else {
			run = 0
		}
	}
	// Drift across the response larger than the noise and 1 % of the peak.
	if dr := math.Abs(r.Baseline.DriftPS) * float64(sp.ret-sp.on) * dt; dr > 3*d.nl.sd && dr > 0.01*r.Amplitude {
		r.Flags |= FlagDrift
	}

	// Decay window: from the end of the agonist exchange (peak + three
	// 10–90 % rise times) to the offset.
	rise := r.Rise1090
	if math.IsNaN(rise) {
		rise = 0
	}
	from := int(math.Ceil(pos+3*rise*fs)) + 1
	to := sp.ret - sp.on
	if sp.off >= 0 {
		to = min(to, sp.off-sp.on)
	}
	// The washout collapses the current on the time scale of the exchange
	// (two rise times, Δ); desensitisation in agonist is much slower. The
	// washout is where the current, well above the noise, loses more than
	// half its size within Δ and most in absolute terms (in agonist that would take a
	// time constant shorter than the exchange); the first fit ends 2Δ
	// before that stretch begins, and fitDecay cuts what is left of the washout from the
	// residuals. Without such a collapse (the current decays into the
	// noise, or the washout is slow) the first fit runs to the return.
	to = min(to, len(ys))
	exch := max(lightWidth(fs), int(math.Ceil(2*rise*fs)))
	sdL := d.nl.sd / math.Sqrt(float64(lightWidth(fs)))
	collapse := func(k int) bool {
		a, b := ys[k-exch]*sign, ys[k]*sign
		return a > 10*sdL && a-b > 0.5*a
	}
	kc, drop := -1, 0.0
	for k := to - 1; k-exch > from; k-- {
		if d := (ys[k-exch] - ys[k]) * sign; d > drop && collapse(k) {
			kc, drop = k, d
		}
	}
	if kc >= 0 {
		// From the steepest moment back to the first moment of this
		// collapse: its window then starts within about Δ of the washout.
		for kc-1-exch > from && collapse(kc-1) {
			kc--
		}
		to = max(from, kc-2*exch)
	}
	wash := to
	if kc >= 0 {
		wash = max(from, kc-exch)
	}
	dec, off, err := d.fitDecay(yb, from, to, maxN, rise)
	if sp.off < 0 {
		if off < 0 {
			off = wash
		}
		r.Offset = float64(sp.on+off) * dt
	}
	if err != nil {
		r.DecayErr = err
		r.Flags |= FlagFitFailed
	} else {
		dec.From += float64(sp.on) * dt
		dec.To += float64(sp.on) * dt
		r.Decay = dec
		for _, ci := range dec.TauCI {
			if !(ci[0] > 0) || math.IsInf(ci[1], 1) || math.IsNaN(ci[1]) {
				r.Flags |= FlagTauOpen
			}
		}
	}

	// T0.5: from the peak to where the current, still in agonist, has
	// fallen to half the peak. Where that happens inside the fit window it
	// is read from the fitted curve (noise-free); before it, from the
	// samples.
	half := 0.5 * r.Amplitude
	switch {
	case r.Decay != nil && r.Decay.At(r.Decay.From)*sign > half:
		if t, ok := r.Decay.crossing(sign, half, r.Offset); ok {
			r.THalf = t - r.PeakTime
		}
	default:
		lim := len(yb)
		if from < lim && r.Decay != nil {
			lim = from + 1
		}
		for k := ip; k+1 < lim; k++ {
			if ys[k+1]*sign <= half {
				a, b := ys[k]*sign, ys[k+1]*sign
				r.THalf = (float64(k)+(a-half)/(a-b))*dt - pos*dt
				break
			}
		}
	}

	// Steady state relative to the peak: the fitted in-agonist current at
	// the offset.
	if r.Decay != nil {
		r.SteadyToPeak = r.Decay.At(r.Offset) / r.Peak
	}
	return r
}

// crossBack returns the fractional index, going back from ip, where
// sign·y first falls to level (linear interpolation), NaN if never.
func crossBack(y []float64, sign, level float64, ip int) float64 {
	for k := ip; k > 0; k-- {
		if y[k-1]*sign <= level {
			a, b := y[k-1]*sign, y[k]*sign
			if b == a {
				return float64(k)
			}
			// Clamped: when y[k] is below the level too (the peak from a
			// local fit above every sample), the line is no crossing.
			return float64(k-1) + min(max((level-a)/(b-a), 0), 1)
		}
	}
	return math.NaN()
}

// crossing returns the time (s) in [From, lim] at which sign·(fitted
// current) falls to level, by bisection on the monotone part; false when it
// does not fall that far by lim.
func (d *Decay) crossing(sign, level, lim float64) (float64, bool) {
	a, b := d.From, lim
	if !(b > a) || d.At(b)*sign > level {
		return 0, false
	}
	for range 60 {
		m := 0.5 * (a + b)
		if d.At(m)*sign > level {
			a = m
		} else {
			b = m
		}
	}
	return 0.5 * (a + b), true
}

// fitDecay fits the decay on yb[from:to) (indices from the onset) and
// looks for where the current leaves its in-agonist course: a run of
// residuals beyond boundarySD smoothed-noise SDs at the end of the window
// (what is left of the washout). When there is one the window is cut a
// smoothing width before it and the decay refitted. It returns the fit
// (times relative to the onset), the offset index (−1 if no departure was
// found) and an error when no fit is possible.
func (d *sweepData) fitDecay(yb []float64, from, to int, maxN int, rise float64) (*Decay, int, error) {
	dt := 1 / d.fs
	if to-from < 12 {
		return nil, -1, fmt.Errorf("patch: decay window of %d samples is too short to fit", max(0, to-from))
	}
	bin := decayBin(to-from, rise, d.fs)
	fitOn := func(to int) (ExpFit, error) {
		nb := (to - from) / bin
		tb := make([]float64, nb)
		yv := make([]float64, nb)
		inv := 1 / float64(bin)
		for j := range tb {
			tb[j] = (float64(j*bin) + 0.5*float64(bin-1)) * dt
			s := 0.0
			for _, v := range yb[from+j*bin : from+(j+1)*bin] {
				s += v
			}
			yv[j] = s * inv
		}
		return FitExpAuto(tb, yv, maxN)
	}
	fit, err := fitOn(to)
	if err != nil {
		return nil, -1, fmt.Errorf("patch: decay fit: %w", err)
	}
	dec := &Decay{ExpFit: fit, Bin: bin}
	// Residuals at the end of the window, smoothed, scanned back.
	m := min(to-from, 20*d.w)
	res := make([]float64, m)
	for k := range res {
		i := to - m + k
		res[k] = yb[i] - dec.At(float64(i-from)*dt)
	}
	rs := smooth(nil, res, d.w)
	thr := boundarySD * d.nl.sdSmooth
	k := len(rs)
	for k > 0 && math.Abs(rs[k-1]) > thr {
		k--
	}
	off := -1
	if k < len(rs) && k > 0 {
		off = to - m + k
		// The smoothed residual leaves its band half a smoothing width
		// before the raw current does; stop a whole width earlier.
		if nt := max(from+12*bin, off-d.w); nt < to {
			to = nt
			if fit, err = fitOn(to); err != nil {
				return nil, off, fmt.Errorf("patch: decay fit: %w", err)
			}
			dec = &Decay{ExpFit: fit, Bin: bin}
		}
	}
	to = from + (to-from)/bin*bin
	dec.From, dec.To = float64(from)*dt, float64(to-1)*dt
	for i, b := range dec.AtBound {
		if b {
			// A time constant on the search bound is not a measured one:
			// the window does not resolve the decay.
			return nil, off, fmt.Errorf("patch: decay fit: time constant %.3g s on the search bound (%d points over %.3g s do not resolve the decay)",
				dec.Tau[i], dec.N, dec.To-dec.From)
		}
	}
	return dec, off, nil
}

// decayBin is how many samples the decay fit averages into one point: bin
// means of a sum of exponentials are again such a sum with the same time
// constants, so averaging loses no information about them as long as a bin
// is short against the fastest decay. A bin is at most half a 10–90 % rise
// time (the exchange, faster than any decay fitted after it) and no
// longer than needed to leave ~1024 points, so that a long window at a
// high rate costs what a short one does.
func decayBin(n int, rise, fs float64) int {
	b := n / 1024
	if lim := int(0.5 * rise * fs); b > lim {
		b = lim
	}
	return max(1, b)
}
