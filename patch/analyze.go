package patch

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/endplate/endplate/ephys"
	"github.com/endplate/endplate/internal/order"
	"gonum.org/v1/gonum/floats"
)

// Options controls Analyze. The zero value (or nil) means the defaults.
type Options struct {
	// Channel is the channel analysed, 0-based, when ChannelSet; otherwise
	// the first channel recorded in amperes (a two-electrode clamp file
	// often stores the membrane potential too), or channel 0 when none
	// says so. It must be in a unit of current (A with an SI prefix); a
	// channel without a unit is read as nA.
	Channel    int
	ChannelSet bool

	// Apps gives the applications (onset, offset in seconds from the start
	// of each sweep), as a perfusion protocol would; nil finds them from
	// the file's tags, its DAC epochs, or the current itself.
	Apps []Window

	// MaxComponents is the largest number of exponential components of the
	// decay fit (1 to 3); 0 means 2 (mono- or bi-exponential), the
	// desensitisation of muscle nicotinic receptors.
	MaxComponents int

	// MinRelative is the smallest response kept when responses are found
	// from the current, relative to the file's largest; 0 means 0.05
	// (DESIGN.md). A response must also reach 10 SD of the baseline noise.
	MinRelative float64

	// MeasureWeak measures a given application (Apps, tags, epochs) even
	// when its current stays within 10 SD of the baseline noise, as a
	// dose–response series needs at its lowest concentrations (responses
	// down to a fraction of the noise). Without it such an application is
	// reported with FlagNoResponse and NaN measures: what would be
	// measured is noise.
	MeasureWeak bool
}

// Analysis is the result of Analyze: every application found in a file, in
// order of sweep and time.
type Analysis struct {
	File      string // the recording's path, "" for an in-memory one
	Channel   int    // 0-based
	Unit      string // the channel's own unit; the measures are in nA
	Responses []Response
}

// AnalyzeFile opens path and analyses it (see Analyze). Errors name the
// file.
func AnalyzeFile(path string, opt *Options) (*Analysis, error) {
	rec, err := ephys.Open(path)
	if err != nil {
		return nil, err
	}
	defer rec.Close()
	a, err := Analyze(rec, opt)
	if err != nil {
		if !strings.Contains(err.Error(), path) {
			err = fmt.Errorf("%s: %w", path, err)
		}
		return nil, err
	}
	return a, nil
}

// ErrNoResponse is returned (wrapped) when a recording holds no response.
var ErrNoResponse = errors.New("patch: no response found")

