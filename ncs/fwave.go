package ncs

import (
	"fmt"
	"math"
	"slices"

	"github.com/endplate/endplate/ephys"
	"github.com/endplate/endplate/filters"
	"github.com/endplate/endplate/internal/order"
)

// FWaveOptions set how F-waves are found in a train of supramaximal stimulations. The zero value
// (or nil) gives the defaults.
type FWaveOptions struct {
	FileOptions // channel, stimulus and the M response's CMAP options

	// WindowStartS and WindowEndS bound the F-wave search in seconds after the stimulus. 0 means
	// from the end of the M response (its positive phase back within 1 % of its amplitude, the
	// median over the sweeps; median nerve F-waves come 22–34 ms after wrist stimulation) to 1 ms
	// before the sweep's end.
	WindowStartS, WindowEndS float64

	// MinAmplitudeUV is the smallest peak-to-peak amplitude of an F-wave in µV; 0 means 40 µV, the
	// usual clinical floor (Fisher MA, AAEM minimonograph 13: F-waves, Muscle Nerve 1992;15:1210),
	// raised to NoiseFactor × the smoothed noise SD when the recording is noisier.
	MinAmplitudeUV float64

	// NoiseFactor: 0 means 10 (the peak-to-peak of smoothed noise over a 30 ms window stays below
	// about 7 SDs; 10 leaves a margin so that an absent sweep is not counted).
	NoiseFactor float64

	// SmoothS is the boxcar that smooths the residual before the presence test, in seconds; 0
	// means 0.3 ms, shorter than an F potential's phases (≥ 1 ms), long enough to average 3–15
	// samples of white noise at 10–48 kHz.
	SmoothS float64
}

func (o *FWaveOptions) withDefaults() FWaveOptions {
	var d FWaveOptions
	if o != nil {
		d = *o
	}
	if !(d.MinAmplitudeUV > 0) { // NaN too
		d.MinAmplitudeUV = 40
	}
	if d.NoiseFactor <= 0 {
		d.NoiseFactor = 10
	}
	if d.SmoothS <= 0 {
		d.SmoothS = 0.3e-3
	}
	return d
}

// FWave is one sweep's F-wave. Amplitudes in mV, times in seconds from the stimulus.
type FWave struct {
	Sweep      int     // 0-based
	Present    bool    // an F-wave was found
	Latency    float64 // onset (first deflection, 1 % of its largest phase), NaN when absent
	PeakToPeak float64 // mV, NaN when absent
	Repeater   bool    // the same F-wave (latency and shape) appears in another sweep
	// Unmeasured: the sweep holds no M response (a failed stimulation; the train's M says why), so
	// whether it holds an F-wave cannot be told. It is left out of the train's figures.
	Unmeasured bool
}

// FWaveTrain is the F-wave study of a train of stimulations.
type FWaveTrain struct {
	M          []SweepCMAP // the M response of every sweep
	MAmplitude float64     // median M amplitude (baseline to negative peak), mV
	Sweeps     []FWave

	Persistence      float64 // % of sweeps with an F-wave (of those measured: Omitted and Unmeasured left out)
	MinLatency       float64 // s, NaN without F-waves
	MeanLatency      float64
	MaxLatency       float64
	Chronodispersion float64 // max − min latency, s
	Repeaters        int     // F-waves that repeat another sweep's (same latency within 0.1 ms, same shape)
	FMRatioPct       float64 // mean F peak-to-peak / M amplitude × 100

	Omitted []int // sweeps left out (0-based), shorter than most; Sweeps and M hold the others

	WindowStartS, WindowEndS float64 // the F-wave search window used, s
	ThresholdMV              float64 // the presence threshold used (peak-to-peak), mV
}

// FWaveFile opens path and analyses its sweeps as an F-wave train (FWaves). This is exactly what
// "endplate fwave" prints.
func FWaveFile(path string, opt *FWaveOptions) (FWaveTrain, error) {
	r, err := ephys.Open(path)
	if err != nil {
		return FWaveTrain{}, err
	}
	defer r.Close()
	return FWaves(r, opt)
}

