package main

import (
	"fmt"
	"math"
	"strconv"

	"github.com/endplate/endplate/figure"
	"github.com/endplate/endplate/ncs"
	"github.com/spf13/cobra"
)

// ncsFlags are the options every nerve-conduction command shares.
type ncsFlags struct {
	channel  int
	stimMS   float64
	polarity string
	mainsHz  float64
	asJSON   bool
}

func (f *ncsFlags) add(c *cobra.Command, stim bool) {
	jsonFlag(c, &f.asJSON)
	c.Flags().IntVar(&f.channel, "channel", 0, "channel to analyse, from 1 (default: the first recorded in volts)")
	f.addSignal(c, stim)
}

// addSignal adds the flags that say how to read the signal (stimulus, polarity, mains) without
// --channel and --json, for plot, whose --channel serves the voltage-clamp commands as well.
func (f *ncsFlags) addSignal(c *cobra.Command, stim bool) {
	if stim {
		c.Flags().Float64Var(&f.stimMS, "stim-ms", 0, "stimulus time in ms after the start of each sweep (default: from the file or its artifact)")
	}
	c.Flags().StringVar(&f.polarity, "polarity", "measured", "sign of the recording: measured, inverted (negative up) or auto")
	c.Flags().Float64Var(&f.mainsHz, "mains-hz", 0, "mains frequency of the hum to remove: 50 or 60 (default: chosen from the data; -1: none)")
}

// options turns the flags into the library's file options.
func (f *ncsFlags) options(c *cobra.Command) (*ncs.FileOptions, error) {
	o := &ncs.FileOptions{}
	if c.Flags().Changed("channel") {
		if f.channel < 1 {
			return nil, usagef("--channel counts from 1")
		}
		o.Channel, o.ChannelSet = f.channel-1, true
	}
	if c.Flags().Lookup("stim-ms") != nil && c.Flags().Changed("stim-ms") {
		if !(f.stimMS >= 0) || math.IsInf(f.stimMS, 1) {
			return nil, usagef("--stim-ms must be a time ≥ 0 ms")
		}
		o.StimulusS, o.StimulusSet = f.stimMS/1e3, true
	}
	switch f.polarity {
	case "measured", "":
		o.Polarity = ncs.AsMeasured
	case "inverted":
		o.Polarity = ncs.Inverted
	case "auto":
		o.Polarity = ncs.AutoPolarity
	default:
		return nil, usagef("--polarity must be measured, inverted or auto, not %q", f.polarity)
	}
	if f.mainsHz != 0 && f.mainsHz != -1 && !(f.mainsHz >= 20 && f.mainsHz <= 1000) {
		return nil, usagef("--mains-hz must be 50, 60 (another frequency between 20 and 1000) or -1")
	}
	o.MainsHz = f.mainsHz
	return o, nil
}

// ms converts seconds to milliseconds for JSON; NaN stays NaN (null).
func ms(s float64) num { return num(s * 1e3) }

// cmapSweep is a sweep's CMAP as the contract prints it (DESIGN.md, endplate cmap).
type cmapSweep struct {
	Sweep           int  `json:"sweep"` // from 1
	StimMS          num  `json:"stim_ms"`
	OnsetMS         num  `json:"onset_ms"`
	NegPeakMS       num  `json:"neg_peak_ms"`
	AmplitudeMV     num  `json:"amplitude_mv"`
	PeakToPeakMV    num  `json:"peak_to_peak_mv"`
	NegDurationMS   num  `json:"neg_duration_ms"`
	NegAreaMVMS     num  `json:"neg_area_mvms"`
	TotalDurationMS num  `json:"total_duration_ms"`
	TotalAreaMVMS   num  `json:"total_area_mvms"`
	Clipped         bool `json:"clipped"` // the negative peak saturated: amplitude and areas are lower bounds

	err error
}