// Analyze measures every agonist application of one channel of a
// recording: it converts the current to nA, finds the applications (given
// in opt.Apps, else from the file's tags or epochs, else from the current
// itself), and measures each response (see Response). This is exactly
// what `endplate ach` prints.
//
// Found from the current, a response is a stretch where the current,
// smoothed over 100 ms, leaves a baseline that follows slow drift by more
// than 10 SD of the baseline noise, and whose size is at least MinRelative
// of the largest in the file (all sweeps). Its onset is where the smoothed
// current comes back to within 4 SD (of the smoothed noise) of the level
// before it, its return where it meets the baseline after it.
//
// It returns an error wrapping ErrNoResponse when nothing is found, and an
// error for a channel that does not exist or is not a current.
func Analyze(rec *ephys.Recording, opt *Options) (*Analysis, error) {
	var o Options
	if opt != nil {
		o = *opt
	}
	if o.MaxComponents <= 0 {
		o.MaxComponents = 2
	}
	if o.MinRelative <= 0 {
		o.MinRelative = 0.05
	}
	if !o.ChannelSet {
		o.Channel = currentChannel(rec)
	}
	if err := noTrace(rec); err != nil {
		return nil, err
	}
	if o.Channel < 0 || o.Channel >= rec.NumChannels() {
		return nil, fmt.Errorf("channel %d does not exist: the recording has %d", o.Channel+1, rec.NumChannels())
	}
	unit := rec.Channels[o.Channel].Unit
	scale := 1.0
	if strings.TrimSpace(unit) != "" {
		f, err := ephys.Scale(unit, "nA")
		if err != nil {
			if !o.ChannelSet {
				return nil, fmt.Errorf("no channel is recorded in amperes (channel %d is in %q)", o.Channel+1, unit)
			}
			return nil, fmt.Errorf("channel %d is in %q, not a current", o.Channel+1, unit)
		}
		scale = f
	}
	an := &Analysis{File: rec.Path, Channel: o.Channel, Unit: unit}

	sweeps := make([]*sweepData, rec.NumSweeps())
	var scratch []float64
	for sw := range sweeps {
		tr, err := rec.Trace(o.Channel, sw)
		if err != nil {
			return nil, err
		}
		if !(tr.Rate > 0) || math.IsInf(tr.Rate, 0) {
			return nil, fmt.Errorf("sweep %d: sample rate %v Hz", sw+1, tr.Rate)
		}
		y := tr.Data // Trace's samples are the caller's: scaled in place
		lo, hi := math.Inf(1), math.Inf(-1)
		for i, v := range tr.Data {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("sweep %d: sample %d is %v", sw+1, i, v)
			}
			v *= scale
			y[i] = v
			if v < lo {
				lo = v
			}
			if v > hi {
				hi = v
			}
		}
		d := &sweepData{y: y, fs: tr.Rate, sweep: sw, lo: lo, hi: hi}
		d.prepare()
		if cap(scratch) < min(len(y), noiseBlocks*noiseBlock) {
			scratch = make([]float64, 0, min(len(y), noiseBlocks*noiseBlock))
		}
		d.nl = estimateNoise(y, d.s, d.wq, scratch)
		if g := deglitch(y, detectSD*d.nl.sd); g != nil {
			// The noise estimate (medians) barely saw the glitches; the
			// detection trace, the baseline means and the extremes did.
			d.glitches = g
			d.lo, d.hi = floats.Min(y), floats.Max(y)
			d.prepare()
			d.nl = estimateNoise(y, d.s, d.wq, scratch)
		}
		sweeps[sw] = d
	}

	windows := o.Apps
	source := "given"
	if windows == nil {
		windows, source = markedWindows(rec)
	}
	var spans [][]span
	if windows != nil {
		spans = givenSpans(sweeps, windows, source, o.MeasureWeak, scratch)
	} else {
		spans = foundSpans(sweeps, o.MinRelative, commandSteps(rec), scratch)
	}
	for sw, d := range sweeps {
		for _, sp := range spans[sw] {
			an.Responses = append(an.Responses, d.measure(sp, o.MaxComponents))
		}
	}
	if len(an.Responses) == 0 && len(o.Apps) > 0 {
		return an, fmt.Errorf("%w: no given application lies within the recording (the first: %g–%g s)",
			ErrNoResponse, o.Apps[0].Onset, o.Apps[0].Offset)
	}
	if len(an.Responses) == 0 {
		return an, fmt.Errorf("%w (no stretch of the current outside the command steps reaches 10 SD of its noise)", ErrNoResponse)
	}
	return an, nil
}

// deglitch replaces every isolated one-sample spike of y by the mean of its
// two neighbours and returns the spikes' indices. A spike leaves both
// neighbours, in the same direction, by more than thr (10 raw-noise SD:
// never reached by Gaussian noise, whose sample-to-sample differences are
// at most √2 SD) while the neighbours agree with each other to half that
// step. An agonist response cannot do this: perfusion exchanges over
// 0.1 s or more, so its rise and desensitisation span several samples at
// any sampling rate the current can be measured at (a one-sample peak is
// not a resolved response). Such a sample is an ADC or file glitch; left
// in, one of −1.3·10⁹ nA made the baseline mean, and so every measure,
// absurd (QA item 5). When more than 1 % of the samples qualify they are
// the signal (hum near the Nyquist frequency, say), not glitches, and
// nothing is changed.
func deglitch(y []float64, thr float64) []int {
	if !(thr > 0) {
		return nil
	}
	var idx []int
	for i := 1; i+1 < len(y); i++ {
		a, b := y[i]-y[i-1], y[i]-y[i+1]
		m := math.Min(math.Abs(a), math.Abs(b))
		if a*b > 0 && m > thr && math.Abs(y[i+1]-y[i-1]) < 0.5*m {
			idx = append(idx, i)
			if len(idx) > max(1, len(y)/100) {
				return nil
			}
		}
	}
	for _, i := range idx {
		y[i] = 0.5 * (y[i-1] + y[i+1])
	}
	return idx
}