// FWaves analyses every sweep of r as one F-wave train: each sweep's M response is measured as a
// CMAP; the sweeps' common M response (the median across sweeps, each time point taken only from
// sweeps without an F-wave there) is subtracted, so that its long positive tail is not taken for an
// F-wave; a sweep holds an F-wave when the smoothed residual's peak-to-peak amplitude in the late
// window reaches the threshold; its latency is the first deflection, from the same take-off fit as a
// CMAP's onset.
func FWaves(r *ephys.Recording, opt *FWaveOptions) (FWaveTrain, error) {
	o := opt.withDefaults()
	sw, err := Sweeps(r, &o.FileOptions)
	if err != nil {
		return FWaveTrain{}, wrapPath(r, err)
	}
	t, err := FWaveSweeps(sw, &o)
	return t, wrapPath(r, err)
}

// FWaveSweeps analyses prepared sweeps (Sweeps) as an F-wave train. The part of the sweeps that
// all of them hold is analysed, so a sweep that starts or ends more than ShortSweepS later or
// earlier than most (the median) is left out and listed in Omitted: one cut sweep would otherwise
// clip every sweep's search window.
func FWaveSweeps(sw []Sweep, opt *FWaveOptions) (FWaveTrain, error) {
	var keep, omitted []int
	if len(sw) > 0 {
		starts, ends := make([]float64, len(sw)), make([]float64, len(sw))
		for k, s := range sw {
			starts[k], ends[k] = s.Trace.Start, s.Trace.End()
		}
		s0, e0 := order.Median(slices.Clone(starts)), order.Median(slices.Clone(ends))
		for k := range sw {
			if starts[k] > s0+ShortSweepS || ends[k] < e0-ShortSweepS {
				omitted = append(omitted, k)
			} else {
				keep = append(keep, k)
			}
		}
	}
	if len(omitted) == 0 {
		return fwaveSweeps(sw, opt)
	}
	sub := make([]Sweep, len(keep))
	for j, k := range keep {
		sub[j] = sw[k]
	}
	t, err := fwaveSweeps(sub, opt)
	for j := range t.M {
		t.M[j].Sweep = keep[j]
	}
	for j := range t.Sweeps {
		t.Sweeps[j].Sweep = keep[j]
	}
	t.Omitted = omitted
	return t, err
}

// ShortSweepS is how much shorter than most of a train's sweeps (at either end) a sweep may be
// before FWaveSweeps leaves it out: 1 ms, the guard the search window keeps before a sweep's end.
const ShortSweepS = 1e-3