func newCMAPSweep(s ncs.SweepCMAP) cmapSweep {
	c := s.CMAP
	return cmapSweep{Sweep: s.Sweep + 1, StimMS: ms(s.StimulusS), OnsetMS: ms(c.OnsetLatency),
		NegPeakMS: ms(c.NegPeakLatency), AmplitudeMV: num(c.Amplitude), PeakToPeakMV: num(c.PeakToPeak),
		NegDurationMS: ms(c.NegDuration), NegAreaMVMS: num(c.NegArea * 1e3),
		TotalDurationMS: ms(c.TotalDuration), TotalAreaMVMS: num(c.TotalArea * 1e3), Clipped: c.Clipped, err: s.Err}
}

// cmapReport is what cmap prints for one file.
type cmapReport struct {
	File   string      `json:"file"`
	Sweeps []cmapSweep `json:"sweeps"`
}

func cmapOf(file string, opt *ncs.FileOptions) (*cmapReport, error) {
	sw, err := ncs.CMAPFile(file, opt)
	if err != nil {
		return nil, err
	}
	if err := allFailed(sw); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	r := &cmapReport{File: file, Sweeps: make([]cmapSweep, len(sw))}
	for k, s := range sw {
		r.Sweeps[k] = newCMAPSweep(s)
	}
	return r, nil
}

func (r *cmapReport) text(p *printer) {
	p.title(base(r.File))
	rows := make([][]string, len(r.Sweeps))
	for k, s := range r.Sweeps {
		rows[k] = []string{strconv.Itoa(s.Sweep), fixed(float64(s.StimMS), 2), fixed(float64(s.OnsetMS), 3),
			fixed(float64(s.NegPeakMS), 3), fixed(float64(s.AmplitudeMV), 3), fixed(float64(s.PeakToPeakMV), 3),
			fixed(float64(s.NegDurationMS), 2), fixed(float64(s.NegAreaMVMS), 3), fixed(float64(s.TotalDurationMS), 2)}
	}
	p.table([]string{"sweep", "stim ms", "onset ms", "neg peak ms", "amp mV", "p-p mV", "neg dur ms", "neg area mV·ms", "total dur ms"}, rows)
	for _, s := range r.Sweeps {
		if s.err != nil {
			p.field(fmt.Sprintf("sweep %d", s.Sweep), s.err.Error())
		} else if s.Clipped {
			p.field(fmt.Sprintf("sweep %d", s.Sweep), "clipped: the negative peak saturated, amplitude and areas are lower bounds")
		}
	}
}

func newCMAP(a *app) *cobra.Command {
	var f ncsFlags
	var plotDir string
	c := &cobra.Command{
		Use:   "cmap [--channel N] [--stim-ms T] [--json] FILE...",
		Short: "Measure compound muscle action potentials: onset, peak, amplitude, duration, area",
		Long: `cmap measures the CMAP of every sweep: onset latency (the first deflection, 1 % of the
negative-peak amplitude, from a fitted take-off), negative-peak latency and amplitude
(baseline to peak, local fit), peak-to-peak amplitude, negative-phase duration and area, total
duration and area. Times are in ms from the stimulus, which comes from the file (EDF+
annotation, ABF tag or epoch, a CSV's time zero) or from the stimulus artifact unless --stim-ms
places it. The baseline is offset + drift + mains hum, fitted to the pre-stimulus samples and
the end of the sweep; amplitudes are in mV whatever the file's unit.`,
		Args: needFiles,
		RunE: func(c *cobra.Command, files []string) error {
			opt, err := f.options(c)
			if err != nil {
				return err
			}
			return perFile(a, files, f.asJSON, func(file string) (*cmapReport, error) {
				r, err := cmapOf(file, opt)
				plotIf(a, plotDir, file, err, func() ([]*figure.Figure, error) { return figure.CMAPFile(file, opt) })
				return r, err
			})
		},
	}
	f.add(c, true)
	plotFlag(c, &plotDir)
	return c
}

// allFailed returns the first sweep's error when no sweep could be measured.
func allFailed(sw []ncs.SweepCMAP) error {
	for _, s := range sw {
		if s.Err == nil {
			return nil
		}
	}
	if len(sw) == 0 {
		return fmt.Errorf("no sweeps")
	}
	return sw[0].Err
}
