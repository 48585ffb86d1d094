package ncs

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/endplate/endplate/ephys"
	"github.com/endplate/endplate/internal/order"
)

// FileOptions says how to read a recording for analysis: which channel, where the stimulus is, and
// the measurement options. The zero value (or nil) means: the first channel recorded in volts, the
// stimulus from the file or its artifact, the default Options.
type FileOptions struct {
	// Channel is the 0-based channel to analyse. Left at 0 without ChannelSet, the first channel
	// recorded in volts and not named like a stimulus or trigger record (stim, trigger, TTL, sync,
	// marker) is taken (channel 0 when none is).
	Channel int

	// ChannelSet makes Channel binding even when it is 0 (a command line's --channel 1).
	ChannelSet bool

	// StimulusS, when StimulusSet, places the stimulus this many seconds after the start of every
	// sweep, whatever the file says (a command line's --stim-ms).
	StimulusS   float64
	StimulusSet bool

	Options
}

// MaxSweepSamples is the longest sweep, in samples, that the file-level analyses read: 2^22, 210 s at
// 20 kHz. A CMAP or F-wave sweep lasts well under 1 s, and a continuous train cut at its stimulus
// marks (an RNS train, an F-wave series) a few seconds; a longer sweep is a continuous recording, not
// a conduction study, and measuring it would take about 40 bytes a sample (the trace, its mV copy
// and the analysis buffers: 170 MB at this limit), so it is refused before its samples are read.
const MaxSweepSamples = 1 << 22

// MaxUnmarkedS is the longest sweep whose first sample is taken as the stimulus when neither the
// file nor an artifact places it: a conduction study's sweep lasts well under 1 s (a CMAP and its
// F-waves end within about 100 ms of the stimulus); a longer one is a continuous recording, where
// the first sample says nothing about the stimulus and a "response" would be a made-up number.
const MaxUnmarkedS = 1.0

// Stimulus sources, as SweepTrace reports them.
const (
	StimulusGiven    = "given"    // FileOptions.StimulusS
	StimulusFile     = "file"     // an EDF+ annotation, a CSV's time zero, an ABF tag or epoch
	StimulusArtifact = "artifact" // found from the stimulus artifact
	StimulusStart    = "start"    // nothing found: the sweep's first sample
)

// Sweep is one sweep ready for analysis: the chosen channel in mV with its time zero at the
// stimulus.
type Sweep struct {
	Trace     ephys.Trace // samples in mV, Start = −StimulusS
	StimulusS float64     // stimulus time in seconds after the sweep's first sample
	Source    string      // how the stimulus was placed (StimulusGiven, …)
}

// Sweeps reads every sweep of the chosen channel of r, converted to mV, with its time zero at the
// stimulus: given by opt, else marked by the file (EDF+ "Stimulus" annotation, a CSV's time zero, an
// ABF tag or stimulus epoch), else found from the stimulus artifact (FindStimulus), else the sweep's
// first sample (an error in a sweep longer than MaxUnmarkedS). A continuous (one-sweep) recording whose file marks several stimuli is cut into one
// sweep per stimulus (up to 10 ms before it, up to 80 ms after, short of the next). A sweep longer
// than MaxSweepSamples is an error, before its samples are read.
func Sweeps(r *ephys.Recording, opt *FileOptions) ([]Sweep, error) {
	var o FileOptions
	if opt != nil {
		o = *opt
	}
	ch, err := pickChannel(r, o)
	if err != nil {
		return nil, err
	}
	if r.NumSweeps() == 0 {
		return nil, fmt.Errorf("ncs: the recording holds no sweeps")
	}
	marked := fileMarksStimulus(r)
	out := make([]Sweep, 0, r.NumSweeps())
	for sw := range r.NumSweeps() {
		if n := r.SweepLen(ch, sw); n > MaxSweepSamples {
			return nil, fmt.Errorf("ncs: sweep %d holds %d samples, more than MaxSweepSamples (%d): too long for a conduction study",
				sw+1, n, MaxSweepSamples)
		}
		tr, err := r.Trace(ch, sw)
		if err != nil {
			return nil, err
		}
		if tr.Len() == 0 {
			return nil, fmt.Errorf("ncs: sweep %d is empty", sw+1)
		}
		if tr, err = toMV(tr); err != nil {
			return nil, err
		}
		s := Sweep{}
		switch {
		case o.StimulusSet:
			s.StimulusS, s.Source = o.StimulusS, StimulusGiven
		case marked && r.Sweeps[sw].Zero != 0 || marked && isEDF(r.Format):
			s.StimulusS, s.Source = r.Sweeps[sw].Zero, StimulusFile
		default:
			if t, ok := abfStimulus(r, sw); ok {
				s.StimulusS, s.Source = t, StimulusFile
			} else if t, ok := FindStimulus(tr.Data, tr.Rate); ok {
				s.StimulusS, s.Source = t, StimulusArtifact
			} else if d := float64(tr.Len()) / tr.Rate; d > MaxUnmarkedS {
				return nil, fmt.Errorf("ncs: sweep %d: no stimulus marked in the file or found from an artifact, and at %.3g s it is too long to take its first sample as the stimulus (more than %g s): give the stimulus time (--stim-ms, FileOptions.StimulusS)",
					sw+1, d, MaxUnmarkedS)
			} else {
				s.StimulusS, s.Source = 0, StimulusStart
			}
		}
		tr.Start = -s.StimulusS
		s.Trace = tr
		if r.NumSweeps() == 1 && !o.StimulusSet {
			if stims := continuousStimuli(r); len(stims) >= 2 {
				return splitAt(tr, stims), nil
			}
		}
		out = append(out, s)
	}
	return out, nil
}