func fwaveSweeps(sw []Sweep, opt *FWaveOptions) (FWaveTrain, error) {
	o := opt.withDefaults()
	if len(sw) == 0 {
		return FWaveTrain{}, fmt.Errorf("%w: no sweeps", ErrNoResponse)
	}
	a := NewAnalyzer(&o.Options)
	// Sweeps are aligned at the stimulus; the common part of every sweep is analysed.
	rate := sw[0].Trace.Rate
	first, last := math.Inf(-1), math.Inf(1)
	for _, s := range sw {
		if s.Trace.Rate != rate {
			return FWaveTrain{}, fmt.Errorf("ncs: sweeps at different sample rates")
		}
		first = max(first, s.Trace.Start)
		last = min(last, s.Trace.End())
	}
	n := int(math.Floor((last-first)*rate + 1e-6))
	if n < 16 {
		return FWaveTrain{}, fmt.Errorf("%w: the sweeps share only %d samples", ErrNoResponse, max(n, 0))
	}
	ns := len(sw)
	z := make([]float64, ns*n) // baseline-corrected sweeps, row k = sweep k
	res := FWaveTrain{M: make([]SweepCMAP, ns), Sweeps: make([]FWave, ns)}
	var negEnds, amps []float64
	var noise float64
	// measureM frames sweep k (its baseline fitted outside ex) and measures its M response.
	measureM := func(k int, ex span) {
		s := sw[k]
		i0 := int(math.Round((first - s.Trace.Start) * rate))
		tr := s.Trace.Slice(i0, i0+n)
		a.exclude = ex
		fr, err := a.frame(tr)
		a.exclude = span{}
		c := nanCMAP(tr.Unit)
		if err == nil {
			c, err = physiological(a.measure(&fr, tr.Unit))
			c.Clipped = err == nil && isClipped(tr, c)
			copy(z[k*n:(k+1)*n], fr.z)
		}
		res.M[k] = SweepCMAP{Sweep: k, StimulusS: s.StimulusS, Source: s.Source, CMAP: c, Err: err, noise: fr.baseline.NoiseSD}
	}
	for k := range sw {
		measureM(k, span{})
	}
	a.agreeOnMains(res.M, func(k int) { measureM(k, span{}) })
	summM := func() {
		negEnds, amps, noise = negEnds[:0], amps[:0], 0
		for _, m := range res.M {
			if m.Err == nil {
				amps = append(amps, m.Amplitude)
				noise += m.noise
				if !math.IsNaN(m.End) {
					negEnds = append(negEnds, m.End)
				} else if !math.IsNaN(m.NegEnd) {
					negEnds = append(negEnds, m.NegEnd+8e-3)
				}
			}
		}
	}
	summM()
	if len(amps) == 0 {
		return res, fmt.Errorf("%w: no sweep holds an M response (sweep 1: %v)", ErrNoResponse, res.M[0].Err)
	}
	noise /= float64(len(amps))

	// The search window.
	dt := 1 / rate
	ws, we := o.WindowStartS, o.WindowEndS
	if !(ws > 0) { // NaN too
		ws = 10e-3
		if len(negEnds) > 0 {
			ws = order.Median(negEnds)
		}
	}
	if !(we > 0) {
		we = first + float64(n)*dt - 1e-3
	}
	// Bounds past the sweep's end are its end: int(+Inf) is no sample index.
	ws, we = min(ws, first+float64(n)*dt), min(we, first+float64(n)*dt)
	i0 := max(int(math.Ceil((ws-first)/dt)), 0)
	i1 := min(int(math.Floor((we-first)/dt)), n)
	res.WindowStartS, res.WindowEndS = first+float64(i0)*dt, first+float64(i1)*dt
	nan := math.NaN()
	res.MinLatency, res.MeanLatency, res.MaxLatency, res.Chronodispersion, res.FMRatioPct = nan, nan, nan, nan, nan
	if i1-i0 < 8 {
		return res, fmt.Errorf("%w: no room for F-waves after the M response (window %.1f–%.1f ms)", ErrNoResponse, ws*1e3, we*1e3)
	}
	w := max(int(math.Round(o.SmoothS*rate)), 1)
	res.ThresholdMV = max(o.MinAmplitudeUV*1e-3, o.NoiseFactor*noise/math.Sqrt(float64(w)))

	tmpl := make([]float64, n)
	mask := make([]bool, ns*n)
	col := make([]float64, ns)
	resid := make([]float64, n)
	smooth := make([]float64, n)
	res.detect(z, tmpl, mask, col, resid, smooth, n, i0, i1, w, first, dt, noise, o.Options)
	res.MAmplitude = order.Median(slices.Clone(amps))
	// What remains after the common M response: the F-waves, for the repeater comparison.
	for k := range ns {
		row := z[k*n : (k+1)*n]
		for i := range row {
			row[i] -= tmpl[i]
		}
	}
	res.summarise(z, n, first, dt)
	return res, nil
}