// noTrace explains a recording without a channel: a Qtrac MEM file is a
// CMAP scan (stimulus–response points), not a sampled trace; otherwise
// "channel 1 does not exist: the recording has 0" would be all a user saw.
func noTrace(rec *ephys.Recording) error {
	if rec.NumChannels() > 0 {
		return nil
	}
	if rec.Scan != nil {
		return errors.New("a Qtrac MEM file is a CMAP scan and holds no current trace (analyse it with endplate cmapscan)")
	}
	return errors.New("the recording holds no channel")
}

// currentChannel is the first channel recorded in amperes, else 0.
func currentChannel(rec *ephys.Recording) int {
	for k, c := range rec.Channels {
		if f, err := ephys.Scale(c.Unit, "A"); err == nil && f > 0 && strings.TrimSpace(c.Unit) != "" {
			return k
		}
	}
	return 0
}

// postWait is how long after a response's return its post-washout baseline
// starts: 1 s or four smoothing widths, whichever is longer, so that the
// end of deactivation stays out of the baseline.
func postWait(d *sweepData) int { return max(4*d.w, int(d.fs)) }

// foundSpans finds the applications from the current of every sweep.
// A stretch briefer than two smoothing widths is dropped as an artifact. A
// stretch that starts while the voltage command steps away from holding
// (or within two smoothing widths after it returns) is the membrane's
// passive answer to the step — capacitive and leak currents of a test
// pulse — not a response to agonist, and is dropped.
func foundSpans(sweeps []*sweepData, minRel float64, steps func(sweep int) [][2]float64, scratch []float64) [][]span {
	cores := make([][]core, len(sweeps))
	largest := 0.0
	for sw, d := range sweeps {
		st := steps(sw)
		for _, c := range findCores(d.s, d.fs/float64(d.q), d.nl) {
			// Perfusion takes at least a tenth of a second to exchange and
			// an agonist response lasts longer still: a stretch shorter
			// than two smoothing widths is an artifact (a valve click, an
			// electrical spike), not a response. At the lowest rates
			// (a smoothing width of one or two samples) it must also span
			// four samples, what measure needs for a peak, a rise and a
			// decay: a two-sample spike at 10 Hz is no response either.
			if c.end-c.start < max(2*d.wq, (4+d.q-1)/d.q) {
				continue
			}
			t := float64(d.sample(c.start)) / d.fs
			locked := false
			for _, e := range st {
				locked = locked || (t >= e[0]-float64(d.w)/d.fs && t <= e[1]+2*float64(d.w)/d.fs)
			}
			if !locked {
				cores[sw] = append(cores[sw], c)
			}
		}
		for _, c := range cores[sw] {
			largest = math.Max(largest, c.amp)
		}
	}
	out := make([][]span, len(sweeps))
	for sw, d := range sweeps {
		var keep []core
		for _, c := range cores[sw] {
			if c.amp >= minRel*largest {
				keep = append(keep, c)
			}
		}
		// Onsets and returns on the detection trace, then in samples.
		n := len(d.s)
		ons := make([]int, len(keep))
		for i, c := range keep {
			lim := 0
			if i > 0 {
				lim = keep[i-1].end
			}
			ons[i] = onsetBefore(d.s, c, d.fs/float64(d.q), d.nl, lim, scratch)
		}
		rets := make([]int, len(keep))
		for i, c := range keep {
			hi := n
			if i+1 < len(keep) {
				hi = max(c.end, ons[i+1]-d.wq)
			}
			rets[i] = returnAfter(d.s, c, hi, d.wq, d.nl)
		}
		for i := range keep {
			ons[i] = d.sample(ons[i])
			rets[i] = d.sample(rets[i])
		}
		for i, c := range keep {
			sp := span{on: ons[i], ret: rets[i], off: -1, sign: c.sign, source: "current"}
			sp.pre, sp.post = quietAround(d, ons, rets, i)
			out[sw] = append(out[sw], sp)
		}
	}
	return out
}

