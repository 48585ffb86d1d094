package main

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/endplate/endplate/figure"
	"github.com/endplate/endplate/ncs"
	"github.com/spf13/cobra"
)

// fwaveSweep is one sweep's F-wave as the contract prints it.
type fwaveSweep struct {
	Sweep       int   `json:"sweep"`   // from 1
	Present     *bool `json:"present"` // null: no M response (a failed stimulation), presence unmeasurable
	LatencyMS   num   `json:"latency_ms"`
	AmplitudeUV num   `json:"amplitude_uv"`
	Repeater    bool  `json:"repeater"`
	// MClipped: the sweep's M response saturated at its negative peak (its amplitude a lower bound).
	MClipped bool `json:"m_clipped"`
	// NoM says why the sweep has no M response; the sweep is then left out of the figures.
	NoM string `json:"no_m_response,omitempty"`
}

// fwaveReport is what fwave prints for one file (DESIGN.md, endplate fwave).
type fwaveReport struct {
	File               string       `json:"file"`
	MAmplitudeMV       num          `json:"m_amplitude_mv"`
	Sweeps             []fwaveSweep `json:"sweeps"`
	PersistencePct     num          `json:"persistence_pct"`
	MinLatencyMS       num          `json:"min_latency_ms"`
	MeanLatencyMS      num          `json:"mean_latency_ms"`
	MaxLatencyMS       num          `json:"max_latency_ms"`
	ChronodispersionMS num          `json:"chronodispersion_ms"`
	Repeaters          int          `json:"repeaters"`
	FMRatioPct         num          `json:"f_m_ratio_pct"`
	WindowMS           [2]num       `json:"window_ms"`
	ThresholdUV        num          `json:"threshold_uv"`
	// OmittedSweeps (from 1): the sweeps left out of persistence and latencies: shorter than most
	// (not in sweeps), or without an M response (in sweeps with present null).
	OmittedSweeps []int     `json:"omitted_sweeps"`
	short         []int     // from 1: the sweeps left out as shorter than most
	Reference     reference `json:"reference"`
}

func fwaveOf(file string, opt *ncs.FWaveOptions) (*fwaveReport, error) {
	t, err := ncs.FWaveFile(file, opt)
	if err != nil {
		return nil, err
	}
	r := &fwaveReport{File: file, MAmplitudeMV: num(t.MAmplitude), Sweeps: make([]fwaveSweep, len(t.Sweeps)),
		PersistencePct: num(t.Persistence), MinLatencyMS: ms(t.MinLatency), MeanLatencyMS: ms(t.MeanLatency),
		MaxLatencyMS: ms(t.MaxLatency), ChronodispersionMS: ms(t.Chronodispersion), Repeaters: t.Repeaters,
		FMRatioPct: num(t.FMRatioPct), WindowMS: [2]num{ms(t.WindowStartS), ms(t.WindowEndS)},
		ThresholdUV: num(t.ThresholdMV * 1e3), Reference: reference{ncs.MedianMotor.Source, ncs.MedianMotor.FWaveFlags(t)}}
	r.OmittedSweeps = []int{}
	for _, sw := range t.Omitted {
		r.short = append(r.short, sw+1)
		r.OmittedSweeps = append(r.OmittedSweeps, sw+1)
	}
	for k, f := range t.Sweeps {
		s := fwaveSweep{Sweep: f.Sweep + 1, LatencyMS: ms(f.Latency), AmplitudeUV: num(f.PeakToPeak * 1e3), Repeater: f.Repeater}
		if f.Unmeasured {
			s.NoM = "no M response"
			if k < len(t.M) && t.M[k].Err != nil {
				s.NoM = t.M[k].Err.Error()
			}
			r.OmittedSweeps = append(r.OmittedSweeps, s.Sweep)
		} else {
			s.Present = &f.Present
		}
		s.MClipped = k < len(t.M) && t.M[k].Err == nil && t.M[k].Clipped
		r.Sweeps[k] = s
	}
	slices.Sort(r.OmittedSweeps)
	return r, nil
}