// continuousStimuli returns the stimulus marks of a one-sweep (continuous) recording, in seconds
// after its first sample and in order: EDF+ "Stimulus" annotations, ABF tags.
func continuousStimuli(r *ephys.Recording) []float64 {
	var ts []float64
	dur := float64(r.SweepLen(0, 0)) / r.Channels[0].Rate
	for _, t := range r.Tags {
		abf := r.Format == ephys.FormatABF1 || r.Format == ephys.FormatABF2
		if !abf && !isStimulusText(t.Text) {
			continue
		}
		if at := t.Time - r.Sweeps[0].Start; at >= 0 && at < dur {
			ts = append(ts, at)
		}
	}
	slices.Sort(ts)
	return ts
}

func isStimulusText(s string) bool {
	f := strings.Fields(s)
	return len(f) > 0 && strings.EqualFold(strings.TrimRight(f[0], ":;,."), "stimulus")
}

// A continuous recording with several stimuli (an RNS train or F-wave series recorded without
// sweeps) is cut into one sweep per stimulus: from up to splitPreS before it (at most half the
// interval to the previous stimulus) to up to splitPostS after it (short of the next one's
// artifact, 1 ms before its mark).
const (
	splitPreS  = 10e-3
	splitPostS = 80e-3
)

// splitAt cuts a continuous trace (time zero at its first sample's −Start) at the stimuli (seconds
// after its first sample).
func splitAt(tr ephys.Trace, stims []float64) []Sweep {
	t0 := tr.Start // the trace's first sample on its own axis
	out := make([]Sweep, 0, len(stims))
	for k, st := range stims {
		from := st - splitPreS
		if k > 0 {
			from = max(from, (stims[k-1]+st)/2)
		}
		to := st + splitPostS
		if k+1 < len(stims) {
			to = min(to, stims[k+1]-1e-3)
		}
		w := tr.Window(t0+from, t0+to)
		if w.Len() < 16 {
			continue
		}
		first := w.Start - t0 // seconds after the recording's first sample
		w.Start = first - st
		out = append(out, Sweep{Trace: w, StimulusS: st - first, Source: StimulusFile})
	}
	return out
}

func isEDF(f ephys.Format) bool {
	return f == ephys.FormatEDF || f == ephys.FormatEDFC || f == ephys.FormatEDFD
}

// fileMarksStimulus reports whether the recording's own time axis is set at the stimulus: an EDF+
// file with a Stimulus annotation, a table whose time column has its zero inside a sweep, an
// in-memory recording with a sweep's Zero set.
func fileMarksStimulus(r *ephys.Recording) bool {
	switch r.Format {
	case ephys.FormatEDF, ephys.FormatEDFC, ephys.FormatEDFD:
		for _, t := range r.Tags {
			if isStimulusText(t.Text) {
				return true
			}
		}
		return false
	case ephys.FormatABF1, ephys.FormatABF2:
		return false // abfStimulus reads the tags and epochs
	}
	// A table's time column, or an in-memory recording whose maker placed the sweeps' zero.
	for _, s := range r.Sweeps {
		if s.Zero != 0 {
			return true
		}
	}
	return false
}