// quietAround returns the baseline segments of application i: from the
// previous return (plus postWait) to its onset (less one smoothing width),
// and from its return (plus postWait) to the next onset.
func quietAround(d *sweepData, ons, rets []int, i int) (pre, post [2]int) {
	n := len(d.y)
	a := 0
	if i > 0 {
		a = min(rets[i-1]+postWait(d), ons[i])
	}
	pre = [2]int{a, max(a, ons[i]-d.w)}
	b := n
	if i+1 < len(ons) {
		b = max(rets[i], ons[i+1]-d.w)
	}
	post = [2]int{min(b, rets[i]+postWait(d)), b}
	return pre, post
}

// givenSpans places the given windows on every sweep. The response's sign
// is the file's: that of the largest deviation from the level before an
// onset over all applications (all are recorded at one holding potential).
//
// Unless weak, a window where the smoothed current never leaves the level
// before its onset by detectSD raw-noise SDs (the threshold of a response
// found from the current, DESIGN.md) holds no response: its span is marked
// empty and ends at the given offset, so that nothing after the window (a
// later response, whose return the backward search would find) is
// measured in its name.
func givenSpans(sweeps []*sweepData, ws []Window, source string, weak bool, scratch []float64) [][]span {
	ws = append([]Window(nil), ws...)
	sort.Slice(ws, func(i, j int) bool { return ws[i].Onset < ws[j].Onset })
	out := make([][]span, len(sweeps))
	best, sign := 0.0, -1.0
	for _, d := range sweeps {
		n := len(d.y)
		for _, w := range ws {
			on := clampIndex(w.Onset*d.fs, n)
			off := clampIndex(w.Offset*d.fs, n)
			if off <= on {
				continue
			}
			on, off = on/d.q, min(off/d.q+1, len(d.s))
			a := max(0, on-int(d.fs)/d.q)
			level := order.Median(append(scratch[:0], d.s[a:max(a+1, on)]...))
			for _, v := range d.s[min(on, off-1):off] {
				if dv := math.Abs(v - level); dv > best {
					best, sign = dv, math.Copysign(1, v-level)
				}
			}
		}
	}
	for sw, d := range sweeps {
		n := len(d.y)
		var ons, offs []int
		var empty []bool
		for _, w := range ws {
			on := clampIndex(w.Onset*d.fs, n)
			off := clampIndex(w.Offset*d.fs, n)
			if off > on {
				ons, offs = append(ons, on), append(offs, off)
				empty = append(empty, !weak && !leavesLevel(d, on, off, scratch))
			}
		}
		rets := make([]int, len(ons))
		lims := make([]int, len(ons)) // end of each window's post-washout baseline
		cores := findCores(d.s, d.fs/float64(d.q), d.nl)
		for i := range ons {
			hi := n
			if i+1 < len(ons) {
				hi = max(offs[i], ons[i+1]-d.w)
			}
			lims[i] = n
			// A response (of the file's sign) that starts after this
			// window's offset — the current came back and left its
			// baseline again — is not this application's washout nor its
			// baseline: the return and the baseline after it lie before
			// that response's onset (the backward search from hi would
			// otherwise end at its return and integrate its charge).
			for _, c := range cores {
				if st := d.sample(c.start); c.sign == sign && st > offs[i]+d.w && st < hi {
					j := onsetBefore(d.s, c, d.fs/float64(d.q), d.nl, offs[i]/d.q, scratch)
					hi = max(offs[i], d.sample(j)-d.w)
					lims[i] = hi
					break
				}
			}
			if empty[i] {
				rets[i] = offs[i]
				continue
			}
			rets[i] = d.sample(returnAfter(d.s, core{end: offs[i] / d.q}, min(hi/d.q, len(d.s)), d.wq, d.nl))
		}
		for i := range ons {
			sp := span{on: ons[i], ret: rets[i], off: offs[i], sign: sign, source: source, empty: empty[i]}
			sp.pre, sp.post = quietAround(d, ons, rets, i)
			sp.post[1] = max(sp.post[0], min(sp.post[1], lims[i]))
			out[sw] = append(out[sw], sp)
		}
	}
	return out
}