func (r *fwaveReport) text(p *printer) {
	p.title(base(r.File))
	p.field("M amplitude (mV)", fixed(float64(r.MAmplitudeMV), 2))
	p.field("persistence (%)", fixed(float64(r.PersistencePct), 0))
	p.field("latency min / mean / max (ms)", fixed(float64(r.MinLatencyMS), 2)+" / "+fixed(float64(r.MeanLatencyMS), 2)+" / "+fixed(float64(r.MaxLatencyMS), 2))
	p.field("chronodispersion (ms)", fixed(float64(r.ChronodispersionMS), 2))
	p.field("repeaters", strconv.Itoa(r.Repeaters))
	p.field("F/M ratio (%)", fixed(float64(r.FMRatioPct), 2))
	p.field("against median F limits", flagText(r.Reference.Flags))
	if len(r.short) > 0 {
		p.field("left out (shorter than most)", fmt.Sprint(r.short))
	}
	var clipped []int
	for _, s := range r.Sweeps {
		if s.NoM != "" {
			p.field(fmt.Sprintf("left out: sweep %d", s.Sweep), "no M response, F-wave unmeasurable ("+s.NoM+")")
		}
		if s.MClipped {
			clipped = append(clipped, s.Sweep)
		}
	}
	if len(clipped) > 0 {
		p.field("M response clipped", fmt.Sprint(clipped)+": the negative peak saturated, M amplitude and F/M ratio are bounds")
	}
	p.field("search window (ms)", fixed(float64(r.WindowMS[0]), 1)+"–"+fixed(float64(r.WindowMS[1]), 1)+", threshold "+fixed(float64(r.ThresholdUV), 0)+" µV")
	rows := make([][]string, len(r.Sweeps))
	for k, s := range r.Sweeps {
		pres := "no"
		if s.Present == nil {
			pres = "no M"
		} else if *s.Present {
			pres = "yes"
			if s.Repeater {
				pres = "repeater"
			}
		}
		rows[k] = []string{strconv.Itoa(s.Sweep), pres, fixed(float64(s.LatencyMS), 2), fixed(float64(s.AmplitudeUV), 0)}
	}
	p.table([]string{"sweep", "F-wave", "latency ms", "amplitude µV"}, rows)
}

func newFWave(a *app) *cobra.Command {
	var f ncsFlags
	var plotDir string
	var from, to, minUV float64
	c := &cobra.Command{
		Use:   "fwave [--json] FILE...",
		Short: "F-waves over a train: persistence, latencies, chronodispersion, repeaters, F/M ratio",
		Long: `fwave takes every sweep of a file as one supramaximal stimulation of an F-wave train. The
M response common to the sweeps is removed (so its long positive tail is not taken for an
F-wave); a sweep holds an F-wave when the smoothed remainder in the late window reaches
--min-uv peak to peak (40 µV, raised on a noisy recording). Latency is the F potential's first
deflection. Prints persistence, minimal, mean and maximal latency, chronodispersion,
repeaters and the F/M amplitude ratio.`,
		Args: needFiles,
		RunE: func(c *cobra.Command, files []string) error {
			fo, err := f.options(c)
			if err != nil {
				return err
			}
			if !(from >= 0 && to >= 0 && minUV >= 0) || math.IsInf(from+to+minUV, 1) || (to > 0 && to <= from) {
				return usagef("--from-ms, --to-ms and --min-uv must be positive, --to-ms after --from-ms")
			}
			opt := &ncs.FWaveOptions{FileOptions: *fo, WindowStartS: from / 1e3, WindowEndS: to / 1e3, MinAmplitudeUV: minUV}
			return perFile(a, files, f.asJSON, func(file string) (*fwaveReport, error) {
				r, err := fwaveOf(file, opt)
				plotIf(a, plotDir, file, err, func() ([]*figure.Figure, error) { return one(figure.FWaveFile(file, opt)) })
				return r, err
			})
		},
	}
	f.add(c, true)
	c.Flags().Float64Var(&from, "from-ms", 0, "start of the F-wave window in ms after the stimulus (default: 8 ms after the M response's negative phase)")
	c.Flags().Float64Var(&to, "to-ms", 0, "end of the F-wave window (default: the sweep's end)")
	c.Flags().Float64Var(&minUV, "min-uv", 0, "smallest F-wave, peak to peak in µV (default 40)")
	plotFlag(c, &plotDir)
	return c
}