// abfStimulus places the stimulus of an ABF sweep: a tag inside the sweep, else the start of the
// first stimulus epoch (a step or pulse away from the holding level).
func abfStimulus(r *ephys.Recording, sw int) (float64, bool) {
	if r.Format != ephys.FormatABF1 && r.Format != ephys.FormatABF2 {
		return 0, false
	}
	s := r.Sweeps[sw]
	dur := float64(r.SweepLen(0, sw)) / r.Channels[0].Rate
	for _, t := range r.Tags {
		if t.Time >= s.Start && t.Time < s.Start+dur {
			return t.Time - s.Start, true
		}
	}
	for _, e := range r.Epochs {
		if (e.Type == "step" || e.Type == "pulse") && e.Level+e.LevelInc*float64(sw) != holding(r, e.DAC) {
			return e.Start, true
		}
	}
	return 0, false
}

func holding(r *ephys.Recording, dac int) float64 {
	if dac >= 0 && dac < len(r.DACs) {
		return r.DACs[dac].Holding
	}
	return 0
}

// pickChannel returns the channel to analyse.
func pickChannel(r *ephys.Recording, o FileOptions) (int, error) {
	nc := r.NumChannels()
	if nc == 0 {
		return 0, errors.New("ncs: the recording holds no channels")
	}
	if o.ChannelSet || o.Channel != 0 {
		if o.Channel < 0 || o.Channel >= nc {
			return 0, fmt.Errorf("ncs: channel %d out of range: the recording has %d", o.Channel+1, nc)
		}
		return o.Channel, nil
	}
	for k, c := range r.Channels {
		if isVolt(c.Unit) && !isTriggerName(c.Name) {
			return k, nil
		}
	}
	return 0, nil
}