// leavesLevel reports whether the detection trace of d leaves, between
// samples on and off, the level of the second before on (its median) by
// more than detectSD raw-noise SDs.
func leavesLevel(d *sweepData, on, off int, scratch []float64) bool {
	on, off = on/d.q, min(off/d.q+1, len(d.s))
	a := max(0, on-int(d.fs)/d.q)
	level := order.Median(append(scratch[:0], d.s[a:max(a+1, on)]...))
	for _, v := range d.s[min(on, off-1):off] {
		if math.Abs(v-level) > detectSD*d.nl.sd {
			return true
		}
	}
	return false
}

func clampIndex(x float64, n int) int {
	if !(x > 0) {
		return 0
	}
	if x >= float64(n-1) {
		return n - 1
	}
	return int(math.Round(x))
}

// commandSteps returns, per sweep, the stretches (s from the start of the
// sweep) where the voltage command (the first DAC in volts) leaves its
// holding level, from the protocol's epoch table.
func commandSteps(rec *ephys.Recording) func(sweep int) [][2]float64 {
	dac := -1
	for k, d := range rec.DACs {
		if _, err := ephys.Scale(d.Unit, "mV"); err == nil {
			dac = k
			break
		}
	}
	return func(sw int) [][2]float64 {
		if dac < 0 {
			return nil
		}
		hold := rec.DACs[dac].Holding
		var out [][2]float64
		for _, e := range rec.Epochs {
			if e.DAC != dac || e.Type == "off" {
				continue
			}
			lvl := e.Level + e.LevelInc*float64(sw)
			dur := e.Duration + e.DurationInc*float64(sw)
			if lvl != hold && dur > 0 {
				out = append(out, [2]float64{e.Start, e.Start + dur})
			}
		}
		return out
	}
}

// markedWindows reads applications from the file's own markers: ABF tags
// whose texts name an agonist application and its washout, in pairs (a
// continuous recording); else the step epochs of an auxiliary analog output
// that drives a perfusion valve (see valveWindows). It returns nil when the
// file has neither.
func markedWindows(rec *ephys.Recording) ([]Window, string) {
	var ts []float64
	for _, t := range rec.Tags {
		if agonistWord(t.Text) {
			ts = append(ts, t.Time)
		}
	}
	if len(ts) >= 2 && len(ts)%2 == 0 && rec.NumSweeps() == 1 {
		start := rec.Sweeps[0].Start
		var ws []Window
		for i := 0; i+1 < len(ts); i += 2 {
			ws = append(ws, Window{Onset: ts[i] - start, Offset: ts[i+1] - start})
		}
		return ws, "tag"
	}
	if ws := valveWindows(rec); ws != nil {
		return ws, "epoch"
	}
	return nil, ""
}

// valveWindows returns the step epochs of an auxiliary analog output — a
// DAC that Clampex does not name as an amplifier command ("Cmd n") — that
// leave its holding level for at least 0.5 s: how a protocol opens a
// perfusion valve. Amplifier commands and short pulses are not agonist
// applications. The first sweep's timing is used for every sweep.
func valveWindows(rec *ephys.Recording) []Window {
	var ws []Window
	for _, e := range rec.Epochs {
		if e.DAC < 0 || e.DAC >= len(rec.DACs) || e.Type != "step" {
			continue
		}
		d := rec.DACs[e.DAC]
		if strings.HasPrefix(strings.ToLower(strings.TrimSpace(d.Name)), "cmd") {
			continue
		}
		if e.Level != d.Holding && e.Duration >= 0.5 {
			ws = append(ws, Window{Onset: e.Start, Offset: e.Start + e.Duration})
		}
	}
	return ws
}

// agonistWord reports whether a marker's text names an application or a
// washout: one of its words is an agonist, "wash", "on" or "off".
func agonistWord(s string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
		switch w {
		case "ach", "acetylcholine", "agonist", "carbachol", "nmda", "glutamate", "gaba", "drug",
			"wash", "washout", "on", "off", "application", "apl":
			return true
		}
	}
	return false
}