// template writes, for every time point from tlo on, the median across sweeps of the samples not
// masked.
// Where fewer than three sweeps are free, it continues the M response's tail: an exponential decay
// fitted (log-linear, weighted by the squared values) to the template over the 5 ms before the F
// window at i0, where no F-wave can be; a tail that does not decay there is taken as gone (zero).
//
// med caches the medians (NaN where too few sweeps are free): only the points marked dirty are
// computed again, and their marks cleared.
func template(tmpl, med, z []float64, dirty, mask []bool, col []float64, ns, n, tlo, i0 int, dt float64) {
	need := min(3, ns)
	for i := tlo; i < n; i++ {
		if dirty[i] {
			c := col[:0]
			for k := range ns {
				if !mask[k*n+i] {
					c = append(c, z[k*n+i])
				}
			}
			med[i] = math.NaN()
			if len(c) >= need {
				med[i] = order.Median(c)
			}
			dirty[i] = false
		}
		tmpl[i] = med[i]
	}
	// The tail model, on the template before the window: ln|tail| as a parabola in time, bending
	// down or straight (a unit potential's tail, t²·e^(−t/τ), decays ever faster in log), weighted by
	// the squared values.
	a := max(i0-int(5e-3/dt), 0)
	sign := 1.0
	if a < i0 && !math.IsNaN(tmpl[i0-1]) && tmpl[i0-1] < 0 {
		sign = -1
	}
	var mm [6][6]float64
	var v [6]float64
	m := 0
	for i := a; i < i0; i++ {
		y := sign * tmpl[i]
		if math.IsNaN(y) || y <= 0 {
			continue
		}
		w := y * y
		t := float64(i-i0) * dt * 1e3 // ms, for conditioning
		p := [3]float64{1, t, t * t}
		ly := math.Log(y)
		for j := range 3 {
			v[j] += w * p[j] * ly
			for k := 0; k <= j; k++ {
				mm[j][k] += w * p[j] * p[k]
			}
		}
		m++
	}
	var c [3]float64
	c[0] = math.Inf(-1)
	if m >= 6 {
		var q [3]float64
		if cholSolve(&mm, v[:3], q[:], 3) && q[2] <= 0 && q[1] < 0 {
			c = q
		} else if cholSolve(&mm, v[:2], q[:2], 2) && q[1] < 0 {
			c = [3]float64{q[0], q[1], 0}
		}
	}
	for i := tlo; i < n; i++ {
		if math.IsNaN(tmpl[i]) {
			t := float64(i-i0) * dt * 1e3
			tmpl[i] = sign * math.Exp(c[0]+t*(c[1]+t*c[2]))
		}
	}
}

// maskWindow masks every sweep from i0 on: the first pass's template knows nothing of where the
// F-waves are, so it is the M response's tail model throughout the window.
func maskWindow(mask []bool, ns, n, i0 int) {
	for k := range ns {
		m := mask[k*n : (k+1)*n]
		for i := i0; i < n; i++ {
			m[i] = true
		}
	}
}

// detectF tests one sweep's residual for an F-wave in [i0, i1) and measures it. Latency is returned
// as a fractional sample index.
func detectF(resid, smooth, y []float64, i0, i1 int, thr, noise, dt float64, opt Options, precise bool) (FWave, int) {
	nan := math.NaN()
	f := FWave{Latency: nan, PeakToPeak: nan}
	lo, hi := i0, i0
	for i := i0; i < i1; i++ {
		if smooth[i] < smooth[lo] {
			lo = i
		}
		if smooth[i] > smooth[hi] {
			hi = i
		}
	}
	pp := smooth[hi] - smooth[lo]
	if !(pp >= thr) {
		return f, -1
	}
	f.Present = true
	f.PeakToPeak = pp
	// The F potential's first large phase: the earlier of its two extremes unless it is less than
	// half the other; sign makes that phase negative.
	first, other := lo, hi
	if hi < lo {
		first, other = hi, lo
	}
	m := first
	if math.Abs(smooth[first]) < 0.5*math.Abs(smooth[other]) {
		m = other
	}
	sign := 1.0
	if smooth[m] > 0 {
		sign = -1
	}
	amp := math.Abs(smooth[m])
	if !precise {
		// The rough onset on the smoothed residual: where it has fallen back to 10 % of the phase.
		s := m
		for s > i0 && sign*smooth[s] < -0.1*amp {
			s--
		}
		return f, s
	}
	// y: the unsmoothed residual, sign-corrected.
	for i := i0; i < i1; i++ {
		y[i] = sign * resid[i]
	}
	// Refine the extreme on the unsmoothed residual.
	mm := m
	for i := max(m-3, i0); i < min(m+4, i1); i++ {
		if y[i] < y[mm] {
			mm = i
		}
	}
	// Walking back to where the F-wave has fallen to 10 % of its size: the rough onset.
	s := mm
	for s > i0 && y[s] < -0.1*amp {
		s--
	}
	if _, v := localPeak(y, mm, i0, i1, -1); -v > amp {
		amp = -v
	}
	// What remains of the M response and of the baseline fit under the F-wave is a small level of
	// its own: measured over the 2 ms before the rough onset and taken off before the take-off fit.
	if a, b := max(s-int(2e-3/dt), i0), s-int(0.2e-3/dt); b-a >= 4 {
		lvl := order.Median(slices.Clone(y[a:b]))
		for i := i0; i < i1; i++ {
			y[i] -= lvl
		}
	}
	o := opt.withDefaults()
	on, ok := takeoff(y[:i1], mm, i0, amp, o.OnsetFraction, o.TakeoffLevel, o.TakeoffPreS/dt, noise, 0.1)
	if !ok {
		// Where the take-off cannot be fitted: where the residual leaves the noise band.
		on = float64(mm)
		for on > float64(i0) && y[int(on)] < -2*noise {
			on--
		}
	}
	f.Latency = on
	return f, s
}

