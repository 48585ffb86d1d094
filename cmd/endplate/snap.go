package main

import (
	"fmt"
	"math"
	"strconv"

	"github.com/endplate/endplate/figure"
	"github.com/endplate/endplate/ncs"
	"github.com/spf13/cobra"
)

// snapSweep is one sweep's SNAP as the contract prints it.
type snapSweep struct {
	Sweep        int `json:"sweep"` // from 1
	OnsetMS      num `json:"onset_ms"`
	PeakMS       num `json:"peak_ms"`
	AmplitudeUV  num `json:"amplitude_uv"`
	PeakToPeakUV num `json:"peak_to_peak_uv"`
	VelocityMS   num `json:"velocity_m_s"`
	// Flags against the median sensory limits (antidromic, digit 2; source in the report's reference).
	Flags map[string]string `json:"flags"`

	err error
}

// snapReport is what snap prints for one file (DESIGN.md, endplate snap).
type snapReport struct {
	File      string      `json:"file"`
	Sweeps    []snapSweep `json:"sweeps"`
	Reference string      `json:"reference"` // the limits' source
}

func snapOf(file string, opt *ncs.SNAPOptions) (*snapReport, error) {
	sw, err := ncs.SNAPFile(file, opt)
	if err != nil {
		return nil, err
	}
	r := &snapReport{File: file, Sweeps: make([]snapSweep, len(sw)), Reference: ncs.MedianSensory.Source}
	ok := false
	for k, s := range sw {
		r.Sweeps[k] = snapSweep{Sweep: s.Sweep + 1, OnsetMS: ms(s.OnsetLatency), PeakMS: ms(s.PeakLatency),
			AmplitudeUV: num(s.Amplitude * 1e3), PeakToPeakUV: num(s.PeakToPeak * 1e3), VelocityMS: num(s.Velocity),
			Flags: ncs.MedianSensory.SNAPFlags(s.SNAP, opt.DistanceMM), err: s.Err}
		ok = ok || s.Err == nil
	}
	if !ok {
		return nil, fmt.Errorf("%s: %w", file, sw[0].Err)
	}
	return r, nil
}

func (r *snapReport) text(p *printer) {
	p.title(base(r.File))
	rows := make([][]string, len(r.Sweeps))
	for k, s := range r.Sweeps {
		rows[k] = []string{strconv.Itoa(s.Sweep), fixed(float64(s.OnsetMS), 3), fixed(float64(s.PeakMS), 3),
			fixed(float64(s.AmplitudeUV), 1), fixed(float64(s.PeakToPeakUV), 1), fixed(float64(s.VelocityMS), 1)}
	}
	p.table([]string{"sweep", "onset ms", "peak ms", "amp µV", "p-p µV", "velocity m/s"}, rows)
	for _, s := range r.Sweeps {
		if s.err != nil {
			p.field(fmt.Sprintf("sweep %d", s.Sweep), s.err.Error())
		}
	}
}

func newSNAP(a *app) *cobra.Command {
	var f ncsFlags
	var distance float64
	var plotDir string
	c := &cobra.Command{
		Use:   "snap [--distance-mm D] [--json] FILE...",
		Short: "Sensory nerve action potentials: onset and peak latency, amplitude, velocity",
		Long: `snap measures the sensory nerve action potential of every sweep as cmap measures a CMAP:
onset latency (first deflection), negative-peak latency, amplitude (baseline to negative peak,
µV) and peak to peak; the sensory conduction velocity from the onset latency when
--distance-mm (stimulating cathode to active recording electrode) is given, else null.`,
		Args: needFiles,
		RunE: func(c *cobra.Command, files []string) error {
			fo, err := f.options(c)
			if err != nil {
				return err
			}
			if distance < 0 || math.IsInf(distance, 0) || math.IsNaN(distance) ||
				distance == 0 && c.Flags().Changed("distance-mm") { // an explicit 0 is no distance
				return usagef("--distance-mm must be a positive distance")
			}
			opt := &ncs.SNAPOptions{FileOptions: *fo, DistanceMM: distance}
			return perFile(a, files, f.asJSON, func(file string) (*snapReport, error) {
				r, err := snapOf(file, opt)
				plotIf(a, plotDir, file, err, func() ([]*figure.Figure, error) { return figure.SNAPFile(file, opt) })
				return r, err
			})
		},
	}
	f.add(c, true)
	c.Flags().Float64Var(&distance, "distance-mm", 0, "stimulating cathode to active recording electrode, mm")
	plotFlag(c, &plotDir)
	return c
}