// isTriggerName reports whether a channel's name marks it as a stimulus or trigger record (stim,
// trigger, TTL, sync, marker), which a rig often records in volts beside the EMG but which holds no
// response.
func isTriggerName(name string) bool {
	n := strings.ToLower(name)
	for _, w := range []string{"stim", "trig", "ttl", "sync", "marker"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

func isVolt(u string) bool {
	b, _, err := ephys.ParseUnit(u)
	return err == nil && b == "V"
}

// toMV converts a trace to mV. A trace without a unit is taken to be in mV already; one in another
// quantity is an error.
func toMV(tr ephys.Trace) (ephys.Trace, error) {
	u := strings.TrimSpace(tr.Unit)
	if u == "" || u == "mV" {
		tr.Unit = "mV"
		return tr, nil
	}
	if !isVolt(u) {
		return tr, fmt.Errorf("ncs: channel %q is in %q, not a voltage", tr.Name, tr.Unit)
	}
	return tr.In("mV")
}

// FindStimulus finds a stimulus artifact in the first half of a sweep and returns its time in
// seconds after the sweep's first sample: the sample after the first of the sweep's fastest jumps
// (a first difference at least 30 % of the largest and 30 times the noise of the differences). It
// reports false when nothing in the sweep jumps like an artifact.
func FindStimulus(x []float64, rate float64) (float64, bool) {
	n := len(x) / 2
	if n < 8 || !(rate > 0) {
		return 0, false
	}
	d := make([]float64, n)
	big := 0.0
	for i := range n {
		d[i] = math.Abs(x[i+1] - x[i])
		big = max(big, d[i])
	}
	s := make([]float64, n)
	copy(s, d)
	noise := 1.4826 * order.Median(s)
	if !(big > 30*noise) || big == 0 {
		return 0, false
	}
	thr := max(0.3*big, 30*noise)
	for i, v := range d {
		if v >= thr {
			// The jump lies between samples i and i+1; a stimulator synchronised to the sampling
			// clock starts its pulse at sample i+1.
			return float64(i+1) / rate, true
		}
	}
	return 0, false
}

// SweepCMAP is one sweep's CMAP as the file-level analysis reports it.
type SweepCMAP struct {
	Sweep     int     // 0-based
	StimulusS float64 // stimulus time after the sweep's first sample (s)
	Source    string  // how the stimulus was placed
	CMAP              // measures in mV, mV·s and seconds from the stimulus
	Err       error   // why the sweep could not be measured (its measures are NaN), nil when it could

	noise float64 // the baseline's noise SD
}

// CMAPs measures the CMAP of every sweep of r (see Sweeps for the channel and the stimulus). It
// returns an error when the recording cannot be read; a sweep without a measurable response has its
// Err set and NaN measures. This is exactly what "endplate cmap" prints.
func CMAPs(r *ephys.Recording, opt *FileOptions) ([]SweepCMAP, error) {
	sw, err := Sweeps(r, opt)
	if err != nil {
		return nil, wrapPath(r, err)
	}
	return CMAPSweeps(sw, opt), nil
}

// CMAPSweeps measures the CMAP of every prepared sweep (Sweeps) with opt's Options, as CMAPs does
// after preparing them; a caller that also needs the sweeps (a figure) prepares them once.
func CMAPSweeps(sw []Sweep, opt *FileOptions) []SweepCMAP {
	var o Options
	if opt != nil {
		o = opt.Options
	}
	a := NewAnalyzer(&o)
	out := make([]SweepCMAP, len(sw))
	measure := func(k int) {
		c, err := a.CMAP(sw[k].Trace)
		c, err = physiological(c, err)
		out[k] = SweepCMAP{Sweep: k, StimulusS: sw[k].StimulusS, Source: sw[k].Source, CMAP: c, Err: err}
	}
	for k := range sw {
		measure(k)
	}
	a.agreeOnMains(out, measure)
	return out
}

// MaxCMAPMV is the largest baseline-to-negative-peak amplitude, in mV, taken as a CMAP: twice the
// largest surface CMAPs (hypothenar and thenar muscles of healthy young adults, up to about 20–25
// mV). A larger response is not a muscle's: a stimulus or trigger record, an intracellular or
// mis-scaled channel.
const MaxCMAPMV = 50.0

// physiological refuses, as ErrNoResponse with NaN measures, a CMAP (in mV) beyond MaxCMAPMV.
func physiological(c CMAP, err error) (CMAP, error) {
	if err != nil || !(c.Amplitude > MaxCMAPMV) {
		return c, err
	}
	n := nanCMAP(c.Unit)
	n.Baseline, n.Inverted = c.Baseline, c.Inverted
	return n, fmt.Errorf("%w: an amplitude of %.0f mV is beyond any CMAP (more than %g mV): a stimulus or trigger channel? choose the channel",
		ErrNoResponse, c.Amplitude, MaxCMAPMV)
}

// CMAPFile opens path and measures every sweep's CMAP (CMAPs).
func CMAPFile(path string, opt *FileOptions) ([]SweepCMAP, error) {
	r, err := ephys.Open(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return CMAPs(r, opt)
}

// agreeOnMains gives every sweep of a recording the same hum model: a recording has one mains
// frequency, but a single sweep's few ms of baseline may not tell 50 from 60 Hz, or hum from none.
// When the options leave the choice to the data, the model most sweeps chose is kept and the sweeps
// that chose another are measured again (measure(k)) with it.
func (a *Analyzer) agreeOnMains(res []SweepCMAP, measure func(k int)) {
	if a.opt.MainsHz != 0 || len(res) < 2 {
		return
	}
	votes := map[float64]int{}
	for _, r := range res {
		if r.Err == nil {
			votes[r.Baseline.MainsHz]++
		}
	}
	best, n := 0.0, -1
	for _, hz := range []float64{50, 60, 0} { // ties: the fuller model, 50 Hz first
		if votes[hz] > n {
			best, n = hz, votes[hz]
		}
	}
	saved := a.opt.MainsHz
	a.opt.MainsHz = best
	if best == 0 {
		a.opt.MainsHz = -1
	}
	for k, r := range res {
		if r.Err == nil && r.Baseline.MainsHz != best {
			measure(k)
		}
	}
	a.opt.MainsHz = saved
}

func wrapPath(r *ephys.Recording, err error) error {
	if err == nil || r.Path == "" || strings.Contains(err.Error(), r.Path) {
		return err
	}
	return fmt.Errorf("%s: %w", r.Path, err)
}