// summarise computes the train's figures from the sweeps' F-waves; resid holds each sweep's
// residual after the common M response, row-major with n samples per sweep.
func (t *FWaveTrain) summarise(resid []float64, n int, first, dt float64) {
	var lats []float64
	sumPP := 0.0
	measured := 0
	for _, f := range t.Sweeps {
		if !f.Unmeasured {
			measured++
		}
		if f.Present {
			lats = append(lats, f.Latency)
			sumPP += f.PeakToPeak
		}
	}
	t.Persistence = 100 * float64(len(lats)) / float64(measured)
	if len(lats) == 0 {
		return
	}
	t.MinLatency, t.MaxLatency = slices.Min(lats), slices.Max(lats)
	s := 0.0
	for _, l := range lats {
		s += l
	}
	t.MeanLatency = s / float64(len(lats))
	t.Chronodispersion = t.MaxLatency - t.MinLatency
	if t.MAmplitude > 0 {
		t.FMRatioPct = sumPP / float64(len(lats)) / t.MAmplitude * 100
	}
	// Repeaters: two F-waves whose latencies differ by at most 0.1 ms, whose peak-to-peak
	// amplitudes by at most 10 % and whose first 5 ms correlate at r ≥ 0.95 are the same motor
	// neuron firing again (a repeater: identical latency, amplitude and shape).
	const latTol, rMin, ampTol = 0.1e-3, 0.95, 0.1
	wn := int(5e-3 / dt)
	for i := range t.Sweeps {
		fi := t.Sweeps[i]
		if !fi.Present {
			continue
		}
		for j := range t.Sweeps {
			fj := t.Sweeps[j]
			if i == j || !fj.Present || math.Abs(fi.Latency-fj.Latency) > latTol ||
				math.Abs(fi.PeakToPeak-fj.PeakToPeak) > ampTol*max(fi.PeakToPeak, fj.PeakToPeak) {
				continue
			}
			a := int((fi.Latency - first) / dt)
			b := int((fj.Latency - first) / dt)
			if a < 0 || b < 0 || a+wn > n || b+wn > n {
				continue
			}
			if corr(resid[i*n+a:i*n+a+wn], resid[j*n+b:j*n+b+wn]) >= rMin {
				t.Sweeps[i].Repeater = true
				break
			}
		}
	}
	for _, f := range t.Sweeps {
		if f.Repeater {
			t.Repeaters++
		}
	}
}

// corr is Pearson's correlation of two equal-length slices.
func corr(x, y []float64) float64 {
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= float64(len(x))
	my /= float64(len(y))
	var sxy, sxx, syy float64
	for i := range x {
		a, b := x[i]-mx, y[i]-my
		sxy += a * b
		sxx += a * a
		syy += b * b
	}
	if sxx == 0 || syy == 0 {
		return 0
	}
	return sxy / math.Sqrt(sxx*syy)
}

// detect finds the F-waves of every sweep: the common M response (template) is subtracted, and
// again with the F-waves found masked out of it, until nothing changes (at most three passes).
func (res *FWaveTrain) detect(z, tmpl []float64, mask []bool, col, resid, smooth []float64, n, i0, i1, w int, first, dt, noise float64, opt Options) {
	ns := len(res.Sweeps)
	nan := math.NaN()
	clear(mask)
	maskWindow(mask, ns, n, i0)
	// A sweep without an M response (a failed stimulation) has no part in the common M response.
	for k := range ns {
		if res.M[k].Err != nil {
			for i := range n {
				mask[k*n+i] = true
			}
		}
	}
	// The template is needed from 5 ms before the window (its tail model is fitted there) on, and
	// the residuals only in the window.
	tlo := max(i0-int(5e-3/dt), 0)
	y := make([]float64, n)
	rough := make([]int, ns)
	med := make([]float64, n)
	dirty := make([]bool, n)
	for i := range dirty {
		dirty[i] = true
	}
	// setMask masks sweep k over [a, b) and marks the points whose free sweeps change.
	maskLo, maskHi := make([]int, ns), make([]int, ns)
	for k := range ns {
		maskLo[k], maskHi[k] = i0, n
	}
	setMask := func(k, a, b int) {
		if a == maskLo[k] && b == maskHi[k] {
			return
		}
		m := mask[k*n : (k+1)*n]
		for i := maskLo[k]; i < maskHi[k]; i++ {
			m[i], dirty[i] = false, true
		}
		for i := a; i < b; i++ {
			m[i], dirty[i] = true, true
		}
		maskLo[k], maskHi[k] = a, b
	}
	// Smoothing is linear: the smoothed residual is the smoothed sweep less the smoothed template,
	// so each sweep is smoothed once and the template once per pass.
	wn := i1 - i0
	sz := make([]float64, ns*wn)
	for k := range ns {
		filters.MovingAverage(sz[k*wn:(k+1)*wn], z[k*n+i0:k*n+i1], w)
	}
	st := make([]float64, wn)
	prepare := func(k int, withResid bool) {
		srow := sz[k*wn : (k+1)*wn]
		for i := i0; i < i1; i++ {
			smooth[i] = srow[i-i0] - st[i-i0]
		}
		if withResid {
			row := z[k*n : (k+1)*n]
			for i := i0; i < i1; i++ {
				resid[i] = row[i] - tmpl[i]
			}
		}
	}
	for pass := 0; pass < 5; pass++ {
		template(tmpl, med, z, dirty, mask, col, ns, n, tlo, i0, dt)
		filters.MovingAverage(st, tmpl[i0:i1], w)
		changed := false
		for k := range ns {
			if res.M[k].Err != nil {
				res.Sweeps[k] = FWave{Sweep: k, Latency: nan, PeakToPeak: nan, Unmeasured: true}
				continue
			}
			prepare(k, false)
			// Presence and a rough onset (where the F-wave leaves 10 % of its size) place the mask.
			f, start := detectF(resid, smooth, y, i0, i1, res.ThresholdMV, noise, dt, opt, false)
			if f.Present != res.Sweeps[k].Present || start != rough[k] {
				changed = true
			}
			f.Sweep = k
			res.Sweeps[k], rough[k] = f, start
			// Mask the F-wave (1 ms before it to 15 ms after) out of the next template.
			if f.Present {
				setMask(k, max(start-int(1e-3/dt), 0), min(start+int(15e-3/dt), n))
			} else {
				setMask(k, 0, 0)
			}
		}
		if !changed && pass > 0 {
			break
		}
	}
	// The latencies, by the take-off fit, on the final template.
	for k := range ns {
		if !res.Sweeps[k].Present {
			continue
		}
		prepare(k, true)
		f, _ := detectF(resid, smooth, y, i0, i1, res.ThresholdMV, noise, dt, opt, true)
		f.Sweep = k
		if f.Present {
			f.Latency = first + f.Latency*dt
		}
		res.Sweeps[k] = f
	}
}
